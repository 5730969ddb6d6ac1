// An exhibition's works hung in a walkable room, in CSS 3D (no library, nothing to install): a corridor whose left and
// right walls carry the works in the curator's order, the last one on the end wall when their number is odd. The arrow
// keys (or W A S D) and the buttons walk and turn; every picture links to its token. The plain grid stays in the page
// for small screens and for readers without JavaScript, and one button switches between the two.
const view = document.querySelector('[data-room]');
const grid = document.querySelector('[data-works]');
const toRoom = document.querySelector('[data-view=room]');

const works = [...grid.querySelectorAll('li[data-src]')].map((li) => ({
  src: li.dataset.src, title: li.dataset.title, href: li.dataset.href, alt: li.dataset.alt,
}));

const HALF_WIDTH = 420;      // the corridor's walls at x = ±HALF_WIDTH
const HEIGHT = 460;
const SPACING = 520;         // between works along a wall
const STEP = 130, TURN = 15; // per key press: px, degrees
const pairs = Math.ceil(works.length / 2);
const onEndWall = works.length % 2 === 1;
const length = 360 + pairs * SPACING + (onEndWall ? 0 : 200);
const BEHIND = 480;          // the entrance wall, behind where the visitor starts (z = 260; walking stops at 420)

const scene = view.querySelector('.scene');
const room = view.querySelector('.room');
const status = view.querySelector('[data-room-status]');
const camera = { x: 0, z: 260, yaw: 0 };

function place(el, x, y, z, rotateY, w, h) {
  el.style.width = `${w}px`;
  el.style.height = `${h}px`;
  el.style.transform = `translate(-50%, -50%) translate3d(${x}px, ${y}px, ${z}px) rotateY(${rotateY}deg)`;
}

function surface(cls, x, y, z, rotateY, w, h, rotateX = 0) {
  const el = document.createElement('div');
  el.className = `surface ${cls}`;
  place(el, x, y, z, rotateY, w, h);
  if (rotateX) el.style.transform += ` rotateX(${rotateX}deg)`;
  scene.append(el);
}

const spots = []; // where the camera stands to face each work (for keyboard focus)

function build() {
  const mid = (BEHIND - length) / 2, span = length + BEHIND;
  surface('wall left', -HALF_WIDTH, 0, mid, 90, span, HEIGHT);
  surface('wall right', HALF_WIDTH, 0, mid, -90, span, HEIGHT);
  surface('wall end', 0, 0, -length, 0, HALF_WIDTH * 2, HEIGHT);
  surface('wall end entrance', 0, 0, BEHIND, 180, HALF_WIDTH * 2, HEIGHT);
  surface('floor', 0, HEIGHT / 2, mid, 0, HALF_WIDTH * 2, span, 90);
  surface('ceiling', 0, -HEIGHT / 2, mid, 0, HALF_WIDTH * 2, span, -90);
  works.forEach((w, i) => {
    const a = document.createElement('a');
    a.className = 'frame';
    a.href = w.href;
    a.title = w.title;
    const img = document.createElement('img');
    img.src = w.src;
    img.alt = w.alt;
    img.loading = 'lazy';
    const label = document.createElement('span');
    label.textContent = w.title;
    a.append(img, label);
    const last = onEndWall && i === works.length - 1;
    if (last) {
      place(a, 0, -20, -length + 2, 0, 260, 300);
      spots.push({ x: 0, z: -length + 600, yaw: 0 });
    } else {
      const z = -(360 + Math.floor(i / 2) * SPACING);
      const left = i % 2 === 0;
      place(a, left ? -HALF_WIDTH + 2 : HALF_WIDTH - 2, -20, z, left ? 90 : -90, 260, 300);
      spots.push({ x: left ? 200 : -200, z, yaw: left ? -90 : 90 });
    }
    a.addEventListener('focus', () => face(i));
    scene.append(a);
  });
}

function render() {
  // The scene is the camera's inverse: move the world by -position, then turn it by the camera's yaw (CSS rotateY(a)
  // takes the direction (sin a, 0, -cos a) the camera walks along to straight ahead, (0, 0, -1)).
  scene.style.transform = `translateZ(600px) rotateY(${camera.yaw}deg) translate3d(${-camera.x}px, 0, ${-camera.z}px)`;
  room.dataset.position = `${Math.round(camera.x)},${Math.round(camera.z)},${camera.yaw}`;
  const ahead = Math.max(0, Math.min(works.length, Math.floor((-camera.z + 360) / SPACING) * 2));
  status.textContent = `${ahead} of ${works.length} works passed`;
}

// Tab reaches the frames (links): stand in front of the focused one. The room clips what it does not show, and a
// browser scrolls such a box to reveal a focused element; undo that, the camera does the revealing.
function face(i) {
  Object.assign(camera, spots[i]);
  room.scrollLeft = 0;
  room.scrollTop = 0;
  render();
}

function move(what) {
  const rad = (camera.yaw * Math.PI) / 180;
  const dx = Math.sin(rad) * STEP, dz = -Math.cos(rad) * STEP;
  if (what === 'forward') { camera.x += dx; camera.z += dz; }
  if (what === 'back') { camera.x -= dx; camera.z -= dz; }
  if (what === 'left') camera.yaw -= TURN;
  if (what === 'right') camera.yaw += TURN;
  camera.x = Math.max(-HALF_WIDTH + 80, Math.min(HALF_WIDTH - 80, camera.x));
  camera.z = Math.max(-length + 160, Math.min(420, camera.z));
  render();
}

const keys = { ArrowUp: 'forward', w: 'forward', ArrowDown: 'back', s: 'back', ArrowLeft: 'left', a: 'left', ArrowRight: 'right', d: 'right' };
room.addEventListener('keydown', (e) => {
  const what = keys[e.key];
  if (!what) return;
  e.preventDefault();
  move(what);
});
for (const b of view.querySelectorAll('[data-move]')) b.addEventListener('click', () => move(b.dataset.move));

function show(mode) {
  const inRoom = mode === 'room';
  view.hidden = !inRoom;
  grid.hidden = inRoom;
  toRoom.hidden = inRoom;
  if (inRoom) room.focus({ preventScroll: true });
}
view.querySelector('[data-view=grid]').addEventListener('click', () => show('grid'));
toRoom.addEventListener('click', () => show('room'));

if (works.length > 0) {
  build();
  render();
  // The room is for screens wide enough to walk in; small ones keep the grid (the button still offers the room).
  show(window.matchMedia('(min-width: 700px)').matches ? 'room' : 'grid');
} else {
  toRoom.hidden = true;
}
