// My presence: available, away (until the time I give), closed. Colleagues' consoles,
// the counter display and the seat chart follow it; while I am away, colleagues are
// offered the visitors waiting for me.
import { api } from '/static/common/api.js';
import { fromLocalInput, localInput, soon, today } from './clock.js';
import { ask } from './dialog.js';
import { $, toast } from '/static/common/dom.js';
import { both, refusal } from './labels.js';
import { load, on } from './state.js';

export async function setPresence(presence) {
  const body = { presence };
  if (presence === 'away') {
    const data = await ask('away-dialog', {
      prepare: (form) => { form.elements.until.value = localInput(soon(30)).slice(11); },
    });
    if (!data) return;
    body.away_until = fromLocalInput(`${today()}T${data.get('until')}`);
  }
  try {
    await api('/staff/me/presence', { method: 'POST', body });
    toast(both(`presence.${presence}`));
  } catch (error) {
    toast(refusal(error), { error: true });
  }
  await load('desk').catch(() => {});
}

export function setUpPresence() {
  for (const button of $('presence').querySelectorAll('[data-presence]')) {
    button.addEventListener('click', () => setPresence(button.dataset.presence));
  }
  on('desk', (s) => {
    for (const button of $('presence').querySelectorAll('[data-presence]')) {
      button.setAttribute('aria-pressed', String(button.dataset.presence === s.desk.me.presence));
    }
  });
}
