import { FROST_TEXTURES, frostTexture } from '../primitives/frost_texture.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** `[a, b]` of `clip(a * x + b * frost, 0, 255)` per severity: CIFAR-10-C values. */
export const FROST_PARAMS: Readonly<Record<Severity, readonly [number, number]>> = {
  1: [1, 0.2],
  2: [1, 0.3],
  3: [0.9, 0.4],
  4: [0.85, 0.4],
  5: [0.75, 0.45],
};

/** Generated textures per minimum size, so a batch generates each texture once. */
const cache = new Map<string, Uint8Array>();

function texture(index: number, height: number, width: number): Uint8Array {
  const key = `${index}:${height}x${width}`;
  let t = cache.get(key);
  if (!t) {
    t = frostTexture({ ...FROST_TEXTURES[index], height, width });
    cache.set(key, t);
  }
  return t;
}

/**
 * Frost: `clip(a * x + b * F, 0, 255)` on the 0..255 scale, with F a crop of a frost texture.
 * Draws as the reference: texture index `randint(5)`, then the crop's top row
 * `randint(0, H - h)` and left column `randint(0, W - w)`.
 *
 * DEVIATION from the reference: the reference crops photos (`frost1.png` .. `frost5.jpg` of
 * hendrycks/robustness) that cannot be shipped; F here comes from five procedural frosted-glass
 * textures of the same sizes (`FROST_TEXTURES`, `frostTexture`), calibrated on the reference
 * (colour and contrast of the crops the reference files reveal, and the ensemble mean |c - x| of
 * every severity). Outputs therefore differ pixel by pixel from the reference files and match them
 * in distribution only; the measured distances are in the test and the corruption notes.
 * Images larger than the textures (reference size 32x32) use textures enlarged to fit.
 * Severity 1..5: [a, b] = [1, 0.2], [1, 0.3], [0.9, 0.4], [0.85, 0.4], [0.75, 0.45].
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = frost({ height: 32, width: 32, data }, 3, new RandomState(3));
 * ```
 */
export const frost: CorruptionFn = (image, severity, rng) => {
  const [a, b] = FROST_PARAMS[severity];
  const { height, width, data: src } = image;
  const index = rng.randint(0, FROST_TEXTURES.length);
  const spec = FROST_TEXTURES[index];
  const th = Math.max(spec.height, height + 1);
  const tw = Math.max(spec.width, width + 1);
  const tex = texture(index, th, tw);
  const top = rng.randint(0, th - height);
  const left = rng.randint(0, tw - width);
  const out = new Float64Array(src.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const t = ((top + y) * tw + left + x) * 3;
      for (let c = 0; c < 3; c++) {
        const v = a * src[o + c] + b * tex[t + c];
        out[o + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  return out;
};
