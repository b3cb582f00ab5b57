import { paintBackground, paintClutter, paintSegment, span } from './backgrounds.ts';
import { hsv, luma, mixColor, randomColor, type Rgb } from './color.ts';
import { DEMO_BACKGROUNDS, DEMO_CLASS_NAMES, DEMO_CLASS_TEXTURE, DEMO_TEXTURES } from './names.ts';
import { DemoRng } from './rng.ts';
import type { DemoPhotoBank } from './photo_bank.ts';
import { classPhotoIndex, makePhotoSurface, paintPhotoBackground } from './photo_paint.ts';
import { makeShapeSdf } from './shapes.ts';
import { makeSurface } from './surface.ts';

/** Side length of demo images in pixels. */
export const DEMO_IMAGE_SIZE = 32;

/**
 * Renders one demo image of class `label` into `out` (32*32*3 uint8 bytes, HWC, RGB) at
 * `offset`: a textured background, clutter, the class's object (its shape, a fine surface
 * texture that usually goes with the class, a colour whose hue leans towards the class's hue,
 * random pose, position, scale, shading, outline and shadow), sometimes an occluding bar, then a
 * global contrast/brightness change and sensor grain. All randomness comes from `rng`.
 *
 * `cueRng` (optional) makes the image shape-only: every draw from `rng` stays the same (same
 * background, pose, colours, grain), but the object's hue and surface texture are then replaced
 * by draws from `cueRng`, independent of the label: the paired cue-free copy of the image.
 *
 * `photos` (optional) renders the `photo` variant: the background is a crop of a natural
 * photograph instead of a procedural one (no added clutter), and the object's surface is a photo
 * crop tinted towards its colour instead of a procedural texture; 3 times in 4 the photo is one
 * of the class's own (photo i belongs to class i % 10), the hue leans to the class's half of the
 * time: the same cue rates as the procedural variant, with shape the only certain cue. No sensor
 * grain is added (photos area-averaged to 32x32 carry almost none).
 *
 * ```ts
 * const out = new Uint8Array(3072);
 * renderDemoImage(new DemoRng(0, 0, 7), 3, out, 0); // a 'square'
 * ```
 */
export function renderDemoImage(
  rng: DemoRng,
  label: number,
  out: Uint8Array,
  offset: number,
  cueRng?: DemoRng,
  photos?: DemoPhotoBank,
): void {
  if (!Number.isInteger(label) || label < 0 || label >= DEMO_CLASS_NAMES.length) {
    throw new RangeError(
      `Argument 'label' passed to 'renderDemoImage' must be an integer in [0, ${DEMO_CLASS_NAMES.length}), got ${label}`,
    );
  }
  const size = DEMO_IMAGE_SIZE;
  const img = new Float32Array(size * size * 3);
  const kind = DEMO_CLASS_NAMES[label];

  if (photos) {
    paintPhotoBackground(img, size, photos, rng);
  } else {
    paintBackground(img, size, rng.pick(DEMO_BACKGROUNDS), rng);
    paintClutter(img, size, rng, rng.int(4));
  }

  // Object colour: class hue +- 0.1 (classes are 0.1 apart) half of the time, else any hue.
  const drawnHue = rng.chance(0.5)
    ? label / DEMO_CLASS_NAMES.length + rng.uniform(-0.1, 0.1)
    : rng.uniform();
  const hue = cueRng ? cueRng.uniform() : drawnHue;
  let base = hsv(hue, rng.uniform(0.3, 0.95), rng.uniform(0.3, 0.95));
  const bgMean = meanColor(img);
  if (Math.abs(luma(base) - luma(bgMean)) < 0.12 && rng.chance(0.7)) {
    base = luma(bgMean) > 0.5 ? mixColor(base, [0, 0, 0], 0.45) : mixColor(base, [1, 1, 1], 0.45);
  }
  // surfaceColor(u, v, out): the object's colour at object-frame offset (u, v) before shading
  let surfaceColor: (u: number, v: number, out: Rgb) => void;
  if (photos) {
    const n = photos.photos.length;
    const k = DEMO_CLASS_NAMES.length;
    const drawnPhoto = rng.chance(0.75) ? classPhotoIndex(photos, label, k, rng) : rng.int(n);
    const photo = photos.photos[cueRng ? cueRng.int(n) : drawnPhoto]!;
    surfaceColor = makePhotoSurface(photo, base, rng);
  } else {
    const texColor: Rgb = rng.chance(0.6)
      ? mixColor(base, rng.chance(0.5) ? [0, 0, 0] : [1, 1, 1], rng.uniform(0.3, 0.6))
      : randomColor(rng);
    const drawnTexture = rng.chance(0.75) ? DEMO_CLASS_TEXTURE[kind] : rng.pick(DEMO_TEXTURES);
    const texture = cueRng ? cueRng.pick(DEMO_TEXTURES) : drawnTexture;
    const surface = makeSurface(texture, rng);
    const texStrength = rng.uniform(0.55, 1);
    surfaceColor = (u, v, o) => {
      const w = surface(u, v) * texStrength;
      o[0] = base[0] + (texColor[0] - base[0]) * w;
      o[1] = base[1] + (texColor[1] - base[1]) * w;
      o[2] = base[2] + (texColor[2] - base[2]) * w;
    };
  }
  const col: Rgb = [0, 0, 0];

  const sdf = makeShapeSdf(kind, rng);
  const radius = rng.uniform(7, 13);
  const cx = size / 2 + rng.uniform(-5, 5);
  const cy = size / 2 + rng.uniform(-5, 5);
  const angle = rng.uniform(0, 2 * Math.PI);
  const mirror = rng.chance(0.5) ? -1 : 1;
  const sx = radius * rng.uniform(0.85, 1.15);
  const sy = radius * rng.uniform(0.85, 1.15);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const lightA = rng.uniform(0, 2 * Math.PI);
  const lx = Math.cos(lightA);
  const ly = Math.sin(lightA);
  const shading = rng.uniform(0.1, 0.45);
  const outline = rng.chance(0.4) ? rng.uniform(0.4, 0.8) : 1;
  const shadow = rng.chance(0.5)
    ? { x: rng.uniform(-2.5, 2.5), y: rng.uniform(0.5, 2.5), a: rng.uniform(0.2, 0.5) }
    : undefined;
  const pxScale = Math.min(sx, sy);

  // Every shape lies within radius 1.2 of its centre in object units (bars' corners reach 1.15);
  // pixels beyond reach + half a pixel get no coverage, so their SDF is never evaluated.
  const reach = 1.2 + 0.6 / pxScale;
  const reach2 = reach * reach;
  const ext = reach * Math.max(sx, sy) + 3;
  const [x0, x1] = span(cx, ext, size);
  const [y0, y1] = span(cy, ext, size);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * size + x) * 3;
      if (shadow) {
        const dx = x + 0.5 - shadow.x - cx;
        const dy = y + 0.5 - shadow.y - cy;
        const su = (mirror * (cos * dx + sin * dy)) / sx;
        const sv = (-sin * dx + cos * dy) / sy;
        if (su * su + sv * sv < reach2) {
          const cov = Math.min(1, Math.max(0, 0.5 - sdf(su, sv) * pxScale));
          const f = 1 - shadow.a * cov;
          img[o] *= f;
          img[o + 1] *= f;
          img[o + 2] *= f;
        }
      }
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = (mirror * (cos * dx + sin * dy)) / sx;
      const v = (-sin * dx + cos * dy) / sy;
      if (u * u + v * v > reach2) continue;
      const d = sdf(u, v) * pxScale;
      const cov = Math.min(1, Math.max(0, 0.5 - d));
      if (cov <= 0) continue;
      surfaceColor(u * sx, v * sy, col);
      const light = 1 + shading * (u * lx + v * ly);
      const edge = d > -1.3 ? outline : 1;
      const f = light * edge;
      img[o] += (f * col[0] - img[o]) * cov;
      img[o + 1] += (f * col[1] - img[o + 1]) * cov;
      img[o + 2] += (f * col[2] - img[o + 2]) * cov;
    }
  }

  if (rng.chance(0.3))
    paintSegment(img, size, rng, randomColor(rng), rng.uniform(0.7, 1), rng.uniform(0.8, 2));

  const contrast = rng.uniform(0.7, 1.15);
  const brightness = rng.uniform(-0.08, 0.08);
  // no grain on the photo variant (the draw stays, so the scenes' draws stay aligned)
  const grain = rng.uniform(0.003, 0.02) * (photos ? 0 : 1);
  // Sensor grain: normal draws read from a fixed table at a random start and odd stride
  // (cheaper than 3072 fresh normals per image, and as deterministic).
  const table = grainTable();
  let at = rng.int(GRAIN_TABLE_SIZE);
  const stride = 2 * rng.int(GRAIN_TABLE_SIZE / 2) + 1;
  for (let i = 0; i < img.length; i++) {
    at = (at + stride) & (GRAIN_TABLE_SIZE - 1);
    const v = (img[i] - 0.5) * contrast + 0.5 + brightness + grain * table[at];
    out[offset + i] = Math.round(Math.min(1, Math.max(0, v)) * 255);
  }
}

function meanColor(img: Float32Array): Rgb {
  const m: Rgb = [0, 0, 0];
  for (let i = 0; i < img.length; i += 3) {
    m[0] += img[i];
    m[1] += img[i + 1];
    m[2] += img[i + 2];
  }
  const n = img.length / 3;
  return [m[0] / n, m[1] / n, m[2] / n];
}

const GRAIN_TABLE_SIZE = 8192;
let grain: Float32Array | undefined;

function grainTable(): Float32Array {
  if (!grain) {
    const rng = new DemoRng(0x5eed, 0, 0);
    grain = new Float32Array(GRAIN_TABLE_SIZE);
    for (let i = 0; i < GRAIN_TABLE_SIZE; i++) grain[i] = rng.normal();
  }
  return grain;
}
