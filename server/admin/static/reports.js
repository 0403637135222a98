// The Reports section: queue figures for a day, week, month or year per service, counter,
// officer or site, and the annual satisfaction summary. The table is the report; the
// charts repeat it for the eye and describe themselves in words for screen readers.
import { api, ApiError } from '/static/common/api.js';
import { $, fill, h } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { bi, both, choice, choiceBoth, korean, refusal } from './words.js';

// The choices in the order offered; their words are the catalog's (choice.report_period.*,
// choice.report_group.*, and the feedback kinds' choice.kind.*).
const PERIODS = ['day', 'week', 'month', 'year'];
const GROUPS = ['service', 'counter', 'officer', 'site'];
const FEEDBACK = ['complaint', 'praise', 'suggestion'];

const dash = (value) => (value === null || value === undefined ? '—' : value);
const percent = (share) => (share === null || share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`);
const minutes = (t) => (t.mean === null ? '—' : `${t.mean} / ${t.p90}`);
// The share within target by the measure that applies to the row: its cases when it is
// a service judged on cases, else its visits.
const targetShare = (r) => (r.measure === 'cases' ? r.cases.share_target : r.target.share);

// The figures' columns: the catalog key of the heading, the value of a row.
const COLUMNS = [
  ['report.column.tickets', (r) => r.tickets], ['report.column.served', (r) => r.served],
  ['report.column.no_shows', (r) => r.no_shows], ['report.column.cancelled', (r) => r.cancelled],
  ['report.column.transfers', (r) => r.transfers],
  ['report.column.waiting_min_mean_p90', (r) => minutes(r.waiting)],
  ['report.column.walking_min_mean_p90', (r) => minutes(r.walking)],
  ['report.column.service_min_mean_p90', (r) => minutes(r.service)],
  // 즉시 services are judged on visits; longer periods on cases (docs/reports.md).
  ['report.column.visits_within_target', (r) => `${percent(r.target.share)} (${r.target.within}/${r.target.served})`],
  ['report.column.cases_within_target', (r) => `${percent(r.cases.share_target)} (${r.cases.within_target}/${r.cases.judged})`],
  ['report.column.cases_within_legal_period', (r) => `${percent(r.cases.share_period)} (${r.cases.within_period}/${r.cases.judged})`],
  ['report.column.cases_open_overdue', (r) => `${r.cases.open} · ${r.cases.overdue}`],
  ['report.column.ratings', (r) => `${r.ratings.count} · ${dash(r.ratings.mean)}`],
  ['report.column.feedback', (r) => FEEDBACK.map((k) => r.feedback[k]).join(' · ')],
  // Visitors offered the certificate machine or Government24 online: went there · took a ticket anyway.
  ['report.column.self_service', (r) => `${r.self_service.machine} · ${r.self_service.ticket} (${percent(r.self_service.share_machine)})`],
];

let Chart = null;

// A wide table scrolls sideways in its box, which the keyboard can reach (a scrolling
// region must be focusable to be read).
const scrolling = (table) => h('div', { class: 'report-scroll', tabindex: '0' }, table);

function loadChart() {
  Chart ??= new Promise((resolve, reject) => {
    const script = h('script', { src: '/vendor/chart.js/chart.umd.min.js' });
    script.onload = () => resolve(window.Chart);
    script.onerror = () => reject(new Error('Chart.js did not load'));
    document.head.append(script);
  });
  return Chart;
}

const charts = [];
function clearCharts() { while (charts.length) charts.pop().destroy(); }

// A chart with its words: the canvas is an image whose label says what it shows.
async function chart(title, description, config) {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}: ${description}` });
  const figure = h('figure', { class: 'report-chart' }, h('figcaption', {}, title), h('div', { class: 'report-canvas' }, canvas));
  try {
    const ChartJs = await loadChart();
    charts.push(new ChartJs(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } }));
  } catch (error) {
    figure.append(h('p', { class: 'hint' }, both('report.charts_unavailable')));
  }
  return figure;
}

const today = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);  // Seoul

function select(id, field, options, value) {
  return h('select', { id }, options.map((key) => h('option', { value: key, selected: key === value }, choiceBoth(field, key))));
}

export async function drawReports(siteId) {
  clearCharts();
  const form = h('form', { class: 'report-pick', 'aria-label': both('report.settings') },
    h('label', { for: 'report-period' }, bi('label.period'), select('report-period', 'report_period', PERIODS, 'month')),
    h('label', { for: 'report-date' }, bi('label.date'), h('input', { id: 'report-date', type: 'date', value: today(), required: true })),
    h('label', { for: 'report-group' }, bi('label.grouping'), select('report-group', 'report_group', GROUPS, 'service')),
    h('button', { type: 'submit', class: 'primary' }, bi('button.show')));
  const yearForm = h('form', { class: 'report-pick', 'aria-label': both('report.annual') },
    h('label', { for: 'report-year' }, bi('label.year'),
      h('input', { id: 'report-year', type: 'number', min: 2000, max: 2100, value: today().slice(0, 4), required: true })),
    h('button', { type: 'submit' }, bi('report.annual')),
    h('button', { type: 'button', id: 'report-surveys', onclick: () => show(result, () => surveys(siteId)) },
      bi('report.surveys')));
  const result = h('div', { id: 'report-result', 'aria-live': 'polite' });
  fill($('panel-body'), form, yearForm, result);

  const query = () => new URLSearchParams({ site_id: siteId, period: $('report-period').value,
    date: $('report-date').value, group: $('report-group').value }).toString();
  form.onsubmit = (event) => { event.preventDefault(); show(result, () => figures(query())); };
  yearForm.onsubmit = (event) => {
    event.preventDefault();
    show(result, () => annual(new URLSearchParams({ site_id: siteId, year: $('report-year').value }).toString()));
  };
  await show(result, () => figures(query()));
}

async function show(result, draw) {
  clearCharts();
  fill(result, h('p', { class: 'hint' }, both('list.loading')));
  try {
    fill(result, ...(await draw()));
  } catch (failure) {
    if (!(failure instanceof ApiError)) throw failure;
    fill(result, h('p', { class: 'form-error', role: 'alert' }, refusal(failure, 'reports')));
  }
}

function download(path, query) {
  return h('a', { class: 'button-link', href: `/api/v1${path}?${query}`, download: '' }, bi('report.download_csv'));
}

async function figures(query) {
  const { report } = await api(`/reports?${query}`);
  const heading = h('h2', {}, `${report.period.label} (${report.period.from} ~ ${report.period.to}) `,
    bi(`choice.report_group.${report.group}`));
  if (!report.rows.length) return [heading, h('p', { class: 'hint' }, both('report.no_tickets')), download('/reports/export', query)];
  const row = (r, head = 'td') => h('tr', {}, h('th', { scope: 'row' }, r.label), COLUMNS.map(([, get]) => h(head, {}, get(r))));
  const table = h('table', { class: 'report-table' },
    h('caption', {}, both('report.caption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, bi('column.name')), COLUMNS.map(([label]) => h('th', { scope: 'col' }, bi(label))))),
    h('tbody', {}, report.rows.map((r) => row(r))),
    h('tfoot', {}, row(report.total)));
  const labels = report.rows.map((r) => r.label);
  // The rows' figures in words for the charts' descriptions, each in its unit (unit.*).
  const words = (get, unit) => report.rows.map((r) => `${r.label} ${get(r) === null ? '—' : korean(unit, { n: get(r) })}`).join(', ');
  const volume = await chart(both('chart.volume'),
    korean('chart.volume.description', { tickets: words((r) => r.tickets, 'unit.count'), waiting: words((r) => r.waiting.mean, 'unit.minutes') }), {
      type: 'bar',
      data: { labels, datasets: [
        { label: both('chart.tickets'), data: report.rows.map((r) => r.tickets), backgroundColor: '#256ef4', yAxisID: 'count' },
        { label: both('chart.mean_waiting'), type: 'line', data: report.rows.map((r) => r.waiting.mean), borderColor: '#d63d4a', backgroundColor: '#d63d4a', yAxisID: 'minutes' }] },
      options: { scales: { count: { position: 'left', beginAtZero: true }, minutes: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } },
    });
  const target = await chart(both('chart.within_target'),
    words((r) => (targetShare(r) === null ? null : Math.round(targetShare(r) * 100)), 'unit.percent'), {
      type: 'bar',
      data: { labels, datasets: [{ label: both('chart.within_target.dataset'), data: report.rows.map((r) => (targetShare(r) === null ? null : targetShare(r) * 100)), backgroundColor: '#228738' }] },
      options: { scales: { y: { min: 0, max: 100 } } },
    });
  return [heading, h('div', { class: 'report-actions' }, download('/reports/export', query)), scrolling(table),
    h('div', { class: 'report-charts' }, volume, target)];
}

async function annual(query) {
  const { summary } = await api(`/reports/satisfaction?${query}`);
  // A table of figures: its caption and headings are catalog keys (a heading may be [key, vars]).
  const simple = (caption, head, rows) => h('table', { class: 'report-table' }, h('caption', {}, both(caption)),
    h('thead', {}, h('tr', {}, head.map((column) => h('th', { scope: 'col' }, bi(...[].concat(column)))))),
    h('tbody', {}, rows.map(([label, ...cells]) => h('tr', {}, h('th', { scope: 'row' }, label), cells.map((c) => h('td', {}, dash(c)))))));
  const scored = (s) => [s.count, dash(s.mean), ...Object.values(s.scores)];
  const scoreHead = ['report.column.rating_count', 'report.column.mean', ...[1, 2, 3, 4, 5].map((n) => ['ratings.score', { n }])];
  const survey = summary.kiosk_survey;
  const months = await chart(both('chart.by_month'),
    summary.months.map((m) => korean('chart.by_month.description', { month: m.month, n: m.count, mean: dash(m.mean) })).join(', '), {
      type: 'bar',
      data: { labels: summary.months.map((m) => m.month.slice(5)), datasets: [
        { label: both('report.column.rating_count'), data: summary.months.map((m) => m.count), backgroundColor: '#256ef4', yAxisID: 'count' },
        { label: both('chart.mean_score'), type: 'line', data: summary.months.map((m) => m.mean), borderColor: '#d63d4a', backgroundColor: '#d63d4a', yAxisID: 'score' }] },
      options: { scales: { count: { position: 'left', beginAtZero: true }, score: { position: 'right', min: 1, max: 5, grid: { drawOnChartArea: false } } } },
    });
  return [
    h('h2', {}, bi('title.satisfaction_year', { year: summary.year })),
    h('div', { class: 'report-actions' }, download('/reports/satisfaction/export', query)),
    h('p', { class: 'report-headline' }, [
      korean('report.headline.ratings', { n: summary.ratings.count,
        mean: summary.ratings.mean === null ? '—' : msg('ratings.score', { n: summary.ratings.mean }) }),
      korean('report.headline.survey', { n: survey.answers, share: percent(survey.share_useful) }),
      FEEDBACK.map((k) => `${choice('kind', k)} ${summary.feedback[k]}`).join(', ')].join(' · ')),
    scrolling(simple('title.by_month', ['report.column.month', ...scoreHead], summary.months.map((m) => [m.month, ...scored(m)]))),
    h('div', { class: 'report-charts' }, months),
    scrolling(simple('title.by_service', ['report.column.service', ...scoreHead], summary.services.map((s) => [s.label, ...scored(s)]))),
    simple('title.top_reasons', ['column.reason', 'report.column.count'], summary.reasons.map((r) => [choice('reason', r.reason), r.count])),
    simple('title.kiosk_survey', ['report.column.page', 'report.column.answers', 'report.column.useful'],
      survey.pages.map((p) => [p.title, p.answers, percent(p.share_useful)])),
    simple('title.feedback', ['filter.kind', 'report.column.count'], FEEDBACK.map((k) => [choiceBoth('kind', k), summary.feedback[k]])),
  ];
}

// The site's satisfaction surveys, newest first: per question the answers, how many chose
// each value and the mean; a question answered by too few visitors shows no figures.
async function surveys(siteId) {
  const { surveys: list } = await api(`/reports/surveys?site_id=${siteId}`);
  if (!list.length) return [h('h2', {}, bi('report.surveys')), h('p', { class: 'hint' }, both('report.surveys.none'))];
  return [h('h2', {}, bi('report.surveys')), ...list.flatMap((survey) => {
    const values = [...new Set(survey.questions.flatMap((q) => Object.keys(q.distribution || {})))]
      .sort((a, b) => Number(a) - Number(b));
    const hidden = bi('report.surveys.hidden', { n: survey.min_group });
    return [
      h('h3', {}, `${survey.titles.ko} (${survey.starts_on} ~ ${survey.ends_on}) `,
        survey.responses === null ? '' : korean('report.surveys.responses', { n: survey.responses })),
      h('div', { class: 'report-actions' }, h('a', { class: 'button-link', download: '',
        href: `/api/v1/reports/surveys/${survey.survey_id}/export` }, bi('report.download_csv'))),
      scrolling(h('table', { class: 'report-table', dataset: { survey: survey.survey_id } },
        h('caption', {}, both('report.surveys.distribution')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, bi('column.question')), h('th', { scope: 'col' }, bi('column.scale')),
          h('th', { scope: 'col' }, bi('report.column.answers')), h('th', { scope: 'col' }, bi('report.column.mean')),
          values.map((v) => h('th', { scope: 'col' }, v)))),
        h('tbody', {}, survey.questions.map((q) => h('tr', { dataset: { question: q.question_id } },
          h('th', { scope: 'row' }, q.texts.ko), h('td', {}, choice('scale', q.scale)),
          q.hidden ? h('td', { colspan: 2 + values.length }, hidden)
            : [h('td', {}, q.count), h('td', {}, dash(q.mean)),
              values.map((v) => h('td', {}, dash(q.distribution[v])))]))))),
    ];
  })];
}
