// The provider of visitors' text notices (KakaoTalk alimtalk and SMS/LMS): what is set,
// a form to change it, and a test send to a number the admin types.
//
// The console (main.js) lends its helpers as `kit`: {state, openForm, button, show}.
// Keys never reach this page: the API says of each only whether it is set, and its last
// four characters when the key is long enough for that to give nothing away.
import { api } from '/static/common/api.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, choiceBoth, pair } from './words.js';

const KEYS = ['kakao_sender_key', 'alimtalk_app_key', 'alimtalk_secret_key', 'sms_app_key', 'sms_secret_key',
  'api_key', 'api_secret'];

function keyState(key) {
  if (!key.set) return h('span', { class: 'state-off' }, both('state.key_not_set'));
  return h('span', { class: 'state-on' }, key.last4 ? both('state.key_set_ending', { last4: key.last4 }) : both('state.key_set'));
}

function settingsTable(provider) {
  const rows = [
    ['provider.provider', choiceBoth('provider', provider.provider)],
    ['provider.sender_number', provider.sender_number || '—'],
    ['provider.sms_failover', both(provider.sms_failover ? 'state.on' : 'state.off')],
    // One row per kind of notice the server has a template code for.
    ...Object.keys(provider).filter((key) => key.startsWith('template_')).map((key) =>
      [`provider.template.${key.slice('template_'.length)}`, provider[key] || '—']),
    ...KEYS.map((name) => [`provider.key.${name}`, keyState(provider.keys[name])]),
  ];
  return h('table', { class: 'figures', id: 'provider-settings' },
    h('caption', {}, bi('title.notice_provider')),
    h('tbody', {}, rows.map(([label, value]) => h('tr', { dataset: { field: label } },
      h('th', { scope: 'row' }, bi(label)), h('td', {}, value)))));
}

async function drawProviders(kit) {
  const { provider } = await api('/admin/notice-provider');
  const { keys: _keyStates, ...values } = provider;   // the form's values: no key states
  fill($('panel-tools'),
    kit.button('button.change_provider', () => kit.openForm({
      title: pair('title.notice_provider'), model: 'NoticeProviderIn', values,
      submit: (body) => api('/admin/notice-provider', { method: 'PUT', body }),
      done: () => kit.show('providers') }), 'primary'),
    kit.button('button.test_send', () => kit.openForm({
      title: pair('title.test_send'), model: 'NoticeProviderTest', values: { kind: 'called' },
      submit: (body) => api(`/admin/notice-provider/test?site_id=${kit.state.siteId}`,
        { method: 'POST', body, timeoutMs: 30000 }),
      done: (result) => toast(result.sent ? both('toast.test_sent', { to: result.to })
        : `${both('toast.test_not_sent', { to: result.to })} (${result.problem})`, { error: !result.sent }) })));
  fill($('panel-body'), settingsTable(provider));
}

// The section kinds this module draws, for main.js.
export function providerSections(kit) {
  return { providers: () => drawProviders(kit) };
}
