import { describe, expect, it } from 'vitest';
import { classCounts } from '../dataset.ts';
import { makeDemoDataset } from './make_demo_dataset.ts';
import { DEMO_CLASS_NAMES } from './names.ts';

const IMG = 32 * 32 * 3;
const image = (images: Uint8Array, i: number): Buffer =>
  Buffer.from(images.subarray(i * IMG, (i + 1) * IMG));

describe('makeDemoDataset', () => {
  it('train size 40 seed 0: shape [40,32,32,3], 10 classes, labels cycle 0..9', () => {
    const ds = makeDemoDataset({ split: 'train', size: 40, seed: 0 });
    expect(ds.shape).toEqual([40, 32, 32, 3]);
    expect(ds.images.length).toBe(40 * IMG);
    expect(ds.classNames).toEqual([...DEMO_CLASS_NAMES]);
    expect(classCounts(ds)).toEqual(new Array(10).fill(4));
    expect(Array.from(ds.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(ds.name).toBe('demo-train');
  });

  it('is deterministic per (seed, split, index): same seed same bytes, start offsets agree', () => {
    const a = makeDemoDataset({ split: 'test', size: 12, seed: 5 });
    const b = makeDemoDataset({ split: 'test', size: 12, seed: 5 });
    expect(Buffer.from(a.images).equals(Buffer.from(b.images))).toBe(true);
    const tail = makeDemoDataset({ split: 'test', size: 4, seed: 5, start: 8 });
    for (let i = 0; i < 4; i++)
      expect(image(tail.images, i).equals(image(a.images, 8 + i))).toBe(true);
    expect(Array.from(tail.labels)).toEqual([8, 9, 0, 1]);
  });

  it('differs between seeds and between the train and test splits', () => {
    const a = makeDemoDataset({ split: 'train', size: 10, seed: 1 });
    const b = makeDemoDataset({ split: 'train', size: 10, seed: 2 });
    const c = makeDemoDataset({ split: 'test', size: 10, seed: 1 });
    for (let i = 0; i < 10; i++) {
      expect(image(a.images, i).equals(image(b.images, i))).toBe(false);
      expect(image(a.images, i).equals(image(c.images, i))).toBe(false);
    }
  });

  it('images of 100: varied, not flat (per-image std > 10 grey levels, mean 40..215, uses 0..255 widely)', () => {
    const ds = makeDemoDataset({ split: 'train', size: 100, seed: 3 });
    const means: number[] = [];
    for (let i = 0; i < 100; i++) {
      const px = ds.images.subarray(i * IMG, (i + 1) * IMG);
      const mean = px.reduce((s, v) => s + v, 0) / IMG;
      const std = Math.sqrt(px.reduce((s, v) => s + (v - mean) ** 2, 0) / IMG);
      expect(std).toBeGreaterThan(10);
      means.push(mean);
    }
    const all = ds.images.reduce((s, v) => s + v, 0) / ds.images.length;
    expect(all).toBeGreaterThan(40);
    expect(all).toBeLessThan(215);
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(60);
  });

  it('the same class differs from image to image (pose, colour, background)', () => {
    const ds = makeDemoDataset({ split: 'train', size: 30, seed: 0 });
    // images 0, 10, 20 are all class 0: mean absolute pixel difference well above noise
    for (const [i, j] of [
      [0, 10],
      [10, 20],
    ]) {
      let d = 0;
      for (let k = 0; k < IMG; k++) d += Math.abs(ds.images[i * IMG + k] - ds.images[j * IMG + k]);
      expect(d / IMG).toBeGreaterThan(20);
    }
  });

  it('rejects a bad split, size and seed by name', () => {
    expect(() => makeDemoDataset({ split: 'val' as 'train', size: 1, seed: 0 })).toThrow(
      /'split' passed to 'makeDemoDataset' must be 'train' or 'test'/,
    );
    expect(() => makeDemoDataset({ split: 'train', size: -1, seed: 0 })).toThrow(
      /'size'.*non-negative integer/,
    );
    expect(() => makeDemoDataset({ split: 'train', size: 1, seed: 2 ** 32 })).toThrow(
      /'seed'.*\[0, 2\^32\)/,
    );
  });
});
