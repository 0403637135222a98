// The sign-language guide (수어 안내) of a service or an information page: a video (MP4
// H.264 or WebM) and its Korean captions (WebVTT), each uploaded as it is (the server
// checks the bytes and refuses what a kiosk could not play), replaced or removed. The
// current video is shown with its captions, as the kiosk plays it.
import { api } from '/static/common/api.js';
import { fill, h, toast } from '/static/common/dom.js';
import { bi, both, refusal } from './words.js';

// subject: 'service' or 'page'; name: what the guide is about, in Korean.
export async function editSign(subject, row, name, { panel, close, section }) {
  const base = `/admin/sign-videos/${subject}/${row.id}`;
  const { videos } = await api(`/sign-videos?site_id=${row.site_id}`);
  const current = videos.find((v) => v.subject === subject && v.subject_id === row.id);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const videoFile = h('input', { type: 'file', id: 'sign-video-file', accept: 'video/mp4,video/webm' });
  const captionsFile = h('input', { type: 'file', id: 'sign-captions-file', accept: '.vtt,text/vtt' });

  async function send(path, field, input, options = {}) {
    error.textContent = '';
    const file = input?.files[0];
    if (input && !file) { error.textContent = both('sign.pick_first'); return; }
    const form = new FormData();
    if (file) form.append(field, file, file.name);
    try {
      await api(`${base}${path}`, { method: options.method || 'POST', form: file ? form : undefined, timeoutMs: 120000 });
      toast(both(options.done || 'sign.saved'));
      editSign(subject, row, name, { panel, close, section });
    } catch (failure) { error.textContent = refusal(failure, section); }
  }
  const remove = (path, question) => () => {
    if (confirm(both(question))) send(path, null, null, { method: 'DELETE', done: 'sign.removed' });
  };

  const preview = current && h('video', { class: 'sign-preview', src: current.video, controls: true, muted: true,
    preload: 'metadata', 'aria-label': both('sign.current') },
  current.captions && h('track', { kind: 'captions', srclang: 'ko', src: current.captions, default: true }));
  fill(panel, h('section', { class: 'card sign-editor-card', 'aria-labelledby': 'sign-title' },
    h('h2', { id: 'sign-title' }, bi('sign.title', { name })),
    h('p', { class: 'hint' }, bi('sign.hint')),
    preview || h('p', { class: 'hint' }, bi('sign.none')),
    h('label', { for: 'sign-video-file' }, bi('sign.video'), videoFile),
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => send('/video', 'video', videoFile) },
        bi(current ? 'sign.replace_video' : 'sign.upload_video')),
      current && h('button', { type: 'button', class: 'danger', onclick: remove('', 'sign.remove_confirm') },
        bi('sign.remove_video'))),
    current && h('label', { for: 'sign-captions-file' }, bi('sign.captions'), captionsFile),
    current && h('p', { class: 'hint' }, bi(current.captions ? 'sign.captions_set' : 'sign.captions_none')),
    current && h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => send('/captions', 'captions', captionsFile) },
        bi('sign.upload_captions')),
      current.captions && h('button', { type: 'button', class: 'danger',
        onclick: remove('/captions', 'sign.remove_captions_confirm') }, bi('sign.remove_captions'))),
    error,
    h('div', { class: 'form-actions' }, h('button', { type: 'button', onclick: close }, bi('sign.close')))));
  videoFile.focus();
}
