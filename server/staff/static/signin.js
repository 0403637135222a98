// Signing in and out. A session lasts the working day (12 hours); signing out is one
// click and also leaves the counter, so a shared PC is ready for the next officer.
import { api } from '/static/common/api.js';
import { $ } from '/static/common/dom.js';
import { refusal } from './labels.js';
import { askPermission } from './notify.js';
import { forgetPlace } from './setup.js';

// Resolves with the signed-in staff member.
export function signIn() {
  const form = $('signin-form');
  form.querySelector('input[name=login]').focus();
  return new Promise((resolve) => {
    form.onsubmit = async (event) => {
      event.preventDefault();
      askPermission();   // asked from the click: browsers only ask on a user gesture
      const data = new FormData(form);
      try {
        await api('/auth/login', { method: 'POST',
                                   body: { login: data.get('login'), password: data.get('password') } });
        const { me } = await api('/me');
        resolve(me);
      } catch (error) {
        form.querySelector('[data-error]').textContent = refusal(error);
      }
    };
  });
}

export async function signOut(desk) {
  if (desk?.counter && !desk.current) {
    await api(`/counters/${desk.counter.id}/close`, { method: 'POST' }).catch(() => {});
  }
  await api('/auth/logout', { method: 'POST' }).catch(() => {});
  forgetPlace();
  window.location.reload();
}
