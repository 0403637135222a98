// Live state over Socket.IO. Events carry a sequence number (seq); each is applied once,
// in order. On every (re)connect the page asks for what it missed since the last seq it
// applied, or starts from a snapshot, so nothing depends on a socket staying up. A
// periodic heartbeat names the latest seq of the page's rooms: one beyond the last applied
// means an event was missed (the server's message queue was down), so the page catches up.
//
//   const live = connectLive({ siteId, onSnapshot, onEvent, onStatus });
//   onEvent(event, { replayed })  replayed = true for events caught up after a reconnect
//   onStatus('online' | 'offline')
import { io } from '/vendor/socket.io-client/socket.io.esm.min.js';
import { api } from './api.js';
import { deviceToken } from './device.js';

export function connectLive({ siteId, onSnapshot, onEvent, onStatus = () => {} }) {
  let lastSeq = null;      // null until the first snapshot
  let syncing = false;
  let refreshWanted = false;  // a refresh asked for during a resync runs after it
  let buffered = [];       // live events that arrive while a resync is running
  let beatSeq = 0;         // the highest seq a heartbeat named while a resync was running

  const socket = io({
    auth: (cb) => cb({ token: deviceToken() }),
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });

  function apply(event, replayed) {
    if (lastSeq !== null && event.seq <= lastSeq) return;
    lastSeq = event.seq;
    onEvent(event, { replayed });
  }

  async function loadSnapshot() {
    const query = siteId ? `?site_id=${siteId}` : '';
    const snapshot = await api(`/snapshot${query}`);
    lastSeq = snapshot.seq;
    onSnapshot(snapshot);
  }

  async function resync() {
    syncing = true;
    let failed = false;
    try {
      if (lastSeq === null) {
        await loadSnapshot();
      } else {
        const answer = await socket.timeout(8000).emitWithAck('resync', { since: lastSeq });
        if (answer.snapshot) {
          lastSeq = answer.snapshot.seq;
          onSnapshot(answer.snapshot);
        } else {
          for (const event of answer.events || []) apply(event, true);
          if (answer.seq > lastSeq) lastSeq = answer.seq;
        }
      }
      onStatus('online');
    } catch (error) {
      failed = true;
      onStatus('offline');
      setTimeout(() => socket.connected && resync(), 2000);
    } finally {
      syncing = false;
      const pending = buffered;
      buffered = [];
      // Still behind (the catch-up failed, or a heartbeat named a seq it did not reach):
      // the live events held meanwhile are not applied, since they would move lastSeq past
      // what is missing; the next catch-up fetches them with it.
      const behind = failed || beatSeq > lastSeq;
      beatSeq = 0;
      if (refreshWanted) {
        refreshWanted = false;
        lastSeq = null;
        resync();
      } else if (behind) {
        if (!failed) resync();
      } else {
        pending.sort((a, b) => a.seq - b.seq).forEach((event) => apply(event, false));
      }
    }
  }

  socket.on('connect', resync);
  socket.on('disconnect', () => onStatus('offline'));
  socket.on('connect_error', () => onStatus('offline'));
  socket.on('event', (event) => (syncing ? buffered.push(event) : apply(event, false)));
  socket.on('heartbeat', ({ seq }) => {
    if (syncing) beatSeq = Math.max(beatSeq, seq);
    else if (lastSeq !== null && seq > lastSeq) resync();
  });

  return {
    socket,
    get lastSeq() { return lastSeq; },
    refresh: () => {
      if (syncing) { refreshWanted = true; return Promise.resolve(); }
      lastSeq = null;
      return resync();
    },
  };
}
