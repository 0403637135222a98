// Leave feedback (POST /feedback with the kiosk's token): what kind (a complaint on one of
// the charter's grounds, praise, a suggestion) -> for praise, whom (a counter or an officer,
// or nobody) -> the words -> whether to get the answer by e-mail (only after the consent
// screen) -> confirmation.
// The words: the kiosk has no on-screen Hangul keyboard (search.js explains why), so the
// visitor taps common phrases for the chosen kind, and may add a short text on a physical
// keyboard where the kiosk has one. Phrases are stored in the visitor's language with the
// Korean after them, so that staff can read every item.
// One draft object travels through the screens' params, so "back" keeps every choice.
import { api } from '/static/common/api.js';
import { h } from '/static/common/dom.js';
import { bindAttr, language, msg, named, render } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { current, go, home } from '../router.js';
import { kiosk } from '../state.js';
import { button, notice, option, options, screenHead, scrolling } from '../parts.js';
import { emailKeys, isEmail } from '../email-keys.js';
import { announce } from '../voice.js';
import { toggle } from './rate.js';

const TEXT_MAX = 200;

const KINDS = [
  { key: 'unkindness', kind: 'complaint', ground: 'unkindness', iconName: 'warn',
    label: msg('feedback.kind_unkindness'), hint: msg('feedback.kind_unkindness_hint') },
  { key: 'unfaithful', kind: 'complaint', ground: 'unfaithful', iconName: 'warn',
    label: msg('feedback.kind_unfaithful'), hint: msg('feedback.kind_unfaithful_hint') },
  { key: 'other', kind: 'complaint', ground: 'other', iconName: 'info',
    label: msg('feedback.kind_other'), hint: msg('feedback.kind_other_hint') },
  { key: 'praise', kind: 'praise', ground: null, iconName: 'star',
    label: msg('feedback.kind_praise'), hint: msg('feedback.kind_praise_hint') },
  { key: 'suggestion', kind: 'suggestion', ground: null, iconName: 'help',
    label: msg('feedback.kind_suggestion'), hint: msg('feedback.kind_suggestion_hint') },
];

// Common phrases per kind, tapped instead of typed.
const PHRASES = {
  unkindness: [msg('feedback.phrase.rude'), msg('feedback.phrase.ignored'), msg('feedback.phrase.hurried')],
  unfaithful: [msg('feedback.phrase.wrong'), msg('feedback.phrase.sent_around'), msg('feedback.phrase.not_explained')],
  other: [msg('feedback.phrase.long_wait'), msg('feedback.phrase.hard_kiosk'), msg('feedback.phrase.signs')],
  praise: [msg('feedback.phrase.kind'), msg('feedback.phrase.clear'), msg('feedback.phrase.quick')],
  suggestion: [msg('feedback.phrase.more_seats'), msg('feedback.phrase.more_signs'), msg('feedback.phrase.parking')],
};

// The API's refusals, in the visitor's language.
const ERRORS = {
  email: msg('feedback.error_email'),
  text: msg('feedback.error_text'),
  consent_required: msg('feedback.error_consent'),
  offline: msg('feedback.error_offline'),
  other: msg('feedback.error_other'),
};

export const feedback = {
  timeout: 'screen',
  live: false,
  render() {
    return h('div', { class: 'feedback' },
      screenHead(msg('feedback.title'), msg('feedback.intro')),
      options(KINDS.map((item, i) => option({ n: i + 1, key: `kind-${item.key}`, iconName: item.iconName,
        label: item.label, details: [item.hint],
        onClick: () => {
          const draft = { ...item, phrases: [], text: '', aboutCounter: null, aboutStaff: null, email: '' };
          go(item.kind === 'praise' ? 'feedback-about' : 'feedback-text', { draft });
        } }))));
  },
};

// Praise names a counter or an officer, or nobody. Live: the counters come with the live
// connection's first snapshot, which may arrive after this screen is drawn.
export const feedbackAbout = {
  timeout: 'screen',
  live: true,
  render({ draft }) {
    const counters = [...kiosk.counters].sort((a, b) => a.number - b.number);
    const items = [
      option({ n: 1, key: 'about-nobody', iconName: 'check', label: msg('feedback.about_nobody'),
        onClick: () => about(draft, null, null) }),
      option({ n: 2, key: 'about-staff', iconName: 'person', label: msg('feedback.about_staff'),
        details: [msg('feedback.about_staff_hint')], onClick: () => go('feedback-staff', { draft }) }),
      ...counters.map((counter, i) => option({ n: i + 3, key: `about-counter-${counter.number}`, iconName: 'ticket',
        label: msg('staff.counter', { n: counter.number }),
        onClick: () => about(draft, counter.number, null) })),
    ];
    return h('div', { class: 'feedback-about' },
      screenHead(msg('feedback.about_title'), msg('feedback.about_intro')),
      options(items, 'options-grid'));
  },
};

function about(draft, counterNumber, staff) {
  draft.aboutCounter = counterNumber;
  draft.aboutStaff = staff;
  go('feedback-text', { draft });
}

// An officer: first the department, then the people in it (names are shown, not read aloud).
export const feedbackStaff = {
  timeout: 'screen',
  live: false,
  render(params) {
    const { draft } = params;
    const list = h('div', { class: 'feedback-staff-list', 'aria-live': 'polite' });
    const entry = current();
    const departments = kiosk.departments.map((dept, i) => option({ n: i + 1, key: `dept-${dept.id}`, iconName: 'map',
      label: named(dept.names), onClick: () => showStaff(params, dept.id, list, entry) }));
    if (params.departmentId) queueMicrotask(() => showStaff(params, params.departmentId, list, entry));
    return h('div', { class: 'feedback-staff' },
      screenHead(msg('feedback.staff_title'), msg('feedback.staff_intro')),
      options(departments, 'options-grid'),
      list);

    function showStaff(state, departmentId, box, shownEntry) {
      state.departmentId = departmentId;
      box.replaceChildren(notice(msg('status.loading'), { iconName: 'clock' }));
      api(`/staff?department_id=${departmentId}`).then(({ staff }) => {
        if (current() !== shownEntry) return;
        box.replaceChildren(staff.length ? h('div', { class: 'chips' }, staff.map((person) => {
          const pick = h('button', { type: 'button', class: 'btn btn-secondary', 'data-key': `staff-${person.id}`,
            'data-private': '', onclick: () => about(draft, null, person) }, icon('person'), h('span', { text: person.name }));
          return pick;
        })) : notice(msg('staff.none')));
        box.querySelector('button')?.scrollIntoView({ block: 'nearest' });
      }).catch(() => {
        if (current() === shownEntry) box.replaceChildren(notice(msg('feedback.error_offline'), { iconName: 'offline', tone: 'warning' }));
      });
    }
  },
};

// The words: phrases to tap, and a short text for a physical keyboard.
export const feedbackText = {
  timeout: 'screen',
  live: false,
  render({ draft }) {
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    const phrases = h('div', { class: 'chips phrases' }, PHRASES[draft.key].map((phrase, i) =>
      toggle(`phrase-${i + 1}`, phrase, draft.phrases.includes(phrase), (on) => {
        draft.phrases = on ? [...draft.phrases, phrase] : draft.phrases.filter((p) => p !== phrase);
      })));
    const input = h('input', { type: 'text', id: 'feedback-text', class: 'search-input', size: '1', autocomplete: 'off',
      maxlength: String(TEXT_MAX), spellcheck: 'false' });
    bindAttr(input, 'aria-label', msg('feedback.text_label'));
    input.value = draft.text;
    input.addEventListener('input', () => { draft.text = input.value; });
    const whom = draft.aboutStaff ? msg('feedback.about_chosen_staff')
      : draft.aboutCounter ? msg('staff.counter', { n: draft.aboutCounter }) : null;
    // Whom the words are about is read with the title, and stays up with it in low-screen mode.
    const head = screenHead(draft.label, msg('feedback.text_intro'));
    if (whom) head.append(notice(whom, { iconName: 'person' }));
    return h('div', { class: 'feedback-text' },
      head,
      h('section', { class: 'card' }, h('h2', { text: msg('feedback.phrases') }),
        scrolling(phrases, { name: 'phrases' })),
      h('section', { class: 'card' },
        h('h2', { text: msg('feedback.text_title') }),
        h('p', { class: 'intro', text: msg('feedback.text_hint', { n: TEXT_MAX }) }),
        h('div', { class: 'search-box' }, icon('info'), input)),
      status,
      h('div', { class: 'actions' }, button({ label: msg('feedback.next'), iconName: 'check', key: 'feedback-next',
        id: 'feedback-next', onClick: () => {
          if (!draft.phrases.length && !draft.text.trim()) {
            status.replaceChildren(notice(ERRORS.text, { iconName: 'warn', tone: 'warning' }));
            announce(ERRORS.text);
            return;
          }
          go('feedback-contact', { draft });
        } })));
  },
};

// The explicit consent step: what is kept, why, and for how long, before any address.
export const feedbackContact = {
  timeout: 'screen',
  live: false,
  render({ draft }) {
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    return h('div', { class: 'feedback-contact' },
      screenHead(msg('feedback.contact_title'), msg('feedback.contact_intro')),
      h('section', { class: 'card consent' },
        h('h2', { text: msg('feedback.consent_title') }),
        h('ul', { class: 'consent-list' },
          h('li', { text: msg('feedback.consent_what') }),
          h('li', { text: msg('feedback.consent_why') }),
          h('li', { text: msg('feedback.consent_until') }),
          h('li', { text: msg('feedback.consent_optional') }))),
      status,
      options([
        option({ n: 1, key: 'consent-no', iconName: 'check', label: msg('feedback.consent_no'),
          details: [msg('feedback.consent_no_hint')], onClick: () => submit(draft, { email: null, status }) }),
        option({ n: 2, key: 'consent-yes', iconName: 'yes', label: msg('feedback.consent_yes'),
          details: [msg('feedback.consent_yes_hint')], onClick: () => go('feedback-email', { draft }) }),
      ], 'options-pair'));
  },
};

// The address, on the shared e-mail keys (or a physical keyboard). Never read aloud.
export const feedbackEmail = {
  timeout: 'screen',
  live: false,
  render({ draft }) {
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    const { field, keys } = emailKeys({ id: 'feedback-email', value: () => draft.email,
      onChange: (value) => { draft.email = value; status.replaceChildren(); } });
    return h('div', { class: 'feedback-email' },
      screenHead(msg('feedback.email_title'), msg('feedback.email_intro')),
      field,
      status,
      keys,
      h('div', { class: 'actions' }, button({ label: msg('feedback.send'), iconName: 'check', key: 'feedback-send',
        id: 'feedback-send', onClick: () => {
          if (!isEmail(draft.email.trim())) {
            status.replaceChildren(notice(ERRORS.email, { iconName: 'warn', tone: 'warning' }));
            announce(ERRORS.email);
            return;
          }
          submit(draft, { email: draft.email.trim(), status });
        } })));
  },
};

// The text as staff read it: the phrases in the visitor's language (Korean after them when
// that is another language), then what the visitor typed.
function storedText(draft) {
  const lang = language();
  const lines = draft.phrases.map((phrase) =>
    (lang === 'ko' ? render(phrase, 'ko') : `${render(phrase, lang)} (${render(phrase, 'ko')})`));
  if (draft.text.trim()) lines.push(draft.text.trim());
  return lines.join('\n');
}

async function submit(draft, { email, status }) {
  if (draft.sending) return;
  draft.sending = true;
  const entry = current();
  status.replaceChildren(notice(msg('status.loading'), { iconName: 'clock' }));
  try {
    await api('/feedback', { method: 'POST', body: {
      kind: draft.kind, ground: draft.ground, text: storedText(draft), lang: language(),
      about_staff_id: draft.aboutStaff?.id ?? null, about_counter_number: draft.aboutCounter,
      email, consent: Boolean(email) } });
    if (current() === entry) go('feedback-done', { byEmail: Boolean(email) }, { root: true });
  } catch (error) {
    if (current() !== entry) return;
    const text = errorText(error);
    status.replaceChildren(notice(text, { iconName: 'warn', tone: 'warning' }));
    announce(text);
  } finally {
    draft.sending = false;
  }
}

function errorText(error) {
  if (error.offline || error.status >= 500 || error.status === 429) return ERRORS.offline;
  const field = error.details?.problems?.[0]?.field || '';
  if (field.startsWith('email')) return ERRORS.email;
  if (field.startsWith('text')) return ERRORS.text;
  return ERRORS[error.code] || ERRORS.other;
}

export const feedbackDone = {
  timeout: 'ticket',
  live: false,
  render({ byEmail }) {
    return h('div', { class: 'feedback-done' },
      screenHead(msg('feedback.thanks'), msg('feedback.thanks_text')),
      notice(byEmail ? msg('feedback.thanks_email') : msg('feedback.thanks_no_email'),
        { iconName: 'check', tone: 'success' }),
      h('div', { class: 'actions' },
        button({ label: msg('rate.ok'), iconName: 'check', key: 'feedback-ok', onClick: home })));
  },
};
