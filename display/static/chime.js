// The two-tone chime before an announcement, made in the page with WebAudio (no sound
// file to fetch). One AudioContext for the page's life: browsers limit how many exist.
let context = null;

const NOTES = [[659.25, 0], [523.25, 0.45]];   // E5 then C5: "ding-dong"
const NOTE_SECONDS = 0.9;
const SPEAK_AFTER_SECONDS = 0.5;   // into the second tone

export async function playChime(volume = 1) {
  const AudioContext = window.AudioContext || window.webkitAudioContext;
  if (!AudioContext) return;
  context = context || new AudioContext();
  if (context.state === 'suspended') {
    try { await context.resume(); } catch (error) { return; }
  }
  const start = context.currentTime + 0.05;
  for (const [frequency, offset] of NOTES) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    // A soft bell: quick attack, slow exponential decay.
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, 0.5 * volume), start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + NOTE_SECONDS);
    oscillator.connect(gain).connect(context.destination);
    oscillator.onended = () => gain.disconnect();
    oscillator.start(start + offset);
    oscillator.stop(start + offset + NOTE_SECONDS);
  }
  // The voice starts while the second tone fades out, as lobby chimes do.
  const until = NOTES[NOTES.length - 1][1] + SPEAK_AFTER_SECONDS;
  await new Promise((resolve) => setTimeout(resolve, until * 1000));
}
