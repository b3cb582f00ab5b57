import type { DemoClassName } from './names.ts';
import type { DemoRng } from './rng.ts';

/**
 * Signed distance functions of the demo classes' object shapes, in object units: the shape fits
 * the unit disc, negative inside, positive outside, |d| about the Euclidean distance to the
 * outline (exact for discs, boxes, polygons and capsules; a bound for the crescent).
 *
 * ```ts
 * const sdf = makeShapeSdf('star', rng); // per-image variation (arm length, thickness) from rng
 * const inside = sdf(0.1, -0.2) < 0;
 * ```
 */
export type Sdf = (u: number, v: number) => number;

type Point = readonly [number, number];

/** Exact signed distance to a simple polygon (any orientation, convex or not). */
export function polygonSdf(points: readonly Point[]): Sdf {
  const n = points.length;
  const xs = Float64Array.from(points, (p) => p[0]);
  const ys = Float64Array.from(points, (p) => p[1]);
  return (u, v) => {
    let d = (u - xs[0]) ** 2 + (v - ys[0]) ** 2;
    let s = 1;
    for (let i = 0, j = n - 1; i < n; j = i, i++) {
      const ex = xs[j] - xs[i];
      const ey = ys[j] - ys[i];
      const wx = u - xs[i];
      const wy = v - ys[i];
      const t = Math.min(1, Math.max(0, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
      const bx = wx - ex * t;
      const by = wy - ey * t;
      d = Math.min(d, bx * bx + by * by);
      const c1 = v >= ys[i];
      const c2 = v < ys[j];
      const c3 = ex * wy > ey * wx;
      if ((c1 && c2 && c3) || (!c1 && !c2 && !c3)) s = -s;
    }
    return s * Math.sqrt(d);
  };
}

function boxSdf(cx: number, cy: number, hx: number, hy: number): Sdf {
  return (u, v) => {
    const qx = Math.abs(u - cx) - hx;
    const qy = Math.abs(v - cy) - hy;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0);
  };
}

function capsuleSdf(ax: number, ay: number, bx: number, by: number, r: number): Sdf {
  const ex = bx - ax;
  const ey = by - ay;
  const ee = ex * ex + ey * ey;
  return (u, v) => {
    const wx = u - ax;
    const wy = v - ay;
    const t = Math.min(1, Math.max(0, (wx * ex + wy * ey) / ee));
    return Math.hypot(wx - ex * t, wy - ey * t) - r;
  };
}

const union =
  (...parts: Sdf[]): Sdf =>
  (u, v) => {
    let d = Infinity;
    for (const p of parts) d = Math.min(d, p(u, v));
    return d;
  };

function regular(n: number, r: number, phase = -Math.PI / 2): Point[] {
  return Array.from({ length: n }, (_, i): Point => {
    const a = phase + (2 * Math.PI * i) / n;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
}

/** The shape of one class with per-image variation of its proportions drawn from `rng`. */
export function makeShapeSdf(kind: DemoClassName, rng: DemoRng): Sdf {
  switch (kind) {
    case 'disc': {
      const r = rng.uniform(0.75, 0.9);
      return (u, v) => Math.hypot(u, v) - r;
    }
    case 'ring': {
      const r = rng.uniform(0.62, 0.72);
      const w = rng.uniform(0.13, 0.24);
      return (u, v) => Math.abs(Math.hypot(u, v) - r) - w;
    }
    case 'triangle':
      return polygonSdf(regular(3, rng.uniform(0.88, 1.0)));
    case 'square': {
      const h = rng.uniform(0.58, 0.7);
      return boxSdf(0, 0, h, h);
    }
    case 'cross': {
      const w = rng.uniform(0.2, 0.3);
      const l = rng.uniform(0.78, 0.9);
      return union(boxSdf(0, 0, l, w), boxSdf(0, 0, w, l));
    }
    case 'star': {
      const ro = rng.uniform(0.9, 1.0);
      const ri = ro * rng.uniform(0.38, 0.5);
      const pts: Point[] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (Math.PI * i) / 5;
        const r = i % 2 === 0 ? ro : ri;
        pts.push([r * Math.cos(a), r * Math.sin(a)]);
      }
      return polygonSdf(pts);
    }
    case 'bars': {
      const w = rng.uniform(0.12, 0.17);
      const gap = rng.uniform(0.5, 0.6);
      const l = rng.uniform(0.7, 0.85);
      return union(boxSdf(-gap, 0, w, l), boxSdf(0, 0, w, l), boxSdf(gap, 0, w, l));
    }
    case 'crescent': {
      const r = rng.uniform(0.78, 0.9);
      const off = rng.uniform(0.3, 0.45);
      const r2 = r * rng.uniform(0.78, 0.9);
      return (u, v) => Math.max(Math.hypot(u, v) - r, r2 - Math.hypot(u - off, v - off * 0.3));
    }
    case 'chevron': {
      const t = rng.uniform(0.15, 0.22);
      const h = rng.uniform(0.45, 0.6);
      return union(capsuleSdf(-0.7, -h, 0, h, t), capsuleSdf(0, h, 0.7, -h, t));
    }
    case 'arrow': {
      const t = rng.uniform(0.11, 0.16);
      const hw = rng.uniform(0.45, 0.55);
      const head = polygonSdf([
        [0.95, 0],
        [0.2, -hw],
        [0.2, hw],
      ]);
      return union(boxSdf(-0.3, 0, 0.55, t), head);
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown demo shape ${String(never)}`);
    }
  }
}
