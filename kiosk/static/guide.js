// What a visitor should know before taking a number for a service: the documents to
// bring, the fee and who may apply, in the kiosk's language (Korean where the site has
// not translated them). Shown on the confirm step, above "번호표 받기" (beside it on a wide
// screen at 200 %, kiosk.css); the voice guide reads it with the screen, every line a text
// element.
import { h } from '/static/common/dom.js';
import { listed, msg, named, translation } from '/static/common/i18n.js';

const hasText = (texts) => Boolean(translation(texts, 'ko'));

export function hasGuide(service) {
  return Boolean(service) && (listed(service.documents).length > 0 || hasText(service.fee)
    || hasText(service.who_may_apply));
}

// The panel, or null when the site has written none of it for this service.
export function serviceGuide(service) {
  if (!hasGuide(service)) return null;
  const documents = listed(service.documents);
  const part = (name, title, body) => h('section', { class: `guide-part guide-${name}`, 'data-guide': name },
    h('h2', { class: 'guide-title', text: title }), body);
  return h('div', { class: 'card guide', id: 'service-guide' },
    documents.length > 0 && part('documents', msg('guide.documents'),
      h('ul', { class: 'guide-list' }, documents.map((item) => h('li', { text: item })))),
    hasText(service.fee) && part('fee', msg('guide.fee'),
      h('p', { class: 'guide-text', text: named(service.fee) })),
    hasText(service.who_may_apply) && part('who', msg('guide.who'),
      h('p', { class: 'guide-text', text: named(service.who_may_apply) })));
}
