// Forms in <dialog>: open one, get its FormData when submitted (null when cancelled).
// `submit(data)` may refuse by throwing; its message shows in the form and it stays open.
import { $ } from '/static/common/dom.js';

export function ask(id, { prepare = () => {}, submit = async () => {} } = {}) {
  const dialog = $(id);
  const form = dialog.querySelector('form');
  const error = form.querySelector('[data-error]');
  form.reset();
  if (error) error.textContent = '';
  prepare(form);
  return new Promise((resolve) => {
    form.onsubmit = async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const button = form.querySelector('[type=submit]');
      button.disabled = true;
      try {
        const result = await submit(data);
        dialog.close();
        resolve(result === undefined ? data : result);
      } catch (refused) {
        if (error) error.textContent = refused.message;
      } finally {
        button.disabled = false;
      }
    };
    for (const close of form.querySelectorAll('[data-close]')) close.onclick = () => dialog.close();
    dialog.onclose = () => resolve(null);
    dialog.showModal();
  });
}

export const dialogOpen = () => Boolean(document.querySelector('dialog[open]'));
