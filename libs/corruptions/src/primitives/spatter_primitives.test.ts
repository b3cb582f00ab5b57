import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNpy } from '@ada/data';
import { describe, expect, it } from 'vitest';
import { boxBlur3x3 } from './box_blur.ts';
import { canny } from './canny.ts';
import { distanceTransform5x5 } from './distance_transform.ts';
import { equalizeHist } from './equalize_hist.ts';
import { gaussianFilterF32 } from './gaussian_filter_f32.ts';

const DIR = fileURLToPath(new URL('../../fixtures/primitives/', import.meta.url));
function load<T extends Uint8Array | Float32Array>(name: string): (k: number) => T {
  const data = readNpy(readFileSync(DIR + `spatter_${name}.npy`)).data as T;
  return (k) => data.subarray(k * 1024, (k + 1) * 1024) as T;
}
const layers = load<Uint8Array>('layers');
const edges = load<Uint8Array>('canny');
const dists = load<Float32Array>('dist');
const blurF = load<Float32Array>('blur_f32');
const equalized = load<Uint8Array>('equalized');
const blurU8 = load<Uint8Array>('blur_u8');
const mudGauss = load<Float32Array>('mud_gauss');
const CASES = Array.from({ length: 12 }, (_, k) => k);
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  expect(Array.from(a)).toEqual(Array.from(b));

describe('spatter primitives on 32x32 liquid layers vs OpenCV / scipy', () => {
  it.each(CASES)('layer %i: canny(50, 150) is bit-identical', (k) => {
    same(canny(layers(k), 32, 32, 50, 150), edges(k));
  });
  it.each(CASES)('layer %i: distanceTransform(L2, 5) of the non-edges is bit-identical', (k) => {
    const notEdges = edges(k).map((v) => 255 - v);
    same(distanceTransform5x5(notEdges, 32, 32), dists(k));
  });
  it.each(CASES)('layer %i: float32 3x3 box blur of the truncated distances', (k) => {
    const d = dists(k).map((v) => (v > 20 ? 20 : v));
    same(boxBlur3x3(d, 32, 32), blurF(k));
  });
  it.each(CASES)('layer %i: equalizeHist and the uint8 3x3 box blur', (k) => {
    const eq = equalizeHist(
      blurF(k)
        .map(Math.trunc)
        .reduce((u, v, i) => ((u[i] = v), u), new Uint8Array(1024)),
    );
    same(eq, equalized(k));
    same(boxBlur3x3(equalized(k), 32, 32), blurU8(k));
  });
  it.each(CASES)('layer %i: float32 gaussian of the mud mask', (k) => {
    const mask = new Float32Array(1024);
    const l = layers(k);
    for (let i = 0; i < 1024; i++) mask[i] = l[i] > 0 ? 1 : 0;
    same(gaussianFilterF32(mask, 32, 32, [0.5, 0.6][k % 2]), mudGauss(k));
  });
  it('equalizeHist keeps a constant image; canny swaps reversed thresholds', () => {
    same(equalizeHist(new Uint8Array([7, 7, 7])), [7, 7, 7]);
    same(canny(layers(0), 32, 32, 150, 50), edges(0));
  });
});
