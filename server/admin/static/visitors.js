// What visitors tell the city hall, in the admin console: their feedback (owner, status,
// answer, complaints found true), their ratings added up, the compensation register and
// the per-officer count of confirmed unkindness complaints.
//
// The console (main.js) lends its helpers as `kit`: {state, openForm, table, button, show}.
// Visitors' e-mail addresses never reach this page: the API says only whether an answer
// can be sent. Ratings arrive added up only, never one visitor's rating.
import { api, ApiError } from '/static/common/api.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, choice, choiceBoth, en, refusal } from './words.js';

const plain = ([ko, english]) => `${ko} · ${english}`;

// The API's codes in words come from the console's catalog (choice.<field>.<code>); the
// lists below only keep the order they are offered in.
const FEEDBACK_KINDS = ['complaint', 'praise', 'suggestion'];
const FEEDBACK_STATUSES = ['open', 'in_progress', 'answered', 'closed'];
const REASONS = ['kind', 'clear', 'quick', 'short_wait', 'unkind', 'unclear', 'slow', 'long_wait', 'sent_elsewhere'];

const words = (field, code) => [choice(field, code, 'ko'), choice(field, code, 'en')];
const when = (seconds) => (seconds ? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Seoul',
  dateStyle: 'short', timeStyle: 'short' }).format(new Date(seconds * 1000)) : '—');
const won = (amount) => `${amount.toLocaleString('ko-KR')}원`;

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
      : h('tr', {}, h('td', { colspan: columns.length, class: 'hint' }, '없음 · None'))));
}

// Labelled selects of a filter bar: [name, [ko, en], table, value].
function filterBar(label, selects, apply) {
  const bar = h('form', { class: 'filters', 'aria-label': plain(label) });
  for (const [name, title, codes, value] of selects) {
    bar.append(h('label', {}, bi(title), h('select', { name },
      h('option', { value: '' }, '전체 · All'),
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
    ['column.reply', (r) => (r.can_send_answer ? { state: 'on', text: '이메일 회신 가능 · Can e-mail the answer' }
      : { state: 'off', text: '회신 주소 없음 · No address' })],
    ['column.owner_status', (r) => [r.owner_name || h('span', { class: 'hint' }, '담당자 없음 · No owner'), h('br'), bi(words('status', r.status)),
      r.confirmed_at ? [h('br'), h('strong', { class: 'state-bad' }, '사실로 확인됨 · Found true')] : null]],
    ['column.answer', (r) => (r.answer ? [h('span', { class: 'feedback-text' }, r.answer), h('br'),
      h('span', { class: 'hint' }, r.answer_sent_at ? `이메일 보냄 · E-mailed ${when(r.answer_sent_at)}`
        : `기록 · Recorded ${when(r.answered_at)}`)] : '—')],
  ];
  const tools = filterBar(['의견 거르기', 'Filter feedback'],
    [['kind', ['종류', 'Kind'], FEEDBACK_KINDS, feedbackFilter.kind], ['status', ['상태', 'Status'], FEEDBACK_STATUSES, feedbackFilter.status]],
    (values) => { Object.assign(feedbackFilter, values); return redraw(); });
  const list = feedback.length ? kit.table(columns, feedback, (row) => [
    kit.button('button.handle', () => kit.openForm({
      title: [`의견 #${row.id} 처리`, 'Owner and status'], model: 'FeedbackUpdate', values: row, skip: ['confirmed'],
      submit: (body) => api(`/feedback/${row.id}`, { method: 'POST', body }),
      done: () => { report('저장했습니다 · Saved'); return redraw().then(showMessage); } })),
    kit.button('button.answer', () => kit.openForm({
      title: [`의견 #${row.id} 답변`, row.can_send_answer ? 'Answer (e-mailed to the visitor)' : 'Answer'],
      model: 'FeedbackAnswer', values: { answer: row.answer || '', send: row.can_send_answer },
      skip: row.can_send_answer ? [] : ['send'],
      submit: (body) => api(`/feedback/${row.id}/answer`, { method: 'POST', body: { send: false, ...body }, timeoutMs: 20000 }),
      done: (result) => {
        const text = both(`mail.${result.mail}`);
        report(result.mail === 'failed' ? `${text} (${result.message})` : text, { error: result.mail === 'failed' });
        return redraw().then(showMessage);
      } })),
    row.kind === 'complaint' ? kit.button(row.confirmed_at ? ['확인 취소', 'Withdraw'] : ['사실로 확인', 'Found true'], async () => {
      try {
        await api(`/feedback/${row.id}`, { method: 'POST', body: { confirmed: !row.confirmed_at } });
        report(row.confirmed_at ? `의견 #${row.id}: 사실 확인을 취소했습니다 · Confirmation withdrawn`
          : `의견 #${row.id}: 사실로 확인했습니다 · Confirmed as found true`);
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
  ]) : h('p', { class: 'hint' }, '의견이 없습니다 · No feedback');
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
  const period = h('form', { class: 'filters', 'aria-label': '기간 · Period' },
    h('label', {}, bi(['시작일', 'From']), h('input', { type: 'date', name: 'from', value: summary.from, required: true })),
    h('label', {}, bi(['종료일', 'To']), h('input', { type: 'date', name: 'to', value: summary.to, required: true })),
    h('button', { type: 'submit', class: 'primary' }, bi(['보기', 'Show'])));
  period.onsubmit = (event) => {
    event.preventDefault();
    Object.assign(ratingPeriod, Object.fromEntries(new FormData(period)));
    kit.show('ratings').then(() => $('ratings-total')?.focus());
  };
  const order = (reason) => (REASONS.indexOf(reason) + 1) || 99;  // as the visitor saw them
  const share = (n) => (summary.count ? `${Math.round((n / summary.count) * 100)}%` : '—');
  const mean = (value) => (value === null || value === undefined ? '—' : value.toFixed(2));
  const groups = (caption, rows, name) => figures(caption, [[['이름', 'Name'], (r) => name(r.id)],
    [['건수', 'Ratings'], (r) => r.count, true], [['평균 (5점 만점)', 'Mean (of 5)'], (r) => mean(r.mean), true]], rows);
  fill($('panel-body'), message(), period,
    h('p', { class: 'card ratings-total', id: 'ratings-total', tabindex: -1 },
      `${summary.from} ~ ${summary.to}: `, h('strong', {}, `${summary.count}건`), ' ', en(`${summary.count} ratings`),
      ' · 평균 ', en('mean'), ' ', h('strong', {}, mean(summary.mean))),
    figures(['점수 분포', 'Scores'], [[['점수', 'Score'], (r) => `${r}점`], [['건수', 'Ratings'], (r) => summary.scores[r], true],
      [['비율', 'Share'], (r) => share(summary.scores[r]), true]], ['5', '4', '3', '2', '1']),
    figures(['고른 이유', 'Reasons given'], [[['이유', 'Reason'], (r) => bi(words('reason', r))],
      [['건수', 'Times'], (r) => summary.reasons[r], true]],
    Object.keys(summary.reasons).sort((a, b) => order(a) - order(b))),
    groups(['업무별', 'By service'], summary.services, (id) => kit.state.options.name('services', id)),
    groups(['창구별', 'By counter'], summary.counters, (id) => kit.state.options.name('counters', id)),
    groups(['담당자별 (평가 3건 이상)', 'By officer (3 ratings or more)'], summary.officers, (id) => names.get(id) || `#${id}`));
}

// ---- compensation register ----------------------------------------------------------------

function proposeCase(kit, values = {}) {
  return kit.openForm({ title: ['보상 제안 (1만 원 상품권)', 'Propose a 10,000-won voucher'], model: 'CompensationIn',
    values, skip: ['site_id'],
    submit: (body) => api('/compensations', { method: 'POST', body: { ...body, site_id: kit.state.siteId } }),
    done: (result) => {
      report(`보상 #${result.compensation.id}을 제안했습니다. 다른 관리자가 결정합니다. · Proposed: another admin decides.`);
      return kit.show('compensation').then(showMessage);
    } });
}

async function drawCompensation(kit) {
  const [{ compensations }] = await Promise.all([api(`/compensations?site_id=${kit.state.siteId}`), staffOptions(kit)]);
  const step = (row, action, label, done) => kit.button(label, async () => {
    try {
      await api(`/compensations/${row.id}`, { method: 'POST', body: { action } });
      report(`보상 #${row.id}: ${plain(done)}`);
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
    ['column.linked', (r) => [r.feedback_id && `의견 #${r.feedback_id}`, r.ticket_id && `번호표 #${r.ticket_id}`,
      r.staff_name].filter(Boolean).join(' · ') || '—'],
    ['column.amount', (r) => won(r.amount_won)],
    ['column.status', (r) => bi(words('status', r.status))],
    ['column.proposed', (r) => [r.proposed_by_name, h('br'), when(r.proposed_at)]],
    ['column.decided', (r) => (r.decided_at ? [r.decided_by_name, h('br'), when(r.decided_at)] : '—')],
    ['column.handed_over', (r) => when(r.handed_over_at)],
  ];
  const list = compensations.length ? kit.table(columns, compensations, (row) => [
    row.status === 'proposed' ? step(row, 'approve', ['승인', 'Approve'], ['승인했습니다', 'Approved']) : null,
    row.status === 'proposed' ? step(row, 'reject', ['반려', 'Reject'], ['반려했습니다', 'Rejected']) : null,
    row.status === 'approved' ? step(row, 'hand_over', ['지급 기록', 'Record hand-over'], ['지급을 기록했습니다', 'Hand-over recorded']) : null,
  ]) : h('p', { class: 'hint' }, '보상 건이 없습니다 · No cases');
  list.classList.add('visitor-list');
  fill($('panel-body'), message(), list);
}

// ---- unkindness counts --------------------------------------------------------------------

async function drawUnkindness(kit) {
  const { officers } = await api(`/feedback/unkindness-counts?site_id=${kit.state.siteId}`);
  fill($('panel-body'),
    h('p', { class: 'card logged-note', role: 'note' }, '이 화면을 열 때마다 누가 언제 보았는지 기록됩니다. ',
      en('Every view of this screen is logged: who and when.')),
    officers.length ? figures(['확인된 불친절 민원', 'Confirmed unkindness complaints'], [
      [['공무원', 'Official'], (r) => r.name],
      [['확인된 건수', 'Confirmed'], (r) => `${r.confirmed}건`, true],
      [['마지막 확인', 'Last confirmed'], (r) => when(r.last_confirmed_at)],
      [['조치', 'Measures'], (r) => (r.flagged
        ? h('strong', { class: 'state-bad flagged' }, `${r.confirmed}회째 확인: 조치 대상 · Confirmed ${r.confirmed} times: measures due`)
        : h('span', { class: 'state-off' }, '기준(3회) 미만 · Below 3'))],
    ], officers) : h('p', { class: 'hint' }, '확인된 불친절 민원이 없습니다 · None confirmed'));
}

// The section kinds this module draws, for main.js.
export function visitorSections(kit) {
  return { feedback: () => drawFeedback(kit), ratings: () => drawRatings(kit),
    compensation: () => drawCompensation(kit), unkindness: () => drawUnkindness(kit) };
}
