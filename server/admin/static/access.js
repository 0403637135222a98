// Sign-ins in the admin console: a person's sessions from the staff list (end one or all,
// lift a sign-in lock), and the audit log of sign-ins, failures, locks and ended sessions.
//
// The console (main.js) lends its helpers as `kit`: {state, table, button, show}.
// Nothing here ever shows a password or a session id: the API does not give them.
import { api } from '/static/common/api.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, en, refusal } from './words.js';

const plain = ([ko, english]) => `${ko} · ${english}`;

const ACTIONS = { sign_in: ['로그인', 'Signed in'], sign_in_failed: ['로그인 실패', 'Failed sign-in'],
  sign_in_locked: ['로그인 잠김', 'Login locked'], sign_in_unlocked: ['잠금 해제', 'Unlocked'],
  sign_out: ['로그아웃', 'Signed out'], session_revoked: ['세션 종료', 'Sessions ended'] };
const STATES = { active: ['사용 중', 'Active'], expired: ['만료', 'Expired'], revoked: ['종료됨', 'Ended'] };
const REASONS = { signed_out: ['로그아웃', 'Signed out'], password_changed: ['비밀번호 변경', 'Password changed'],
  deactivated: ['사용 중지', 'Deactivated'], revoked_by_admin: ['관리자가 종료', 'Ended by an admin'] };
const LOOKS = { active: 'on', expired: 'off', revoked: 'off' };

const words = (table, key) => table[key] || [key, key];
const when = (moment) => (moment ? moment.replace('T', ' ').slice(0, 16) : '—');

// ---- a person's sessions ---------------------------------------------------------------

export async function showSessions(kit, person) {
  const { sessions, sign_in: signIn } = await api(`/admin/staff/${person.id}/sessions`);
  const refresh = () => showSessions(kit, person);
  const act = async (path, done) => {
    try {
      const result = await api(path, { method: 'POST', body: {} });
      toast(plain(done(result)));
      await refresh();
    } catch (error) { toast(refusal(error, 'staff'), { error: true }); }
  };
  const lock = signIn.locked
    ? h('p', { class: 'state-bad', 'data-sign-in-lock': true },
      `로그인 잠김 ${when(signIn.locked_until)}까지 · Locked until ${when(signIn.locked_until)} `,
      kit.button('button.unlock', () => act(`/admin/staff/${person.id}/unlock`,
        () => ['잠금을 풀었습니다', 'Unlocked'])))
    : h('p', { class: 'hint' }, signIn.failures
      ? `최근 로그인 실패 ${signIn.failures}회 · ${signIn.failures} recent failed sign-ins` : '잠기지 않음 · Not locked');
  const columns = [['column.state', (r) => ({ state: LOOKS[r.state], text: plain(words(STATES, r.state)) })],
    ['column.signed_in', (r) => when(r.created_at)], ['column.last_used', (r) => when(r.last_seen_at)],
    ['column.address', (r) => r.address], ['column.browser', (r) => r.user_agent],
    ['column.ended', (r) => (r.revoked_at ? `${when(r.revoked_at)} ${plain(words(REASONS, r.revoke_reason))}` : '')]];
  const active = sessions.filter((s) => s.state === 'active');
  fill($('panel-form'), h('section', { class: 'card', 'aria-labelledby': 'sessions-title', 'data-sessions': person.id },
    h('h2', { id: 'sessions-title' }, `${person.name}: `, '로그인 세션 ', en('Sign-ins')),
    lock,
    sessions.length ? kit.table(columns, sessions, (row) => (row.state === 'active'
      ? kit.button(row.current ? ['이 세션 종료', 'End mine'] : ['종료', 'End'], () => act(
        `/admin/sessions/${row.id}/revoke`, () => ['세션을 종료했습니다', 'Ended']), 'danger') : null))
      : h('p', { class: 'hint' }, '아직 없습니다 · None yet'),
    h('div', { class: 'form-actions' },
      active.some((s) => !s.current) ? kit.button('button.end_all', () => {
        if (!confirm(`${person.name}: 모든 세션을 종료할까요? · End every sign-in?`)) return;
        act(`/admin/staff/${person.id}/sessions/revoke`, (r) => [`${r.revoked}개 종료`, `${r.revoked} ended`]);
      }, 'danger') : null,
      kit.button('button.close', () => fill($('panel-form'))))));
}

// ---- the audit log ---------------------------------------------------------------------

async function drawAudit(kit) {
  const filter = h('select', { id: 'audit-action' },
    h('option', { value: '' }, '모두 · All'),
    Object.entries(ACTIONS).map(([key, label]) => h('option', { value: key }, plain(label))));
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
      h('td', {}, when(e.at)), h('td', {}, plain(words(ACTIONS, e.action))),
      h('td', {}, e.staff_name || e.login || '—'), h('td', {}, e.address || ''),
      h('td', {}, [e.actor_name ? `${e.actor_name} ` : '', describe(e)]))));
    oldest = entries.length ? entries[entries.length - 1].id : oldest;
    more.hidden = entries.length < 100;
  }
  filter.onchange = () => load();
  fill($('panel-tools'), h('label', { for: 'audit-action' }, '종류 ', en('Kind'), filter));
  fill($('panel-body'), h('table', {},
    h('thead', {}, h('tr', {}, ['column.when', 'column.record', 'column.whose', 'column.address',
      'column.detail'].map((label) => h('th', { scope: 'col' }, bi(label))))), body), more);
  await load();
}

function describe(entry) {
  const { detail } = entry;
  if (entry.action === 'session_revoked') return `${plain(words(REASONS, detail.reason))} (${detail.sessions.length})`;
  if (entry.action === 'sign_in_locked') return `${detail.failures}회 실패 · ${detail.failures} failures`;
  return '';
}

export function accessSections(kit) {
  return { audit: () => drawAudit(kit) };
}
