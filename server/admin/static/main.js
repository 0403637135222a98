// The admin console: sign in, pick a site, edit its configuration section by section.
// Changes made here (or by another admin) arrive as `config.changed` events and redraw
// the section; printers report their state live.
import { io } from '/vendor/socket.io-client/socket.io.esm.min.js';
import { api, ApiError } from '/static/common/api.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { buildForm, fieldTitle } from './form.js';
import { mountMapEditor } from './mapeditor/index.js';
import { drawReports } from './reports.js';
import { SECTIONS, SHOWS } from './sections.js';
import { visitorSections } from './visitors.js';
import { accessSections, showSessions } from './access.js';
import { providerSections } from './providers.js';
import { entranceSections } from './entrance.js';
import { editPhoto } from './photo.js';
import { editSign } from './sign.js';
import { missingMarker, untranslatedNotice } from './languages.js';
import { bi, both, choice, pair, refusal } from './words.js';
import { t } from '/static/common/i18n.js';

const state = { me: null, sections: [], sites: [], siteId: null, section: null, options: null, printers: new Map(), mapEditor: null,
  untranslated: null,  // {section, missing}: the last save's missing translations, shown until dismissed
  turn: 0 };           // counts the sections shown: a section's drawing stops once another is chosen
const ko = (names) => (names && (names.ko || Object.values(names)[0])) || '';

// ---- sign-in and start ----------------------------------------------------------------

async function start() {
  try {
    state.me = (await api('/me')).me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showSignIn();
    throw error;
  }
  if (!['admin', 'supervisor'].includes(state.me.role)) {
    fill($('main'), h('p', { class: 'card', role: 'alert' }, bi('console.only_admins')));
    return;
  }
  state.sections = state.me.role === 'admin' ? SECTIONS : SECTIONS.filter((s) => s.supervisor);
  $('signin').hidden = true;
  fill($('who'), state.me.name);
  $('sign-out').hidden = false;
  state.sites = (await api('/admin/sites')).sites;
  state.siteId = Number(localStorage.getItem('sunbeon.admin.site')) || state.sites[0]?.id;
  if (!state.sites.some((s) => s.id === state.siteId)) state.siteId = state.sites[0]?.id;
  fillSites();
  $('site-pick').hidden = false;
  renderNav();
  connect();
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  show(location.hash.slice(1));
}

function showSignIn() {
  $('signin').hidden = false;
  $('signin-form').onsubmit = async (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    try {
      await api('/auth/login', { method: 'POST', body: { login: data.get('login'), password: data.get('password') } });
      start();
    } catch (error) {
      event.target.querySelector('[data-error]').textContent = refusal(error);
    }
  };
}

$('sign-out').onclick = async () => {
  await api('/auth/logout', { method: 'POST' });
  location.reload();
};

function fillSites() {
  fill($('site'), state.sites.map((s) => h('option', { value: s.id, selected: s.id === state.siteId }, `${ko(s.names)} (${s.code})`)));
  $('site').onchange = () => {
    state.siteId = Number($('site').value);
    localStorage.setItem('sunbeon.admin.site', state.siteId);
    show(state.section);
  };
}

function renderNav() {
  const nav = $('sections');
  fill(nav, state.sections.map((s) => h('a', { href: `#${s.key}`, dataset: { key: s.key } }, bi(s.title))));
  nav.hidden = false;
}

// ---- live ------------------------------------------------------------------------------

function connect() {
  const socket = io({ transports: ['websocket', 'polling'] });
  const live = $('live');
  socket.on('connect', () => { live.textContent = both('live.on'); live.classList.remove('is-offline'); });
  socket.on('disconnect', () => { live.textContent = both('live.off'); live.classList.add('is-offline'); });
  socket.on('storage', showStorage);
  socket.on('connect', checkHealth);  // a fault that began before this console connected
  setInterval(checkHealth, HEALTH_SECONDS * 1000);
  socket.on('event', (event) => {
    if (event.type === 'config.changed' && event.site_id === state.siteId) {
      if (state.section === 'maps' && event.data.what === 'map') state.mapEditor?.changed();
      else if ((SHOWS[event.data.what] || []).includes(state.section) && !formOpen()) show(state.section);
    } else if (event.type === 'printer.status') {
      state.printers.set(event.data.printer_id, event.data);
      const cell = document.querySelector(`[data-printer-state="${event.data.printer_id}"]`);
      if (cell) fill(cell, printerState(event.data));
      toast(`${event.data.device}: ${event.data.message || event.data.state}`, { error: printerLook(event.data.state) === 'bad' });
    }
  });
}

// The server's health (/healthz), asked on connecting and every HEALTH_SECONDS: the
// message queue's state is told by no event, and a database server that cannot be
// reached ends without a commit to announce it.
const HEALTH_SECONDS = 10;
async function checkHealth() {
  const health = await fetch('/healthz').then((r) => r.json()).catch(() => null);
  if (!health) return;
  showStorage({ ok: health.status === 'ok', reason: health.reason });
  showQueue(health.message_queue !== 'down');
}

// The database cannot be written (full disk, read-only, locked) or its server reached:
// nothing can be saved and kiosks are retrying; said until writes work again.
function showStorage({ ok, reason }) {
  const alert = $('storage-alert');
  alert.hidden = ok;
  alert.textContent = ok ? '' : both(reason === 'unreachable' ? 'storage.alert.unreachable' : 'storage.alert', { reason });
}

// The message queue (Redis) is down: screens on the other server processes learn of
// calls only from the heartbeat, seconds late; said until it is back.
function showQueue(up) {
  const alert = $('queue-alert');
  alert.hidden = up;
  alert.textContent = up ? '' : both('queue.alert');
}

const formOpen = () => $('panel-form').childElementCount > 0;

// ---- sections ------------------------------------------------------------------------------

async function loadOptions() {
  const q = `?site_id=${state.siteId}`;
  const [departments, services, counters, surveys] = await Promise.all([
    api(`/admin/departments${q}`), api(`/admin/services${q}`), api(`/admin/counters${q}`),
    api(`/admin/surveys${q}`)]);
  const list = (items, label) => items.items.map((r) => ({ id: r.id, label: label(r) }));
  const options = {
    departments: list(departments, (r) => t('option.department', { name: ko(r.names), floor: r.floor }, 'ko')),
    services: list(services, (r) => ko(r.names)),
    counters: list(counters, (r) => t('option.counter', { number: r.number, name: ko(r.names) }, 'ko').trim()),
    surveys: list(surveys, (r) => `${ko(r.titles)} (${r.starts_on} ~ ${r.ends_on})`),
  };
  options.name = (kind, id) => options[kind].find((o) => o.id === id)?.label ?? '—';
  return options;
}

async function show(key) {
  const section = state.sections.find((s) => s.key === key) || state.sections[0];
  state.section = section.key;
  if (state.untranslated?.section !== section.key) state.untranslated = null;
  state.mapEditor?.destroy();
  state.mapEditor = null;
  document.querySelectorAll('#sections a').forEach((a) => {
    if (a.dataset.key === section.key) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  $('panel').hidden = false;
  fill($('panel-title'), bi(section.title));
  fill($('panel-hint'), section.hint ? both(section.hint) : '');
  fill($('panel-tools'));
  fill($('panel-form'));
  fill($('panel-body'), h('p', { class: 'hint' }, both('list.loading')));
  // A section chosen while this one was loading draws instead: this one stops here.
  const turn = ++state.turn;
  state.options = await loadOptions();
  if (turn !== state.turn) return;
  const draw = { site: drawSite, devices: drawDevices, printers: drawPrinters,
    transfer: drawTransfer, maps: drawMaps, reports: () => drawReports(state.siteId),
    ...visitorSections({ state, openForm, table, button, show }),
    ...accessSections({ state, table, button, show }),
    ...providerSections({ state, openForm, button, show }),
    ...entranceSections({ state, button, show }) }[section.kind] || drawList;
  await draw(section);
}

function cell(value) {
  if (value && typeof value === 'object' && 'state' in value) return h('span', { class: `state-${value.state}` }, value.text);
  if (value && typeof value === 'object' && 'photo' in value) {
    return value.photo ? h('img', { class: 'photo', src: value.photo, alt: value.alt }) : '—';
  }
  return value ?? '';
}

// columns: [catalog key of the heading, the row's value]
function table(columns, rows, actions) {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([label]) => h('th', { scope: 'col' }, bi(label))),
      h('th', { scope: 'col' }, bi('list.actions')))),
    h('tbody', {}, rows.map((row) => h('tr', { dataset: { id: row.id } },
      columns.map(([, get]) => h('td', {}, cell(get(row, state.options)))),
      h('td', { class: 'actions' }, actions(row))))));
}

// A form in the panel: submit sends it, a refusal is shown beside the fields.
async function openForm({ title, model, values = {}, submit, done, skip }) {
  const form = await buildForm(model, values, { options: state.options, skip });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const element = h('form', { novalidate: true, 'aria-label': title.join(' ') },
    h('h2', {}, bi(title)), form.element, error,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary' }, bi('form.save')),
      h('button', { type: 'button', onclick: closeForm }, bi('form.cancel'))));
  element.onsubmit = async (event) => {
    event.preventDefault();
    try {
      const result = await submit(form.values());
      closeForm();
      toast(both('form.saved'));
      const missing = result?.missing_translations;
      state.untranslated = missing && Object.keys(missing).length ? { section: state.section, missing, model } : null;
      if (done) await done(result); else await show(state.section);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      form.showProblems(failure);
      error.textContent = refusal(failure, state.section);
    }
  };
  fill($('panel-form'), element);
  element.querySelector('input, select, textarea')?.focus();
  return element;
}

function closeForm() { fill($('panel-form')); }

// label: a catalog key, or a [ko, en] pair.
const button = (label, onclick, cls = '') => h('button', { type: 'button', class: cls, onclick }, bi(label));

async function drawList(section) {
  const path = `/admin/${section.key}`;
  const { items } = await api(`${path}?site_id=${state.siteId}`);
  const named = (lang) => t('list.new_title', { section: t(section.title, {}, lang) }, lang);
  fill($('panel-tools'), button('list.new', () => openForm({
    title: [named('ko'), named('en')], model: section.create,
    submit: (body) => api(`${path}?site_id=${state.siteId}`, { method: 'POST', body }) }), 'primary'));
  // Records kept in several languages get a column that marks the untranslated ones.
  const columns = items.some((r) => 'missing_translations' in r)
    ? [...section.columns, ['column.translations',
      (r) => missingMarker(r.missing_translations, (field) => fieldTitle(section.patch, field))]]
    : section.columns;
  fill($('panel-body'), lastSaveNotice(), items.length ? table(columns, items, (row) => [
    button('list.edit', () => openForm({ title: [t('list.edit', {}, 'ko'), t('list.edit', {}, 'en')], model: section.patch, values: row,
      submit: (body) => api(`${path}/${row.id}`, { method: 'PATCH', body }) })),
    section.toggle ? button(row[section.toggle.field] ? section.toggle.on : section.toggle.off, async () => {
      await api(`${path}/${row.id}`, { method: 'PATCH', body: { [section.toggle.field]: !row[section.toggle.field] } });
      toast(both('form.saved'));
      show(state.section);
    }) : null,
    section.staff ? staffActions(row) : null,
    section.sign ? button('sign.button', () => editSign(section.sign.subject, row, section.sign.name(row),
      { panel: $('panel-form'), close: closeForm, section: state.section })) : null,
    button('list.remove', async () => {
      if (!confirm(both('list.remove_confirm'))) return;
      try {
        await api(`${path}/${row.id}`, { method: 'DELETE' });
        toast(both('list.removed'));
        show(state.section);
      } catch (error) { toast(refusal(error, state.section), { error: true }); }
    }, 'danger'),
  ]) : h('p', { class: 'hint' }, both('list.none')));
}

// The last save's missing translations, said until dismissed.
function lastSaveNotice() {
  if (!state.untranslated) return '';
  const { missing, model } = state.untranslated;
  return untranslatedNotice(missing, (field) => fieldTitle(model, field), () => { state.untranslated = null; });
}

function staffActions(row) {
  return [button('photo.button', () => editPhoto(row, { panel: $('panel-form'), close: closeForm,
    saved: () => show(state.section) })),
    button('button.password', () => openForm({ title: pair('title.reset_password', { name: row.name }),
      model: 'PasswordReset', submit: (body) => api(`/admin/staff/${row.id}/password`, { method: 'POST', body }) })),
    button('button.sign_ins', () => showSessions({ state, table, button, show }, row))];
}

async function drawSite() {
  const site = state.sites.find((s) => s.id === state.siteId);
  fill($('panel-tools'), button('button.new_site', () => openForm({ title: pair('title.new_site'),
    model: 'SiteIn', values: { hours: site.hours },
    submit: (body) => api('/admin/sites', { method: 'POST', body }),
    done: async (result) => { state.sites = (await api('/admin/sites')).sites; state.siteId = result.site.id; fillSites(); show('site'); } })));
  fill($('panel-body'));
  const turn = state.turn;
  const element = await openForm({ title: pair('title.site', { name: ko(site.names), code: site.code }), model: 'SitePatch', values: site,
    submit: (body) => api(`/admin/sites/${site.id}`, { method: 'PATCH', body }),
    done: async () => { state.sites = (await api('/admin/sites')).sites; fillSites(); show('site'); } });
  if (turn !== state.turn) { element.remove(); return; }   // another section was chosen
  element.querySelector('.form-actions button:not(.primary)')?.remove();
  // The site's form stays, not as a pop-up; it replaces the body (a second click on the
  // section while the first was drawing would otherwise leave two forms).
  const form = $('panel-form').firstChild;
  if (form) fill($('panel-body'), form);
}

function onlineText(device) {
  if (device.revoked) return { state: 'bad', text: both('device.revoked') };
  return device.online ? { state: 'on', text: both('device.online', { n: device.connections }) }
    : { state: 'off', text: both('device.offline') };
}

function enrolled(result) {
  fill($('panel-form'), h('section', { class: 'result', 'aria-labelledby': 'enrolled-title' },
    h('h2', { id: 'enrolled-title' }, `${result.device.name}: `, bi('device.enrol_address')),
    h('p', { class: 'hint' }, both('device.enrol_hint')),
    h('p', { class: 'token', 'data-enrol-address': true }, result.address),
    (() => { const qr = h('div', { class: 'qr', role: 'img', 'aria-label': 'QR' }); qr.innerHTML = result.qr_svg; return qr; })(),
    button('button.close', () => { closeForm(); show('devices'); })));
}

async function drawDevices() {
  const { items } = await api(`/admin/devices?site_id=${state.siteId}`);
  fill($('panel-tools'), button('button.enrol_a_device', () => openForm({ title: pair('title.enrol_device'),
    model: 'DeviceIn', submit: (body) => api(`/admin/devices?site_id=${state.siteId}`, { method: 'POST', body }),
    done: enrolled }), 'primary'));
  const columns = [['column.name', (r) => r.name], ['column.kind', (r) => choice('kind', r.kind)], ['column.page', (r) => r.page],
    ['column.state', onlineText], ['column.last_seen', (r) => (r.last_seen || '—').replace('T', ' ').slice(0, 19)]];
  fill($('panel-body'), table(columns, items, (row) => [
    button('button.settings', () => openForm({ title: pair('title.device_settings', { name: row.name }), model: 'DevicePatch', values: row,
      submit: (body) => api(`/admin/devices/${row.id}`, { method: 'PATCH', body }) })),
    button('button.new_token', async () => {
      if (!confirm(both('device.token_confirm'))) return;
      enrolled(await api(`/admin/devices/${row.id}/token`, { method: 'POST' }));
    }),
    row.revoked ? null : button('button.revoke', async () => {
      if (!confirm(both('device.revoke_confirm', { name: row.name }))) return;
      await api(`/admin/devices/${row.id}/revoke`, { method: 'POST' });
      toast(both('device.revoked_done'));
      show('devices');
    }, 'danger'),
  ]));
}

// A printer's state as the server names it (server/printing/status.py): "ok" is healthy,
// "unknown" is a connection that cannot tell; every other state needs someone.
const PRINTER_LOOKS = { ok: 'on', unknown: 'off' };
const printerLook = (state) => PRINTER_LOOKS[state] ?? 'bad';

function printerState(p) {
  return cell({ state: printerLook(p.state),
    text: p.state_message || p.message || p.state });   // the server names it in both languages
}

async function drawPrinters() {
  const [{ items }, { printers }, { profiles }] = await Promise.all([
    api(`/admin/devices?site_id=${state.siteId}`), api(`/printers?site_id=${state.siteId}`), api('/admin/printer-profiles')]);
  const byDevice = new Map(printers.map((p) => [p.device_id, p]));
  const kiosks = items.filter((d) => d.kind === 'kiosk');
  fill($('panel-hint'), both('printers.models', { models: profiles.map((p) => p.key).join(', ') }));
  const columns = [['column.kiosk', (r) => r.name], ['column.model', (r) => byDevice.get(r.id)?.profile ?? '—'],
    ['column.connection', (r) => byDevice.get(r.id)?.connection ?? '—'], ['column.state', () => '']];
  const t = table(columns, kiosks, (row) => {
    const printer = byDevice.get(row.id);
    return [
      button('button.set_up', () => openForm({ title: pair('title.printer', { name: row.name }), model: 'PrinterSettings',
        values: printer || {}, submit: (body) => api(`/devices/${row.id}/printer`, { method: 'PUT', body }) })),
      printer ? button('button.test_print', async () => {
        try { await api(`/printers/${printer.id}/test`, { method: 'POST' }); toast(both('printers.test_sent')); }
        catch (error) { toast(refusal(error, 'printers'), { error: true }); }
      }) : null];
  });
  t.querySelectorAll('tbody tr').forEach((tr, i) => {
    const printer = byDevice.get(kiosks[i].id);
    const stateCell = tr.children[3];
    if (printer) { stateCell.dataset.printerState = printer.id; fill(stateCell, printerState(printer)); }
  });
  fill($('panel-body'), t);
}

async function drawTransfer() {
  const site = state.sites.find((s) => s.id === state.siteId);
  const file = h('input', { type: 'file', id: 'import-file', accept: 'application/json,.json' });
  const code = h('input', { id: 'import-code', required: true, maxlength: 32, placeholder: 'hapdeok-2' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, bi('title.import')),
    h('label', { for: 'import-file' }, bi('label.config_file'), file),
    h('label', { for: 'import-code' }, bi('label.new_site_code'), code), error,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, bi('button.import'))));
  form.onsubmit = async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      if (!file.files[0]) throw new ApiError(400, 'no_file', 'Choose a file.');
      let config;
      try { config = JSON.parse(await file.files[0].text()); }
      catch (e) { throw new ApiError(400, 'invalid_json', 'Not a JSON file.'); }
      const result = await api('/admin/sites/import', { method: 'POST', body: { code: code.value.trim(), config } });
      state.sites = (await api('/admin/sites')).sites;
      fillSites();
      toast(both('transfer.imported', { counts: Object.entries(result.imported).map(([k, v]) => `${k} ${v}`).join(', ') }));
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      error.textContent = refusal(failure, 'transfer');
    }
  };
  fill($('panel-body'), h('section', { class: 'card' },
    h('h2', {}, bi('title.export')),
    h('p', { class: 'hint' }, both('transfer.export_hint')),
    h('div', { class: 'form-actions' }, button('button.download_file', async () => {
      const document_ = await api(`/admin/sites/${site.id}/export`);
      const link = h('a', { href: URL.createObjectURL(new Blob([JSON.stringify(document_, null, 2)], { type: 'application/json' })),
        download: `sunbeon-${site.code}.json` });
      link.click();
      URL.revokeObjectURL(link.href);
    }, 'primary'))), form);
}

async function drawMaps() {
  fill($('panel-body'));
  const editor = await mountMapEditor($('panel-body'), { siteId: state.siteId, departments: state.options.departments });
  if (state.section !== 'maps' || state.mapEditor) editor.destroy();  // left (or reopened) meanwhile
  else state.mapEditor = editor;
}

start();
