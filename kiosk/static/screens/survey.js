// The yearly satisfaction survey, while the admin's period runs (GET /survey, kept in
// kiosk.survey): the visitor types the number on their paper ticket, found as for a
// rating (today's ticket, served; once per ticket), answers the questions one screen
// each (any may be skipped) and sends them together (POST /survey/responses). Nothing
// about the visitor is asked or kept.
//
// Every choice shows, and the voice guide says, its number, and that number is the answer:
// agree5 1 전혀 그렇지 않다 … 5 매우 그렇다, yes_no 1 예 · 2 아니요 (numbered options: the
// digit key chooses), score11 0 … 10 (a pad of eleven keys: a digit key chooses its value;
// 1 then 0 chooses 10).
import { api } from '/static/common/api.js';
import { h } from '/static/common/dom.js';
import { msg, named, render } from '/static/common/i18n.js';
import { back, current, go, home } from '../router.js';
import { kiosk } from '../state.js';
import { button, notice, option, options, screenHead } from '../parts.js';
import { announce } from '../voice.js';
import { numberEntry, refusalOf, refusedCard } from './rate.js';

// Why a number cannot answer, by the API's error code.
const REFUSALS = {
  not_found: { title: msg('rate.not_found'), text: msg('rate.not_found_text') },
  not_finished: { title: msg('rate.not_finished'), text: msg('survey.not_finished_text') },
  expired: { title: msg('survey.expired'), text: msg('survey.expired_text') },
  already_answered: { title: msg('survey.already_answered'), text: msg('survey.already_answered_text') },
  no_survey: { title: msg('survey.no_survey'), text: msg('survey.no_survey_text') },
  offline: { title: msg('rate.offline'), text: msg('rate.offline_text') },
};
// 1 then 0 within this time is 10 on the 0-10 scale.
const TEN_WITHIN_MS = 1500;

export const survey = {
  timeout: 'screen',
  live: false,
  render(params) {
    const running = kiosk.survey;
    return numberEntry(params, { name: 'survey', title: running ? named(running.titles) : msg('home.survey'),
      intro: msg('survey.intro'), known: REFUSALS,
      lookup: (number) => api(`/survey/ticket?number=${encodeURIComponent(number)}`),
      found: ({ ticket }) => go('survey-question', { survey: running, number: ticket.display_number,
        index: 0, answers: {} }),
      refused: (reason, number) => go('survey-refused', { reason, number }) });
  },
};

// The words of a scale's values, 1 first (each key written out, so that the catalogs'
// check sees it used).
const SCALE_WORDS = {
  agree5: () => [msg('survey.agree5.1'), msg('survey.agree5.2'), msg('survey.agree5.3'),
    msg('survey.agree5.4'), msg('survey.agree5.5')],
  yes_no: () => [msg('survey.yes_no.1'), msg('survey.yes_no.2')],
};

// The words of a scale's value: agree5 and yes_no have words, score11 is its number.
function choiceWords(scale, value) {
  return scale === 'score11' ? String(value) : SCALE_WORDS[scale]()[value - 1];
}

export const surveyQuestion = {
  timeout: 'screen',
  live: false,
  render(params) {
    const { survey: running, index, answers } = params;
    const question = running.questions[index];
    const last = index === running.questions.length - 1;
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    const ui = { params, status };
    const chosen = h('p', { class: 'survey-chosen', 'aria-live': 'polite' });
    const mark = () => {
      const value = answers[question.id];
      for (const el of scaleBox.querySelectorAll('[data-value]')) {
        el.setAttribute('aria-pressed', String(Number(el.dataset.value) === value));
      }
      chosen.replaceChildren(...(value === undefined ? []
        : [h('span', { text: msg('survey.chosen', { choice: choiceLabel(question.scale, value) }) })]));
    };
    const choose = (value) => {
      answers[question.id] = value;
      mark();
      announce(msg('survey.chosen', { choice: choiceLabel(question.scale, value) }));
    };
    const scaleBox = question.scale === 'score11' ? scorePad(question, choose) : options(
      question.values.map((value) => {
        const item = option({ n: value, key: `answer-${value}`, label: choiceWords(question.scale, value),
          onClick: () => choose(value) });
        item.dataset.value = value;
        item.classList.add('option-answer');
        return item;
      }), `options-answers options-${question.scale}`);
    mark();
    return h('div', { class: `survey-question survey-${question.scale}`, 'data-question': question.id },
      h('p', { class: 'survey-progress', text: msg('survey.progress', { n: index + 1, total: running.questions.length }) }),
      screenHead(named(question.texts),
        question.scale === 'score11' ? msg('survey.choose_score') : msg('survey.choose')),
      scaleBox,
      chosen,
      status,
      h('div', { class: 'actions' },
        button({ label: last ? msg('survey.send') : msg('survey.next'), iconName: 'check', key: 'survey-next',
          id: 'survey-next', onClick: () => (last ? send(ui) : next(params)) }),
        button({ label: msg('survey.skip'), kind: 'tertiary', key: 'survey-skip',
          onClick: () => { delete answers[question.id]; if (last) send(ui); else next(params); } })));
  },
};

// "7" on the 0-10 scale, "4 그렇다" on the others: as the screen shows the choice.
function choiceLabel(scale, value) {
  if (scale === 'score11') return { render: () => String(value) };
  return { render: (lang) => `${value} ${render(choiceWords(scale, value), lang)}` };
}

// Eleven keys, 0 to 10, with the meaning of both ends said under them. The keypad's digits
// choose (keypad.js gives them to a data-digits element): 1 then 0 soon after is 10.
function scorePad(question, choose) {
  let lastKey = { key: null, at: 0 };
  const keys = question.values.map((value) => h('button', { type: 'button',
    class: 'btn btn-secondary survey-score', 'data-key': `answer-${value}`, 'data-value': value,
    onclick: () => choose(value) }, h('span', { text: String(value), 'data-no-speak': '' })));
  const pad = h('div', { class: 'survey-score-pad', 'data-digits': '', role: 'group' }, keys);
  pad.__accepts = (key) => /^[0-9]$/.test(key);
  pad.__digit = (key) => {
    const now = Date.now();
    const ten = key === '0' && lastKey.key === '1' && now - lastKey.at < TEN_WITHIN_MS;
    lastKey = { key, at: now };
    choose(ten ? 10 : Number(key));
  };
  pad.__erase = () => false;
  return h('div', { class: 'survey-score-box' }, pad,
    h('div', { class: 'survey-score-ends' },
      h('span', { text: msg('survey.score_low') }), h('span', { text: msg('survey.score_high') })));
}

function next(params) {
  go('survey-question', { ...params, index: params.index + 1 });
}

async function send(ui) {
  const { params } = ui;
  if (params.sending) return;
  params.sending = true;
  const entry = current();
  const answers = params.survey.questions.filter((q) => params.answers[q.id] !== undefined)
    .map((q) => ({ question_id: q.id, value: params.answers[q.id] }));
  try {
    await api('/survey/responses', { method: 'POST', body: { survey_id: params.survey.id,
      display_number: params.number, answers } });
    if (current() === entry) go('survey-done', {}, { root: true });
  } catch (error) {
    if (current() !== entry) return;
    const reason = refusalOf(error, REFUSALS);
    if (reason === 'offline') {
      // The answers are kept; the visitor may send again.
      ui.status.replaceChildren(notice(msg('rate.offline_text'), { iconName: 'offline', tone: 'warning' }));
      announce(msg('rate.offline_text'));
    } else {
      go('survey-refused', { reason, number: params.number }, { root: true });
    }
  } finally {
    params.sending = false;
  }
}

export const surveyRefused = {
  timeout: 'screen',
  live: false,
  render({ reason, number }) {
    const refusal = REFUSALS[reason] || REFUSALS.not_found;
    // Once answered, or no survey: typing another number would not help.
    const again = !['already_answered', 'no_survey'].includes(reason);
    return h('div', { class: 'rate-refused survey-refused', 'data-reason': reason },
      screenHead(refusal.title),
      refusedCard(refusal, reason, number),
      h('div', { class: 'actions' },
        again && button({ label: reason === 'offline' ? msg('rate.retry') : msg('rate.again'), iconName: 'back',
          kind: 'secondary', key: 'survey-again', onClick: back }),
        button({ label: msg('nav.home'), iconName: 'home', kind: again ? 'tertiary' : 'primary',
          key: 'survey-home', onClick: home })));
  },
};

export const surveyDone = {
  timeout: 'ticket',
  live: false,
  render() {
    return h('div', { class: 'rate-done survey-done' },
      screenHead(msg('survey.thanks'), msg('survey.thanks_text')),
      h('div', { class: 'actions' },
        button({ label: msg('rate.ok'), iconName: 'check', key: 'survey-ok', onClick: home })));
  },
};
