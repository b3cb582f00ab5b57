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

  it("cues 'shape-only': the same scenes (same labels, most background pixels identical), deterministic, named apart", () => {
    const a = makeDemoDataset({ split: 'test', size: 20, seed: 4 });
    const b = makeDemoDataset({ split: 'test', size: 20, seed: 4, cues: 'shape-only' });
    const c = makeDemoDataset({ split: 'test', size: 20, seed: 4, cues: 'shape-only' });
    expect(Buffer.from(b.images).equals(Buffer.from(c.images))).toBe(true);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.name).toBe('demo-test-shape-only');
    let same = 0;
    for (let i = 0; i < 20; i++) {
      expect(image(a.images, i).equals(image(b.images, i))).toBe(false);
      for (let k = i * IMG; k < (i + 1) * IMG; k++) if (a.images[k] === b.images[k]) same++;
    }
    // the object covers a minority of the image; only its hue and texture were redrawn
    expect(same / (20 * IMG)).toBeGreaterThan(0.4);
  });

  it("cues 'shape-only' removes the hue cue: the centre pixels' hue predicts the label at chance (1000 images)", () => {
    const hueOf = (r: number, g: number, b: number): number => {
      const mx = Math.max(r, g, b);
      const d = mx - Math.min(r, g, b);
      if (d === 0) return 0;
      const h = mx === r ? ((g - b) / d) % 6 : mx === g ? (b - r) / d + 2 : (r - g) / d + 4;
      return (((h / 6) % 1) + 1) % 1;
    };
    const hueAccuracy = (cues: 'class' | 'shape-only'): number => {
      const ds = makeDemoDataset({ split: 'test', size: 1000, seed: 3, cues });
      let ok = 0;
      for (let i = 0; i < 1000; i++) {
        const sum = [0, 0, 0];
        for (let y = 14; y < 18; y++)
          for (let x = 14; x < 18; x++)
            for (let ch = 0; ch < 3; ch++) sum[ch]! += ds.images[i * IMG + (y * 32 + x) * 3 + ch]!;
        if (Math.round(hueOf(sum[0]!, sum[1]!, sum[2]!) * 10) % 10 === ds.labels[i]) ok++;
      }
      return ok / 1000;
    };
    // measured 0.244 with class cues and 0.083 without (chance 0.1)
    expect(hueAccuracy('class')).toBeGreaterThan(0.18);
    expect(hueAccuracy('shape-only')).toBeLessThan(0.14);
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
    expect(() =>
      makeDemoDataset({ split: 'train', size: 1, seed: 0, cues: 'none' as 'class' }),
    ).toThrow(/'cues' passed to 'makeDemoDataset' must be 'class' or 'shape-only'/);
  });
});
