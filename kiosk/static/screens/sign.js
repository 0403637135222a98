// The sign-language guide (수어 안내) of a service or an information page: a large video,
// muted (it is signed; nothing is lost) so that it starts by itself, with its Korean
// captions under it from the start; replay, ask for sign interpreting, close. While it
// plays the idle countdown does not run out under the visitor. Played from the copy the
// kiosk keeps (sign.js), so it plays while the server is unreachable.
import { h } from '/static/common/dom.js';
import { bindAttr, msg } from '/static/common/i18n.js';
import { callStaff } from '../help.js';
import { pokeIdle } from '../idle.js';
import { back, go } from '../router.js';
import { signVideo } from '../sign.js';
import { button, notice, screenHead } from '../parts.js';

export default {
  timeout: 'screen',
  live: false,    // a redraw would restart the video
  render(params) {
    const guide = signVideo(params.subject, params.id);
    const close = button({ label: msg('sign.close'), kind: 'tertiary', key: 'sign-close', iconName: 'back', onClick: back });
    const ask = button({ label: msg('sign.request'), kind: 'secondary', key: 'sign-request', iconName: 'sign',
      onClick: () => { callStaff('sign'); go('help'); } });
    if (!guide) {
      return h('div', { class: 'sign' }, screenHead(msg('sign.title'), params.title),
        notice(msg('sign.gone'), { iconName: 'warn', tone: 'warning' }), h('div', { class: 'actions' }, ask, close));
    }
    const failed = h('div', { class: 'sign-failed', hidden: true },
      notice(msg('sign.unavailable'), { iconName: 'offline', tone: 'warning' }));
    const caption = guide.captions && h('p', { class: 'sign-caption', id: 'sign-caption', lang: 'ko',
      'aria-live': 'off', 'data-no-speak': '' });
    const track = guide.captions && captionsTrack(guide.captions, caption);
    const video = h('video', { class: 'sign-video', id: 'sign-video', src: guide.video, muted: true, autoplay: true,
      playsinline: true, preload: 'auto', label: msg('sign.video_label'),
      ontimeupdate: pokeIdle, onerror: () => { failed.hidden = false; } }, track);
    video.muted = true;   // the attribute alone is not the property in every engine
    if (track) track.track.mode = 'hidden';   // its cues are read, not drawn by the browser
    const replay = button({ label: msg('sign.replay'), kind: 'primary', key: 'sign-replay', iconName: 'replay',
      onClick: () => { video.currentTime = 0; video.play().catch(() => {}); } });
    return h('div', { class: 'sign' },
      screenHead(msg('sign.title'), params.title),
      h('div', { class: 'sign-stage' }, video, caption),
      failed,
      h('div', { class: 'actions sign-actions' }, replay, ask, close));
  },
};

// The track's own `label` (h() would make `label` an aria-label): the captions menu's name.
// The browser draws a showing track inside the video, where the player's box cuts it at
// some sizes: the track stays hidden and its active cues are written into `caption`, under
// the video, large and in every mode. Captions are for the eyes: neither the voice guide
// nor a screen reader reads each cue as it comes (data-no-speak, aria-live off).
function captionsTrack(src, caption) {
  const track = h('track', { kind: 'captions', srclang: 'ko', src,
    oncuechange: () => { caption.textContent = activeCueText(track.track); } });
  bindAttr(track, 'label', msg('sign.captions_label'));
  return track;
}

function activeCueText(textTrack) {
  return [...(textTrack.activeCues || [])]
    .map((cue) => cue.getCueAsHTML().textContent.trim()).filter(Boolean).join('\n');
}
