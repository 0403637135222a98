// Calls numbers out loud, one at a time: chime, then the sentence in Korean (and the
// second language, if the admin set one). The words come from the server (server/queue/speech.py),
// which builds them from the ticket and the counter; this module only voices them.
// The browser's own voice for the language when there is one, else the server's audio.
// A ticket taken in another language is read in it too, after Korean (the server adds it).
import { playChime } from './chime.js';

const MAX_QUEUED = 12;        // a burst beyond this is shown, not all read out
const GAP_MS = 300;
const SPEECH_RATE = 0.9;

export function createAnnouncer() {
  let volume = 1;
  let muted = false;
  let alsoLanguage = null;  // the second language read after Korean, e.g. 'en'
  const queue = [];
  let running = false;
  const audio = new Audio();  // one element for the page's life

  function enqueue(ticketId, counterId) {
    if (muted) return;
    if (queue.length >= MAX_QUEUED) queue.shift();
    // Fetch the words now, so they are ready when the chime ends.
    queue.push({ lines: fetchLines(ticketId, counterId, alsoLanguage) });
    if (!running) run();
  }

  async function run() {
    running = true;
    while (queue.length) {
      const job = queue.shift();
      try {
        await playChime(volume);
      } catch (error) {
        console.warn('chime failed', error);  // a broken sound card must not stop the voice
      }
      const lines = await job.lines;
      for (const line of lines) await say(line);
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
    running = false;
  }

  async function say(line) {
    try {
      const voice = voiceFor(line.voice);
      if (voice) await speak(line, voice, volume);
      else await playAudio(audio, line.audio, volume);
    } catch (error) {
      console.warn('announcement failed', error);
    }
  }

  // Set by the admin in the screen's configuration; applied at every re-sync.
  function configure(settings) {
    const level = Number(settings.volume ?? 1);
    volume = Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 1;
    muted = Boolean(settings.muted);
    alsoLanguage = settings.alsoLanguage || null;
  }

  return { enqueue, configure, get busy() { return running; } };
}

async function fetchLines(ticketId, counterId, also) {
  try {
    const query = also ? `?also=${encodeURIComponent(also)}` : '';
    const response = await fetch(`/display/announce/${ticketId}/${counterId}${query}`);
    if (!response.ok) return [];
    return (await response.json()).lines;
  } catch (error) {
    return [];  // offline: the number is on screen; it cannot be voiced right now
  }
}

function voiceFor(tag) {
  if (!window.speechSynthesis) return null;
  const wanted = tag.toLowerCase();
  const language = wanted.split('-')[0];
  // Only the device's own voices: one that needs the internet (Chromium's online ones)
  // falls silent in a building without it, where the server's audio still plays.
  const voices = speechSynthesis.getVoices().filter((v) => v.localService);
  return voices.find((v) => v.lang.toLowerCase().replace('_', '-') === wanted)
    || voices.find((v) => v.lang.toLowerCase().startsWith(language)) || null;
}

function speak(line, voice, volume) {
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(line.text);
    utterance.lang = line.voice;
    try { utterance.voice = voice; } catch (error) { /* lang alone picks the voice */ }
    utterance.volume = volume;
    utterance.rate = SPEECH_RATE;
    // Some engines never fire 'end' (Chromium after long idle): never wait forever.
    const timer = setTimeout(finish, 4000 + line.text.length * 250);
    function finish() { clearTimeout(timer); resolve(); }
    utterance.onend = finish;
    utterance.onerror = finish;
    speechSynthesis.cancel();  // clears a stuck engine; nothing of ours is speaking
    speechSynthesis.speak(utterance);
  });
}

function playAudio(audio, src, volume) {
  return new Promise((resolve) => {
    let timer = setTimeout(finish, 5000);  // the audio did not even load
    function finish() {
      clearTimeout(timer);
      audio.onended = audio.onerror = audio.onloadedmetadata = null;
      resolve();
    }
    // Play once it is loaded, and wait as long as it lasts, in case 'ended' never comes.
    audio.onloadedmetadata = () => {
      clearTimeout(timer);
      const seconds = Number.isFinite(audio.duration) ? audio.duration : 10;
      timer = setTimeout(finish, seconds * 1000 + 500);
      audio.play().catch(finish);
    };
    audio.onended = finish;
    audio.onerror = finish;
    audio.volume = volume;
    audio.src = src;
    audio.load();
  });
}
