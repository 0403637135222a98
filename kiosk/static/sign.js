// Sign-language guides (수어 안내): the site's videos for services and information pages,
// with Korean captions, and the video-relay number shown with a sign-interpreting request.
// The kiosk keeps every video of its site in memory (as blobs, played through blob: URLs)
// once it has read them, so a guide still plays while the server cannot be reached; it
// reads them again when an admin changes one (config.changed, what "sign video").
// Until a video has arrived the kiosk plays it from the server's own origin.
import { api } from '/static/common/api.js';
import { msg } from '/static/common/i18n.js';
import { button } from './parts.js';
import { go } from './router.js';

export const sign = { relayPhone: '', videos: new Map() };   // "service:3" -> {video, captions}
const kept = new Map();   // server URL -> blob: URL (the same URL is the same file: names change on upload)

const keyOf = (subject, id) => `${subject}:${id}`;

export function signVideo(subject, id) {
  const entry = sign.videos.get(keyOf(subject, id));
  if (!entry) return null;
  return { video: kept.get(entry.video) || entry.video,
    captions: entry.captions && (kept.get(entry.captions) || entry.captions) };
}

export async function loadSignVideos() {
  const { videos, relay_phone: relayPhone } = await api('/sign-videos');
  sign.relayPhone = relayPhone || '';
  sign.videos = new Map(videos.map((v) => [keyOf(v.subject, v.subject_id), v]));
  const wanted = new Set(videos.flatMap((v) => [v.video, v.captions].filter(Boolean)));
  for (const [url, blobUrl] of kept) {
    if (!wanted.has(url)) {
      URL.revokeObjectURL(blobUrl);
      kept.delete(url);
    }
  }
  // One at a time: a lobby's kiosks all read them at once after a change.
  for (const url of wanted) {
    if (kept.has(url)) continue;
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (response.ok) kept.set(url, URL.createObjectURL(await response.blob()));
    } catch (error) {
      // Offline now: played from the server when it is back, kept at the next reading.
    }
  }
  document.documentElement.toggleAttribute('data-sign-videos-kept', signVideosKept());
}

// For tests and the atlas: whether every video of the site is kept for offline use.
export const signVideosKept = () => [...sign.videos.values()].every(
  (v) => kept.has(v.video) && (!v.captions || kept.has(v.captions)));

// The "수어" button of a service's confirm step or an information page, when it has a
// guide; none otherwise. `title` (what the guide is about) is shown under the player's title.
export function signButton(subject, id, title) {
  if (!signVideo(subject, id)) return null;
  return button({ label: msg('sign.button'), kind: 'secondary', key: 'sign', iconName: 'sign',
    onClick: () => go('sign', { subject, id, title }) });
}
