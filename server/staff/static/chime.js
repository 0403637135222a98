// The console's chime: a soft two-tone bell synthesised once into a WAV and played by an
// <audio> element (no file to fetch, and one element for the page's life).

const RATE = 22050;
const TONES = [[880, 0], [659.25, 0.35]];   // A5 then E5
const SECONDS = 1.2;

function wav() {
  const samples = Math.floor(RATE * SECONDS);
  const data = new Int16Array(samples);
  for (const [frequency, start] of TONES) {
    for (let i = Math.floor(start * RATE); i < samples; i += 1) {
      const t = i / RATE - start;
      data[i] += Math.sin(2 * Math.PI * frequency * t) * Math.exp(-4 * t) * 9000;
    }
  }
  const header = new DataView(new ArrayBuffer(44));
  const ascii = (offset, s) => [...s].forEach((c, i) => header.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF'); header.setUint32(4, 36 + data.byteLength, true); ascii(8, 'WAVE');
  ascii(12, 'fmt '); header.setUint32(16, 16, true); header.setUint16(20, 1, true);
  header.setUint16(22, 1, true); header.setUint32(24, RATE, true);
  header.setUint32(28, RATE * 2, true); header.setUint16(32, 2, true);
  header.setUint16(34, 16, true); ascii(36, 'data'); header.setUint32(40, data.byteLength, true);
  return URL.createObjectURL(new Blob([header, data], { type: 'audio/wav' }));
}

let audio = null;

// Resolves false when the browser refused to play (no click on the page yet).
export async function chime() {
  audio = audio || new Audio(wav());
  audio.currentTime = 0;
  try {
    await audio.play();
    return true;
  } catch (error) {
    return false;
  }
}
