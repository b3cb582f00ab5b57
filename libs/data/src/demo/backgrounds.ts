import { blend, mixColor, mixInto, randomColor, type Rgb } from './color.ts';
import type { DemoBackground } from './names.ts';
import type { DemoRng } from './rng.ts';

/**
 * Smooth value noise on a g x g lattice over the unit square, values in [0, 1] (smoothstep
 * interpolation of uniform lattice values).
 */
export function valueNoise(rng: DemoRng, g: number): (x: number, y: number) => number {
  const lattice = new Float32Array((g + 1) * (g + 1));
  for (let i = 0; i < lattice.length; i++) lattice[i] = rng.uniform();
  return (x, y) => {
    const fx = Math.min(g - 1e-6, Math.max(0, x * g));
    const fy = Math.min(g - 1e-6, Math.max(0, y * g));
    const ix = Math.floor(fx);
    const iy = Math.floor(fy);
    let tx = fx - ix;
    let ty = fy - iy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    const o = iy * (g + 1) + ix;
    const top = lattice[o] + (lattice[o + 1] - lattice[o]) * tx;
    const bottom = lattice[o + g + 1] + (lattice[o + g + 2] - lattice[o + g + 1]) * tx;
    return top + (bottom - top) * ty;
  };
}

/**
 * Paints a textured background of the given kind over the whole size x size RGB float image
 * (values in [0, 1]).
 */
export function paintBackground(
  img: Float32Array,
  size: number,
  kind: DemoBackground,
  rng: DemoRng,
): void {
  const c1 = randomColor(rng);
  const c2 = randomColor(rng);
  const detail = valueNoise(rng, rng.int(4) + 5);
  const detailAmp = rng.uniform(0, 0.25);
  const a = rng.uniform(0, 2 * Math.PI);
  const dx = Math.cos(a);
  const dy = Math.sin(a);
  let paint: (x: number, y: number, out: Rgb) => void;
  switch (kind) {
    case 'gradient':
      paint = (x, y, out) => mixInto(out, c1, c2, 0.5 + ((x - 0.5) * dx + (y - 0.5) * dy) * 0.9);
      break;
    case 'noise': {
      const coarse = valueNoise(rng, rng.int(3) + 2);
      const c3 = randomColor(rng);
      paint = (x, y, out) => {
        const t = coarse(x, y);
        if (t < 0.5) mixInto(out, c1, c2, t * 2);
        else mixInto(out, c2, c3, t * 2 - 1);
      };
      break;
    }
    case 'stripes': {
      const period = rng.uniform(3, 9) / size;
      const near = mixColor(c1, c2, rng.uniform(0.2, 0.6));
      const phase = rng.uniform(0, 2 * Math.PI);
      paint = (x, y, out) =>
        mixInto(
          out,
          c1,
          near,
          0.5 + 0.5 * Math.sin(phase + (2 * Math.PI * (x * dx + y * dy)) / period),
        );
      break;
    }
    case 'blobs': {
      const blobs = Array.from({ length: rng.int(4) + 3 }, () => ({
        x: rng.uniform(),
        y: rng.uniform(),
        r: rng.uniform(0.1, 0.3),
        c: randomColor(rng),
        a: rng.uniform(0.5, 1),
      }));
      paint = (x, y, out) => {
        mixInto(out, c1, c1, 0);
        for (const b of blobs) {
          const d2 = ((x - b.x) ** 2 + (y - b.y) ** 2) / (b.r * b.r);
          mixInto(out, out, b.c, b.a * Math.exp(-d2));
        }
      };
      break;
    }
    case 'scene': {
      const horizon = rng.uniform(0.3, 0.7);
      const tilt = rng.uniform(-0.25, 0.25);
      const sky2 = mixColor(c1, [1, 1, 1], rng.uniform(0.1, 0.6));
      const ground = valueNoise(rng, 10);
      const c3 = mixColor(c2, [0, 0, 0], rng.uniform(0.2, 0.6));
      const soil: Rgb = [0, 0, 0];
      paint = (x, y, out) => {
        const h = horizon + tilt * (x - 0.5);
        if (y < h) {
          mixInto(out, sky2, c1, y / h);
          return;
        }
        mixInto(soil, c2, c3, ground(x, y));
        mixInto(out, c1, soil, Math.min(1, (y - h) * size));
      };
      break;
    }
    case 'tiles': {
      const cell = rng.uniform(4, 10) / size;
      const near = mixColor(c1, c2, rng.uniform(0.15, 0.5));
      paint = (x, y, out) => {
        const u = (x * dx + y * dy) / cell;
        const v = (-x * dy + y * dx) / cell;
        mixInto(out, c1, near, (Math.floor(u) + Math.floor(v)) & 1);
      };
      break;
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown background ${String(never)}`);
    }
  }
  const c: Rgb = [0, 0, 0];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const fx = (x + 0.5) / size;
      const fy = (y + 0.5) / size;
      paint(fx, fy, c);
      const o = (y * size + x) * 3;
      const m = 1 + detailAmp * (detail(fx, fy) - 0.5) * 2;
      img[o] = c[0] * m;
      img[o + 1] = c[1] * m;
      img[o + 2] = c[2] * m;
    }
  }
}

/**
 * Draws 0-3 small clutter items (soft blobs and thin line segments of random colours) over the
 * image: distractors that belong to no class.
 */
export function paintClutter(img: Float32Array, size: number, rng: DemoRng, count: number): void {
  for (let k = 0; k < count; k++) {
    const c = randomColor(rng);
    const alpha = rng.uniform(0.6, 1);
    if (rng.chance(0.5)) {
      const cx = rng.uniform(0, size);
      const cy = rng.uniform(0, size);
      const rx = rng.uniform(1.5, 4.5);
      const ry = rx * rng.uniform(0.5, 1.5);
      const [x0, x1] = span(cx, Math.max(rx, ry) + 1, size);
      const [y0, y1] = span(cy, Math.max(rx, ry) + 1, size);
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const d = Math.hypot((x + 0.5 - cx) / rx, (y + 0.5 - cy) / ry);
          const cov = Math.min(1, Math.max(0, (1 - d) * Math.min(rx, ry) + 0.5));
          if (cov > 0) blend(img, (y * size + x) * 3, c, cov * alpha);
        }
      }
    } else {
      paintSegment(img, size, rng, c, alpha, rng.uniform(0.5, 1.3));
    }
  }
}

/** A straight anti-aliased line of half-width `r` pixels across a random part of the image. */
export function paintSegment(
  img: Float32Array,
  size: number,
  rng: DemoRng,
  c: Rgb,
  alpha: number,
  r: number,
): void {
  const ax = rng.uniform(-4, size + 4);
  const ay = rng.uniform(-4, size + 4);
  const len = rng.uniform(8, 24);
  const ang = rng.uniform(0, 2 * Math.PI);
  const ex = Math.cos(ang) * len;
  const ey = Math.sin(ang) * len;
  const ee = ex * ex + ey * ey;
  const [x0, x1] = span(ax + ex / 2, Math.abs(ex) / 2 + r + 1, size);
  const [y0, y1] = span(ay + ey / 2, Math.abs(ey) / 2 + r + 1, size);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const wx = x + 0.5 - ax;
      const wy = y + 0.5 - ay;
      const t = Math.min(1, Math.max(0, (wx * ex + wy * ey) / ee));
      const d = Math.hypot(wx - ex * t, wy - ey * t) - r;
      const cov = Math.min(1, Math.max(0, 0.5 - d));
      if (cov > 0) blend(img, (y * size + x) * 3, c, cov * alpha);
    }
  }
}

/** The integer pixel range [lo, hi) covering centre +- half, clipped to [0, size). */
export function span(centre: number, half: number, size: number): [number, number] {
  return [Math.max(0, Math.floor(centre - half)), Math.min(size, Math.ceil(centre + half))];
}
