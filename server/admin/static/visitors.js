// What visitors tell the city hall, in the admin console: their feedback (owner, status,
// answer, complaints found true), their ratings added up, the compensation register and
// the per-officer count of confirmed unkindness complaints.
//
// The console (main.js) lends its helpers as `kit`: {state, openForm, table, button, show}.
// Visitors' e-mail addresses never reach this page: the API says only whether an answer
// can be sent. Ratings arrive added up only, never one visitor's rating.
import { api, ApiError } from '/static/common/api.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { msg, t } from '/static/common/i18n.js';
import { bi, both, choice, choiceBoth, en, pair, refusal } from './words.js';

// The API's codes in words come from the console's catalog (choice.<field>.<code>); the
// lists below only keep the order they are offered in.
const FEEDBACK_KINDS = ['complaint', 'praise', 'suggestion'];
const FEEDBACK_STATUSES = ['open', 'in_progress', 'answered', 'closed'];
const REASONS = ['kind', 'clear', 'quick', 'short_wait', 'unkind', 'unclear', 'slow', 'long_wait', 'sent_elsewhere'];

const words = (field, code) => [choice(field, code, 'ko'), choice(field, code, 'en')];
const when = (seconds) => (seconds ? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Seoul',
  dateStyle: 'short', timeStyle: 'short' }).format(new Date(seconds * 1000)) : '—');
const won = (amount) => t('state.won', { amount: amount.toLocaleString('ko-KR') }, 'ko');

// A message that stays at the top of the section until the next action; focus goes to it.
let pending = null;

function report(message, { error = false } = {}) {
  pending = { message, error };
}

function message() {
  if (!pending) return null;
  const { message: text, error } = pending;
  pending = null;
  return h('p', { class: `visitor-message${error ? ' is-error' : ''}`, id: 'visitor-message', tabindex: -1,
    role: error ? 'alert' : 'status' }, text);
}

function showMessage() {
  const shown = $('visitor-message');
  if (shown) shown.focus();
}

// A read-only table of figures, with a caption that names it.
function figures(caption, columns, rows) {
  return h('table', { class: 'figures' },
    h('caption', {}, bi(caption)),
    h('thead', {}, h('tr', {}, columns.map(([label, , numeric]) =>
      h('th', { scope: 'col', class: numeric ? 'num' : null }, bi(label))))),
    h('tbody', {}, rows.length ? rows.map((row) => h('tr', {}, columns.map(([, get, numeric], i) =>
      h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: numeric ? 'num' : null }, get(row)))))
      : h('tr', {}, h('td', { colspan: columns.length, class: 'hint' }, both('list.nothing')))));
}

// Labelled selects of a filter bar: [name, title key, codes, value].
function filterBar(label, selects, apply) {
  const bar = h('form', { class: 'filters', 'aria-label': both(label) });
  for (const [name, title, codes, value] of selects) {
    bar.append(h('label', {}, bi(title), h('select', { name },
      h('option', { value: '' }, both('filter.everything')),
      codes.map((code) => h('option', { value: code, selected: code === value }, choiceBoth(name, code))))));
  }
  // The list is drawn again; the keyboard stays on the filter that was changed.
  bar.onchange = async (event) => {
    await apply(Object.fromEntries(new FormData(bar)));
    $('panel-body').querySelector(`.filters select[name=${event.target.name}]`)?.focus();
  };
  bar.onsubmit = (event) => event.preventDefault();
  return bar;
}

// The site's staff (and the signed-in admin, who may belong to every site) for owner
// and officer pickers; by id for the names in tables.
async function staffOptions(kit) {
  const { items } = await api(`/admin/staff?site_id=${kit.state.siteId}`);
  const people = items.map((r) => ({ id: r.id, label: `${r.name} (${r.duty || r.role})` }));
  if (!people.some((p) => p.id === kit.state.me.id)) people.push({ id: kit.state.me.id, label: `${kit.state.me.name} (admin)` });
  kit.state.options.staff = people;
  return new Map(items.map((r) => [r.id, r.name]));
}

// ---- feedback -----------------------------------------------------------------------------

const feedbackFilter = { kind: '', status: '' };

async function drawFeedback(kit) {
  const q = new URLSearchParams({ site_id: kit.state.siteId });
  for (const [name, value] of Object.entries(feedbackFilter)) if (value) q.set(name, value);
  const [{ feedback }] = await Promise.all([api(`/feedback?${q}`), staffOptions(kit)]);
  const redraw = () => kit.show('feedback');
  const counter = (id) => (id ? kit.state.options.name('counters', id) : null);
  const columns = [
    ['column.received', (r) => [`#${r.id} `, when(r.created_at)]],
    ['column.kind', (r) => [bi(words('kind', r.kind)), r.ground ? [h('br'), bi(words('ground', r.ground))] : null]],
    ['column.text', (r) => h('span', { class: 'feedback-text' }, r.text)],
    ['column.about', (r) => [r.about_staff_name, counter(r.about_counter_id)].filter(Boolean).join(' · ') || '—'],
    ['column.channel', (r) => bi(words('channel', r.channel))],
    ['column.reply', (r) => (r.can_send_answer ? { state: 'on', text: both('state.can_email_answer') }
      : { state: 'off', text: both('state.no_address') })],
    ['column.owner_status', (r) => [r.owner_name || h('span', { class: 'hint' }, both('state.no_owner')), h('br'), bi(words('status', r.status)),
      r.confirmed_at ? [h('br'), h('strong', { class: 'state-bad' }, both('state.found_true'))] : null]],
    ['column.answer', (r) => (r.answer ? [h('span', { class: 'feedback-text' }, r.answer), h('br'),
      h('span', { class: 'hint' }, r.answer_sent_at ? both('state.answer_emailed', { when: when(r.answer_sent_at) })
        : both('state.answer_recorded', { when: when(r.answered_at) }))] : '—')],
  ];
  const tools = filterBar('filter.feedback',
    [['kind', 'filter.kind', FEEDBACK_KINDS, feedbackFilter.kind], ['status', 'filter.status', FEEDBACK_STATUSES, feedbackFilter.status]],
    (values) => { Object.assign(feedbackFilter, values); return redraw(); });
  const list = feedback.length ? kit.table(columns, feedback, (row) => [
    kit.button('button.handle', () => kit.openForm({
      title: pair('title.handle_feedback', { id: row.id }), model: 'FeedbackUpdate', values: row, skip: ['confirmed'],
      submit: (body) => api(`/feedback/${row.id}`, { method: 'POST', body }),
      done: () => { report(both('form.saved')); return redraw().then(showMessage); } })),
    kit.button('button.answer', () => kit.openForm({
      title: pair(row.can_send_answer ? 'title.answer_feedback_by_mail' : 'title.answer_feedback', { id: row.id }),
      model: 'FeedbackAnswer', values: { answer: row.answer || '', send: row.can_send_answer },
      skip: row.can_send_answer ? [] : ['send'],
      submit: (body) => api(`/feedback/${row.id}/answer`, { method: 'POST', body: { send: false, ...body }, timeoutMs: 20000 }),
      done: (result) => {
        const text = both(`mail.${result.mail}`);
        report(result.mail === 'failed' ? `${text} (${result.message})` : text, { error: result.mail === 'failed' });
        return redraw().then(showMessage);
      } })),
    row.kind === 'complaint' ? kit.button(row.confirmed_at ? 'button.withdraw_confirmation' : 'button.found_true', async () => {
      try {
        await api(`/feedback/${row.id}`, { method: 'POST', body: { confirmed: !row.confirmed_at } });
        report(both(row.confirmed_at ? 'toast.confirmation_withdrawn' : 'toast.found_true', { id: row.id }));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        report(refusal(error), { error: true });
      }
      await redraw();
      showMessage();
    }) : null,
    // The register is the admins' (the API refuses supervisors).
    row.kind === 'complaint' && kit.state.me.role === 'admin' ? kit.button('button.propose_compensation', () => proposeCase(kit,
      { feedback_id: row.id, staff_id: row.about_staff_id, ground: row.ground === 'unfaithful' ? 'unfaithful' : undefined })) : null,
  ]) : h('p', { class: 'hint' }, both('list.no_feedback'));
  list.classList.add('visitor-list');
  fill($('panel-body'), message(), tools, list);
}

// ---- ratings ------------------------------------------------------------------------------

const ratingPeriod = { from: '', to: '' };

async function drawRatings(kit) {
  const q = new URLSearchParams({ site_id: kit.state.siteId });
  if (ratingPeriod.from) q.set('from', ratingPeriod.from);
  if (ratingPeriod.to) q.set('to', ratingPeriod.to);
  let summary;
  let names;
  try {
    [summary, names] = await Promise.all([api(`/ratings/summary?${q}`), staffOptions(kit)]);
  } catch (error) {
    // A period the API refuses (the end before the start): say why, show the default one.
    if (!(error instanceof ApiError) || !(ratingPeriod.from || ratingPeriod.to)) throw error;
    report(refusal(error), { error: true });
    Object.assign(ratingPeriod, { from: '', to: '' });
    return kit.show('ratings').then(showMessage);
  }
  const period = h('form', { class: 'filters', 'aria-label': both('filter.period') },
    h('label', {}, bi('label.from'), h('input', { type: 'date', name: 'from', value: summary.from, required: true })),
    h('label', {}, bi('label.to'), h('input', { type: 'date', name: 'to', value: summary.to, required: true })),
    h('button', { type: 'submit', class: 'primary' }, bi('button.show')));
  period.onsubmit = (event) => {
    event.preventDefault();
    Object.assign(ratingPeriod, Object.fromEntries(new FormData(period)));
    kit.show('ratings').then(() => $('ratings-total')?.focus());
  };
  const order = (reason) => (REASONS.indexOf(reason) + 1) || 99;  // as the visitor saw them
  const share = (n) => (summary.count ? `${Math.round((n / summary.count) * 100)}%` : '—');
  const mean = (value) => (value === null || value === undefined ? '—' : value.toFixed(2));
  const groups = (caption, rows, name) => figures(caption, [['column.name', (r) => name(r.id)],
    ['column.ratings_count', (r) => r.count, true], ['column.mean_of_5', (r) => mean(r.mean), true]], rows);
  fill($('panel-body'), message(), period,
    h('p', { class: 'card ratings-total', id: 'ratings-total', tabindex: -1 },
      `${summary.from} ~ ${summary.to}: `, h('strong', {}, t('ratings.count', { n: summary.count }, 'ko')), ' ', en(t('ratings.count', { n: summary.count }, 'en')),
      ' · ', bi('ratings.mean'), ' ', h('strong', {}, mean(summary.mean))),
    figures('title.scores', [['column.score', (r) => t('ratings.score', { n: r }, 'ko')], ['column.ratings_count', (r) => summary.scores[r], true],
      ['column.share', (r) => share(summary.scores[r]), true]], ['5', '4', '3', '2', '1']),
    figures('title.reasons_given', [['column.reason', (r) => bi(words('reason', r))],
      ['column.times', (r) => summary.reasons[r], true]],
    Object.keys(summary.reasons).sort((a, b) => order(a) - order(b))),
    groups('title.by_service', summary.services, (id) => kit.state.options.name('services', id)),
    groups('title.by_counter', summary.counters, (id) => kit.state.options.name('counters', id)),
    groups('title.by_officer', summary.officers, (id) => names.get(id) || `#${id}`));
}

// ---- compensation register ----------------------------------------------------------------

function proposeCase(kit, values = {}) {
  return kit.openForm({ title: pair('title.propose_compensation'), model: 'CompensationIn',
    values, skip: ['site_id'],
    submit: (body) => api('/compensations', { method: 'POST', body: { ...body, site_id: kit.state.siteId } }),
    done: (result) => {
      report(both('toast.compensation_proposed', { id: result.compensation.id }));
      return kit.show('compensation').then(showMessage);
    } });
}

async function drawCompensation(kit) {
  const [{ compensations }] = await Promise.all([api(`/compensations?site_id=${kit.state.siteId}`), staffOptions(kit)]);
  // A decision on a case: its button and its toast are step.<action> and step.<action>.done.
  const step = (row, action) => kit.button(`step.${action}`, async () => {
    try {
      await api(`/compensations/${row.id}`, { method: 'POST', body: { action } });
      report(both('toast.compensation_step', { id: row.id, done: msg(`step.${action}.done`) }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      report(refusal(error), { error: true });
    }
    await kit.show('compensation');
    showMessage();
  }, action === 'reject' ? 'danger' : '');
  fill($('panel-tools'), kit.button('button.propose', () => proposeCase(kit), 'primary'));
  const columns = [
    ['column.no', (r) => `#${r.id}`],
    ['column.ground', (r) => bi(words('ground', r.ground))],
    ['column.what', (r) => h('span', { class: 'feedback-text' }, r.what)],
    ['column.recipient', (r) => r.recipient || '—'],
    ['column.linked', (r) => [r.feedback_id && t('state.linked_feedback', { id: r.feedback_id }, 'ko'), r.ticket_id && t('state.linked_ticket', { id: r.ticket_id }, 'ko'),
      r.staff_name].filter(Boolean).join(' · ') || '—'],
    ['column.amount', (r) => won(r.amount_won)],
    ['column.status', (r) => bi(words('status', r.status))],
    ['column.proposed', (r) => [r.proposed_by_name, h('br'), when(r.proposed_at)]],
    ['column.decided', (r) => (r.decided_at ? [r.decided_by_name, h('br'), when(r.decided_at)] : '—')],
    ['column.handed_over', (r) => when(r.handed_over_at)],
  ];
  const list = compensations.length ? kit.table(columns, compensations, (row) => [
    row.status === 'proposed' ? step(row, 'approve') : null,
    row.status === 'proposed' ? step(row, 'reject') : null,
    row.status === 'approved' ? step(row, 'hand_over') : null,
  ]) : h('p', { class: 'hint' }, both('list.no_cases'));
  list.classList.add('visitor-list');
  fill($('panel-body'), message(), list);
}

// ---- unkindness counts --------------------------------------------------------------------

async function drawUnkindness(kit) {
  const { officers } = await api(`/feedback/unkindness-counts?site_id=${kit.state.siteId}`);
  fill($('panel-body'),
    h('p', { class: 'card logged-note', role: 'note' }, bi('hint.unkindness_logged')),
    officers.length ? figures('title.confirmed_unkindness', [
      ['column.official', (r) => r.name],
      ['column.confirmed_count', (r) => t('state.count', { n: r.confirmed }, 'ko'), true],
      ['column.last_confirmed', (r) => when(r.last_confirmed_at)],
      ['column.measures', (r) => (r.flagged
        ? h('strong', { class: 'state-bad flagged' }, both('state.measures_due', { n: r.confirmed }))
        : h('span', { class: 'state-off' }, both('state.below_threshold')))],
    ], officers) : h('p', { class: 'hint' }, both('list.none_confirmed')));
}

// The section kinds this module draws, for main.js.
export function visitorSections(kit) {
  return { feedback: () => drawFeedback(kit), ratings: () => drawRatings(kit),
    compensation: () => drawCompensation(kit), unkindness: () => drawUnkindness(kit) };
}
