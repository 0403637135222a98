// A staff member's photo: the picked file is shown first, cropped to the nameplate's
// shape (3:4, the 600x800 the server keeps) by dragging and zooming, and sent only when
// saved; the photo can also be removed (screens then show initials).
import { api } from '/static/common/api.js';
import { fill, h, toast } from '/static/common/dom.js';
import { bi, both, refusal } from './words.js';

const WIDTH = 600;   // server/infra/media.py PHOTO_SIZE
const HEIGHT = 800;
const STEP = 20;     // an arrow key moves the picture this many output pixels its way

export function editPhoto(row, { panel, close, saved }) {
  const canvas = h('canvas', { width: WIDTH, height: HEIGHT, class: 'photo-crop', hidden: true,
    'aria-label': both('photo.preview') });
  const current = row.photo ? h('img', { src: row.photo, alt: both('photo.current') }) : null;
  const frame = h('div', { class: 'photo-frame', tabindex: 0, role: 'group',
    'aria-label': both('photo.preview') }, current, canvas);
  const file = h('input', { type: 'file', id: 'photo-file', accept: 'image/png,image/jpeg,image/webp' });
  const zoom = h('input', { type: 'range', id: 'photo-zoom', min: 1, max: 4, step: 0.01, value: 1, disabled: true });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'button', class: 'primary', disabled: true, onclick: upload }, bi('photo.save'));
  const remove = row.photo ? h('button', { type: 'button', class: 'danger', onclick: removePhoto }, bi('photo.remove')) : null;

  let image = null;
  let center = { x: 0, y: 0 };  // the picture's point (in its own pixels) at the frame's middle

  // The scale that just covers the frame, times the zoom: the frame is never left empty.
  const scale = () => Math.max(WIDTH / image.width, HEIGHT / image.height) * Number(zoom.value);

  function keepCovered() {
    const s = scale();
    const halfW = WIDTH / 2 / s;
    const halfH = HEIGHT / 2 / s;
    center.x = Math.min(Math.max(center.x, halfW), image.width - halfW);
    center.y = Math.min(Math.max(center.y, halfH), image.height - halfH);
  }

  function draw() {
    keepCovered();
    const s = scale();
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, WIDTH, HEIGHT);
    context.drawImage(image, WIDTH / 2 - center.x * s, HEIGHT / 2 - center.y * s, image.width * s, image.height * s);
  }

  function move(dx, dy) {  // in output pixels
    if (!image) return;
    const s = scale();
    center = { x: center.x - dx / s, y: center.y - dy / s };
    draw();
  }

  file.onchange = () => {
    const picked = file.files[0];
    if (!picked) return;
    const url = URL.createObjectURL(picked);
    const loading = new Image();
    loading.onload = () => {
      URL.revokeObjectURL(url);
      image = loading;
      center = { x: image.width / 2, y: image.height / 2 };
      zoom.value = 1;
      zoom.disabled = false;
      save.disabled = false;
      error.textContent = '';
      if (current) current.hidden = true;
      canvas.hidden = false;
      draw();
      canvas.dataset.ready = 'true';
    };
    loading.onerror = () => {
      URL.revokeObjectURL(url);
      error.textContent = both('photo.unreadable');
    };
    loading.src = url;
  };
  zoom.oninput = () => { if (image) draw(); };

  let dragFrom = null;
  frame.onpointerdown = (event) => {
    if (!image) return;
    dragFrom = { x: event.clientX, y: event.clientY };
    frame.setPointerCapture(event.pointerId);
  };
  frame.onpointermove = (event) => {
    if (!dragFrom) return;
    const ratio = WIDTH / frame.clientWidth;  // screen pixels -> output pixels
    move((event.clientX - dragFrom.x) * ratio, (event.clientY - dragFrom.y) * ratio);
    dragFrom = { x: event.clientX, y: event.clientY };
  };
  frame.onpointerup = () => { dragFrom = null; };
  frame.onkeydown = (event) => {
    const arrows = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] };
    if (!arrows[event.key] || !image) return;
    event.preventDefault();
    move(...arrows[event.key]);
  };

  async function upload() {
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
    const data = new FormData();
    data.append('photo', blob, 'photo.jpg');
    try {
      await api(`/admin/staff/${row.id}/photo`, { method: 'POST', form: data, timeoutMs: 60000 });
      toast(both('photo.saved'));
      close();
      saved();
    } catch (failure) { error.textContent = refusal(failure, 'staff'); }
  }

  async function removePhoto() {
    if (!confirm(both('photo.remove_confirm'))) return;
    try {
      await api(`/admin/staff/${row.id}/photo`, { method: 'DELETE' });
      toast(both('photo.removed'));
      close();
      saved();
    } catch (failure) { error.textContent = refusal(failure, 'staff'); }
  }

  fill(panel, h('section', { class: 'card photo-editor-card', 'aria-labelledby': 'photo-title' },
    h('h2', { id: 'photo-title' }, bi('photo.title', { name: row.name })),
    h('div', { class: 'photo-editor' },
      frame,
      h('div', { class: 'photo-side' },
        h('label', { for: 'photo-file' }, bi('photo.choose'), file),
        h('p', { class: 'hint' }, bi('photo.hint')),
        h('label', { for: 'photo-zoom' }, bi('photo.zoom'), zoom),
        row.photo ? null : h('p', { class: 'hint' }, bi('photo.none')),
        error,
        h('div', { class: 'form-actions' }, save, remove,
          h('button', { type: 'button', onclick: close }, bi('photo.close')))))));
  file.focus();
}
