// Sign-ins in the admin console: a person's sessions from the staff list (end one or all,
// lift a sign-in lock), and the audit log of sign-ins, failures, locks, ended sessions and
// new entrance QR codes.
//
// The console (main.js) lends its helpers as `kit`: {state, table, button, show}.
// Nothing here ever shows a password or a session id: the API does not give them.
import { api } from '/static/common/api.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, choiceBoth, refusal } from './words.js';

// The audit log's kinds of entry, in the order the filter offers them; their words, the
// sessions' states and the reasons a session ended are choices in the catalog
// (choice.audit_action.*, choice.session_state.*, choice.revoke_reason.*).
const ACTIONS = ['sign_in', 'sign_in_failed', 'sign_in_locked', 'sign_in_unlocked', 'sign_out', 'session_revoked',
  'entrance_key_rotated'];
const LOOKS = { active: 'on', expired: 'off', revoked: 'off' };
const when = (moment) => (moment ? moment.replace('T', ' ').slice(0, 16) : '—');

// ---- a person's sessions ---------------------------------------------------------------

export async function showSessions(kit, person) {
  const { sessions, sign_in: signIn } = await api(`/admin/staff/${person.id}/sessions`);
  const refresh = () => showSessions(kit, person);
  const act = async (path, done) => {
    try {
      const result = await api(path, { method: 'POST', body: {} });
      toast(done(result));
      await refresh();
    } catch (error) { toast(refusal(error, 'staff'), { error: true }); }
  };
  const lock = signIn.locked
    ? h('p', { class: 'state-bad', 'data-sign-in-lock': true },
      `${both('state.locked_until', { until: when(signIn.locked_until) })} `,
      kit.button('button.unlock', () => act(`/admin/staff/${person.id}/unlock`,
        () => both('toast.unlocked'))))
    : h('p', { class: 'hint' }, signIn.failures
      ? both('state.recent_failures', { n: signIn.failures }) : both('state.not_locked'));
  const columns = [['column.state', (r) => ({ state: LOOKS[r.state], text: choiceBoth('session_state', r.state) })],
    ['column.signed_in', (r) => when(r.created_at)], ['column.last_used', (r) => when(r.last_seen_at)],
    ['column.address', (r) => r.address], ['column.browser', (r) => r.user_agent],
    ['column.ended', (r) => (r.revoked_at ? `${when(r.revoked_at)} ${choiceBoth('revoke_reason', r.revoke_reason)}` : '')]];
  const active = sessions.filter((s) => s.state === 'active');
  fill($('panel-form'), h('section', { class: 'card', 'aria-labelledby': 'sessions-title', 'data-sessions': person.id },
    h('h2', { id: 'sessions-title' }, `${person.name}: `, bi('button.sign_ins')),
    lock,
    sessions.length ? kit.table(columns, sessions, (row) => (row.state === 'active'
      ? kit.button(row.current ? 'button.end_mine' : 'button.end', () => act(
        `/admin/sessions/${row.id}/revoke`, () => both('toast.session_ended')), 'danger') : null))
      : h('p', { class: 'hint' }, both('list.none')),
    h('div', { class: 'form-actions' },
      active.some((s) => !s.current) ? kit.button('button.end_all', () => {
        if (!confirm(both('confirm.end_all_sessions', { name: person.name }))) return;
        act(`/admin/staff/${person.id}/sessions/revoke`, (r) => both('toast.sessions_ended', { n: r.revoked }));
      }, 'danger') : null,
      kit.button('button.close', () => fill($('panel-form'))))));
}

// ---- the audit log ---------------------------------------------------------------------

async function drawAudit(kit) {
  const filter = h('select', { id: 'audit-action' },
    h('option', { value: '' }, both('filter.all')),
    ACTIONS.map((action) => h('option', { value: action }, choiceBoth('audit_action', action))));
  const body = h('tbody');
  const more = kit.button('button.older', () => load(true));
  let oldest = null;
  async function load(older = false) {
    const query = new URLSearchParams({ limit: '100' });
    if (filter.value) query.set('action', filter.value);
    if (older && oldest) query.set('before', oldest);
    const { entries } = await api(`/admin/audit?${query}`);
    if (!older) body.replaceChildren();
    body.append(...entries.map((e) => h('tr', {},
      h('td', {}, when(e.at)), h('td', {}, choiceBoth('audit_action', e.action)),
      h('td', {}, e.staff_name || e.login || '—'), h('td', {}, e.address || ''),
      h('td', {}, [e.actor_name ? `${e.actor_name} ` : '', describe(e)]))));
    oldest = entries.length ? entries[entries.length - 1].id : oldest;
    more.hidden = entries.length < 100;
  }
  filter.onchange = () => load();
  fill($('panel-tools'), h('label', { for: 'audit-action' }, bi('filter.kind'), filter));
  fill($('panel-body'), h('table', {},
    h('thead', {}, h('tr', {}, ['column.when', 'column.record', 'column.whose', 'column.address',
      'column.detail'].map((label) => h('th', { scope: 'col' }, bi(label))))), body), more);
  await load();
}

function describe(entry) {
  const { detail } = entry;
  if (entry.action === 'session_revoked') return `${choiceBoth('revoke_reason', detail.reason)} (${detail.sessions.length})`;
  if (entry.action === 'sign_in_locked') return both('state.failures', { n: detail.failures });
  if (entry.action === 'entrance_key_rotated') return both('entrance.audit', { site: detail.site, round: detail.round });
  return '';
}

export function accessSections(kit) {
  return { audit: () => drawAudit(kit) };
}
