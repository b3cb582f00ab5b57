import { luma, type Rgb } from './color.ts';
import type { DemoPhoto, DemoPhotoBank } from './photo_bank.ts';
import type { DemoRng } from './rng.ts';

/**
 * Paints a natural-photo background over the whole size x size RGB float image (values in
 * [0, 1]): a random photo of the bank, a random square crop of side size*m bank pixels
 * (m in 1..4, so the scene spans 32 to 128 bank pixels, a shorter side of ~256), optionally
 * mirrored, area-averaged (m x m blocks) to size x size.
 */
export function paintPhotoBackground(
  img: Float32Array,
  size: number,
  bank: DemoPhotoBank,
  rng: DemoRng,
): void {
  const photo = bank.photos[rng.int(bank.photos.length)]!;
  const m = 1 + rng.int(4);
  const side = size * m;
  const x0 = rng.int(photo.width - side + 1);
  const y0 = rng.int(photo.height - side + 1);
  const mirror = rng.chance(0.5);
  const norm = 1 / (255 * m * m);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      const sx = x0 + (mirror ? size - 1 - x : x) * m;
      for (let dy = 0; dy < m; dy++) {
        let p = ((y0 + y * m + dy) * photo.width + sx) * 3;
        for (let dx = 0; dx < m; dx++, p += 3) {
          r += photo.data[p]!;
          g += photo.data[p + 1]!;
          b += photo.data[p + 2]!;
        }
      }
      const o = (y * size + x) * 3;
      img[o] = r * norm;
      img[o + 1] = g * norm;
      img[o + 2] = b * norm;
    }
  }
}

/**
 * An object surface cut from a photo: maps object-frame pixel offsets (u, v) from the object
 * centre to an RGB colour: the photo around a random centre, 0.5-1.5 bank pixels per image pixel
 * (bilinear), tinted towards `base` (which carries the hue cue) by a random amount in
 * [0.35, 0.75] with the photo's own luminance as shading. Writes into `out`.
 */
export function makePhotoSurface(
  photo: DemoPhoto,
  base: Rgb,
  rng: DemoRng,
): (u: number, v: number, out: Rgb) => void {
  const scale = rng.uniform(0.5, 1.5);
  const cx = photo.width * rng.uniform(0.2, 0.8);
  const cy = photo.height * rng.uniform(0.2, 0.8);
  const tint = rng.uniform(0.35, 0.75);
  const w = photo.width;
  const h = photo.height;
  const d = photo.data;
  const px: Rgb = [0, 0, 0];
  return (u, v, out) => {
    const x = Math.min(w - 1.001, Math.max(0, cx + u * scale));
    const y = Math.min(h - 1.001, Math.max(0, cy + v * scale));
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = x - x0;
    const fy = y - y0;
    const p = (y0 * w + x0) * 3;
    const q = p + w * 3;
    for (let c = 0; c < 3; c++) {
      const top = d[p + c]! + (d[p + 3 + c]! - d[p + c]!) * fx;
      const bottom = d[q + c]! + (d[q + 3 + c]! - d[q + c]!) * fx;
      px[c] = (top + (bottom - top) * fy) / 255;
    }
    const shade = 0.35 + 1.3 * luma(px);
    for (let c = 0; c < 3; c++) {
      out[c] = px[c]! + (Math.min(1, base[c]! * shade) - px[c]!) * tint;
    }
  };
}

/** The photo an object of class `label` wears: one of the class's photos (i % 10 == label). */
export function classPhotoIndex(
  bank: DemoPhotoBank,
  label: number,
  classes: number,
  rng: DemoRng,
): number {
  const own = Math.floor((bank.photos.length - 1 - label) / classes) + 1;
  return label + classes * rng.int(own);
}
