import type { DemoTexture } from './names.ts';
import type { DemoRng } from './rng.ts';

/**
 * A fine surface pattern in the object's own frame: maps object-frame pixel offsets (u, v) from
 * the object centre to a weight in [0, 1] that mixes the object's base colour (0) with its
 * texture colour (1). Periods are 2-5 pixels, so blur, noise and pixelation wash them out.
 *
 * ```ts
 * const w = makeSurface('stripes', rng)(3.2, -1.5); // in [0, 1]
 * ```
 */
export type Surface = (u: number, v: number) => number;

const smooth = (t: number): number => Math.min(1, Math.max(0, t));

export function makeSurface(kind: DemoTexture, rng: DemoRng): Surface {
  switch (kind) {
    case 'plain':
      return () => 0;
    case 'stripes': {
      const period = rng.uniform(2.6, 4);
      return (u) => smooth(0.5 + 1.5 * Math.sin((2 * Math.PI * u) / period));
    }
    case 'dots': {
      const period = rng.uniform(3.4, 4.6);
      const r = period * rng.uniform(0.24, 0.32);
      return (u, v) => {
        const fu = u / period - Math.round(u / period);
        const fv = v / period - Math.round(v / period);
        return smooth(r + 0.5 - Math.hypot(fu, fv) * period);
      };
    }
    case 'checker': {
      const cell = rng.uniform(1.8, 2.8);
      return (u, v) => (Math.floor(u / cell) + Math.floor(v / cell)) & 1;
    }
    case 'rings': {
      const period = rng.uniform(2.6, 3.8);
      return (u, v) => smooth(0.5 + 1.5 * Math.sin((2 * Math.PI * Math.hypot(u, v)) / period));
    }
    case 'speckle': {
      // Per-pixel noise, hashed from the (rounded) position so it does not depend on draw order.
      const salt = rng.nextUint32();
      return (u, v) => {
        let h =
          (Math.imul(Math.round(u * 1.3) + 1000, 0x27d4eb2d) ^
            Math.imul(Math.round(v * 1.3) + 1000, 0x165667b1) ^
            salt) >>>
          0;
        h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
        h ^= h >>> 13;
        return (h & 1023) / 1023;
      };
    }
    case 'grid': {
      const period = rng.uniform(3.2, 4.5);
      return (u, v) => {
        const du = Math.abs(u / period - Math.round(u / period)) * period;
        const dv = Math.abs(v / period - Math.round(v / period)) * period;
        return smooth(1.2 - Math.min(du, dv) * 1.4);
      };
    }
    case 'waves': {
      const period = rng.uniform(3, 4.2);
      const amp = rng.uniform(0.8, 1.6);
      const wl = rng.uniform(5, 8);
      return (u, v) =>
        smooth(
          0.5 +
            1.5 * Math.sin((2 * Math.PI * (u + amp * Math.sin((2 * Math.PI * v) / wl))) / period),
        );
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown surface texture ${String(never)}`);
    }
  }
}
