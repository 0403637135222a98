// The Reports section: queue figures for a day, week, month or year per service, counter,
// officer or site, and the annual satisfaction summary. The table is the report; the
// charts repeat it for the eye and describe themselves in words for screen readers.
import { api, ApiError } from '/static/common/api.js';
import { $, fill, h } from '/static/common/dom.js';
import { bi, en, refusal } from './words.js';


const PERIODS = [['day', '일', 'Day'], ['week', '주', 'Week'], ['month', '월', 'Month'], ['year', '연', 'Year']];
const GROUPS = [['service', '업무별', 'Per service'], ['counter', '창구별', 'Per counter'],
  ['officer', '담당자별', 'Per officer'], ['site', '기관별', 'Per site']];
const REASONS = { kind: '친절함', clear: '설명이 알기 쉬움', quick: '처리가 빠름', short_wait: '대기가 짧음',
  unkind: '불친절함', unclear: '설명이 어려움', slow: '처리가 느림', long_wait: '대기가 김', sent_elsewhere: '다른 곳으로 안내됨' };
const FEEDBACK = [['complaint', '불만', 'Complaints'], ['praise', '칭찬', 'Praise'], ['suggestion', '제안', 'Suggestions']];

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
  ['report.column.feedback', (r) => FEEDBACK.map(([k]) => r.feedback[k]).join(' · ')],
];

let Chart = null;
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
    figure.append(h('p', { class: 'hint' }, '그래프를 그릴 수 없습니다. 표를 보세요. · Charts unavailable: see the table.'));
  }
  return figure;
}

const today = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);  // Seoul

function select(id, options, value) {
  return h('select', { id }, options.map(([key, ko, english]) => h('option', { value: key, selected: key === value }, `${ko} · ${english}`)));
}

export async function drawReports(siteId) {
  clearCharts();
  const form = h('form', { class: 'report-pick', 'aria-label': '보고서 조건 Report settings' },
    h('label', { for: 'report-period' }, bi(['기간', 'Period']), select('report-period', PERIODS, 'month')),
    h('label', { for: 'report-date' }, bi(['날짜', 'Date']), h('input', { id: 'report-date', type: 'date', value: today(), required: true })),
    h('label', { for: 'report-group' }, bi(['묶음', 'Grouping']), select('report-group', GROUPS, 'service')),
    h('button', { type: 'submit', class: 'primary' }, bi(['보기', 'Show'])));
  const yearForm = h('form', { class: 'report-pick', 'aria-label': '연간 만족도 Annual satisfaction' },
    h('label', { for: 'report-year' }, bi(['연도', 'Year']),
      h('input', { id: 'report-year', type: 'number', min: 2000, max: 2100, value: today().slice(0, 4), required: true })),
    h('button', { type: 'submit' }, bi(['연간 만족도', 'Annual satisfaction'])));
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
  fill(result, h('p', { class: 'hint' }, '불러오는 중 · Loading'));
  try {
    fill(result, ...(await draw()));
  } catch (failure) {
    if (!(failure instanceof ApiError)) throw failure;
    fill(result, h('p', { class: 'form-error', role: 'alert' }, refusal(failure, 'reports')));
  }
}

function download(path, query) {
  return h('a', { class: 'button-link', href: `/api/v1${path}?${query}`, download: '' }, bi(['CSV 내려받기', 'Download CSV']));
}

async function figures(query) {
  const { report } = await api(`/reports?${query}`);
  const group = GROUPS.find(([key]) => key === report.group);
  const heading = h('h2', {}, `${report.period.label} (${report.period.from} ~ ${report.period.to}) ${group[1]} `, en(group[2]));
  if (!report.rows.length) return [heading, h('p', { class: 'hint' }, '이 기간에는 번호표가 없습니다 · No tickets in this period'), download('/reports/export', query)];
  const row = (r, head = 'td') => h('tr', {}, h('th', { scope: 'row' }, r.label), COLUMNS.map(([, get]) => h(head, {}, get(r))));
  const table = h('table', { class: 'report-table' },
    h('caption', {}, '시간은 분 단위입니다. 목표: 처리 기간의 80% (즉시 = 근무시간 3시간, 방문으로 측정). 처리기간이 더 긴 업무는 접수된 사건으로 측정합니다. · Times in minutes; 즉시 services are judged on visits, longer periods on cases.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, bi('column.name')), COLUMNS.map(([label]) => h('th', { scope: 'col' }, bi(label))))),
    h('tbody', {}, report.rows.map((r) => row(r))),
    h('tfoot', {}, row(report.total)));
  const labels = report.rows.map((r) => r.label);
  const words = (get, unit = '') => report.rows.map((r) => `${r.label} ${dash(get(r))}${unit}`).join(', ');
  const volume = await chart('발급과 평균 대기 · Tickets and mean waiting',
    `발급 ${words((r) => r.tickets, '건')}; 평균 대기 ${words((r) => r.waiting.mean, '분')}`, {
      type: 'bar',
      data: { labels, datasets: [
        { label: '발급 Tickets', data: report.rows.map((r) => r.tickets), backgroundColor: '#256ef4', yAxisID: 'count' },
        { label: '평균 대기(분) Mean waiting (min)', type: 'line', data: report.rows.map((r) => r.waiting.mean), borderColor: '#d63d4a', backgroundColor: '#d63d4a', yAxisID: 'minutes' }] },
      options: { scales: { count: { position: 'left', beginAtZero: true }, minutes: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } },
    });
  const target = await chart('목표 내 처리 비율 · Share within target',
    words((r) => (targetShare(r) === null ? null : Math.round(targetShare(r) * 100)), '%'), {
      type: 'bar',
      data: { labels, datasets: [{ label: '목표 내 처리(%) Within target (%)', data: report.rows.map((r) => (targetShare(r) === null ? null : targetShare(r) * 100)), backgroundColor: '#228738' }] },
      options: { scales: { y: { min: 0, max: 100 } } },
    });
  return [heading, h('div', { class: 'report-actions' }, download('/reports/export', query)), h('div', { class: 'report-scroll' }, table),
    h('div', { class: 'report-charts' }, volume, target)];
}

async function annual(query) {
  const { summary } = await api(`/reports/satisfaction?${query}`);
  const simple = (caption, head, rows) => h('table', { class: 'report-table' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map(([ko, english]) => h('th', { scope: 'col' }, bi([ko, english]))))),
    h('tbody', {}, rows.map(([label, ...cells]) => h('tr', {}, h('th', { scope: 'row' }, label), cells.map((c) => h('td', {}, dash(c)))))));
  const scored = (s) => [s.count, dash(s.mean), ...Object.values(s.scores)];
  const scoreHead = [['평가 수', 'Ratings'], ['평균', 'Mean'], ['1점', '1'], ['2점', '2'], ['3점', '3'], ['4점', '4'], ['5점', '5']];
  const survey = summary.kiosk_survey;
  const months = await chart('월별 평가 · Ratings by month',
    summary.months.map((m) => `${m.month} ${m.count}건 평균 ${dash(m.mean)}`).join(', '), {
      type: 'bar',
      data: { labels: summary.months.map((m) => m.month.slice(5)), datasets: [
        { label: '평가 수 Ratings', data: summary.months.map((m) => m.count), backgroundColor: '#256ef4', yAxisID: 'count' },
        { label: '평균 Mean (1-5)', type: 'line', data: summary.months.map((m) => m.mean), borderColor: '#d63d4a', backgroundColor: '#d63d4a', yAxisID: 'score' }] },
      options: { scales: { count: { position: 'left', beginAtZero: true }, score: { position: 'right', min: 1, max: 5, grid: { drawOnChartArea: false } } } },
    });
  return [
    h('h2', {}, `${summary.year}년 만족도 `, en(`Satisfaction ${summary.year}`)),
    h('div', { class: 'report-actions' }, download('/reports/satisfaction/export', query)),
    h('p', { class: 'report-headline' }, `평가 ${summary.ratings.count}건, 평균 ${summary.ratings.mean === null ? '—' : `${summary.ratings.mean}점`} · `,
      `키오스크 안내 "도움이 되었나요?" ${survey.answers}건 중 ${percent(survey.share_useful)} 도움됨 · `,
      FEEDBACK.map(([k, ko]) => `${ko} ${summary.feedback[k]}`).join(', ')),
    h('div', { class: 'report-scroll' }, simple('월별 · By month', [['월', 'Month'], ...scoreHead], summary.months.map((m) => [m.month, ...scored(m)]))),
    h('div', { class: 'report-charts' }, months),
    h('div', { class: 'report-scroll' }, simple('업무별 · By service', [['업무', 'Service'], ...scoreHead], summary.services.map((s) => [s.label, ...scored(s)]))),
    simple('많이 고른 이유 · Top reasons', [['이유', 'Reason'], ['수', 'Count']], summary.reasons.map((r) => [`${REASONS[r.reason] || r.reason}`, r.count])),
    simple('키오스크 안내 설문 · Kiosk information survey', [['안내 페이지', 'Page'], ['응답', 'Answers'], ['도움됨', 'Useful']],
      survey.pages.map((p) => [p.title, p.answers, percent(p.share_useful)])),
    simple('의견 · Feedback', [['종류', 'Kind'], ['수', 'Count']], FEEDBACK.map(([k, ko, english]) => [`${ko} ${english}`, summary.feedback[k]])),
  ];
}
