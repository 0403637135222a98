// One information page: its title and text (a blank line starts a paragraph), in the
// visitor's language (Korean when the page has none), ending with the charter's one-tap
// question (item 19): "Are you satisfied with the information on this page?"
// One answer per visit to the page, counted by the server (no visitor data); if it cannot
// be recorded (offline), nothing is shown as chosen.
import { api } from '/static/common/api.js';
import { h } from '/static/common/dom.js';
import { bindText, msg, named } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { signButton } from '../sign.js';
import { pageById } from '../state.js';
import { notice, screenHead, scrolling } from '../parts.js';

const ANSWERS = ['yes', 'no'];
const LABELS = { yes: msg('info.satisfied_yes'), no: msg('info.satisfied_no') };

export default {
  timeout: 'screen',
  live: true,
  render(params) {
    const page = pageById(params.pageId);
    if (!page) return h('div', {}, screenHead(msg('info.title')), notice(msg('info.gone')));
    // A name, not computed text: a page with no text in the visitor's language shows its
    // Korean tagged lang="ko" (read by a Korean voice, its words kept whole).
    const body = named(page.bodies);
    const buttons = ANSWERS.map((value) => h('button', { type: 'button', class: 'btn btn-tertiary toggle',
      'data-key': `satisfied-${value}`, 'aria-pressed': 'false', onclick: () => choose(params, value, buttons) },
    icon(value), h('span', { text: LABELS[value] }), h('span', { class: 'toggle-state' })));
    mark(buttons, params.answer);
    const sign = signButton('page', page.id, named(page.titles));
    return h('div', { class: 'info-page' },
      // The page's sign-language guide (수어), when it has one, beside the title: the text
      // and the question keep their height.
      sign ? h('div', { class: 'info-head' }, screenHead({ names: page.titles }), sign)
        : screenHead({ names: page.titles }),
      scrollingText(h('p', { class: 'info-text', text: body })),
      h('section', { class: 'card satisfaction', id: 'satisfaction' },
        h('h2', { text: msg('info.satisfied') }),
        h('div', { class: 'actions' }, buttons)));
  },
};

// A long text scrolls inside its own box, so the question below it stays in view.
function scrollingText(text) {
  const body = scrolling(text, { name: 'info', focusable: true });
  body.classList.add('card');
  return body;
}

// The choice is shown in words ("선택함") as well as by the pressed state.
async function choose(params, value, buttons) {
  if (params.answer) return;
  try {
    await api(`/info-pages/${params.pageId}/answer`, { method: 'POST', body: { satisfied: value === 'yes' } });
  } catch (error) {
    return;
  }
  params.answer = value;
  mark(buttons, value);
}

function mark(buttons, answer) {
  buttons.forEach((button, i) => {
    const chosen = ANSWERS[i] === answer;
    button.setAttribute('aria-pressed', String(chosen));
    const state = button.querySelector('.toggle-state');
    if (chosen) bindText(state, msg('info.chosen'));
    else {
      state.textContent = '';
      delete state.dataset.t;
    }
  });
}
