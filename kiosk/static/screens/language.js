// Language: each language named in itself (from the page, so it works offline).
import { h } from '/static/common/dom.js';
import { language, msg, setLanguage } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { back } from '../router.js';
import { option, options, screenHead } from '../parts.js';

const LANGUAGE_NAMES = JSON.parse(document.getElementById('languages').textContent);

async function choose(lang) {
  try {
    await setLanguage(lang);
  } catch (error) {
    return;   // offline: the notice says so; the current language stays
  }
  back();
}

export default {
  timeout: 'screen',
  live: false,
  render() {
    return h('div', {},
      screenHead(msg('lang.title')),
      options(LANGUAGE_NAMES.map(([lang, name], index) => {
        const item = option({
          n: index + 1, key: `lang-${lang}`, label: name,
          details: [lang === language() ? msg('lang.selected') : null],
          tag: lang === language() ? icon('check') : null,
          onClick: () => choose(lang),
        });
        item.querySelector('.option-label').lang = lang;
        if (lang === language()) item.setAttribute('aria-current', 'true');
        return item;
      }), 'options-grid'));
  },
};
