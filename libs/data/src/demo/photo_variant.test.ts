import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePng } from '../png.ts';
import { makeDemoDataset } from './make_demo_dataset.ts';
import { demoPhotosDir, loadDemoPhotoBank, type DemoPhotoBank } from './photo_bank.ts';

/** A synthetic bank: 12 smooth colour fields with a little noise (160 x 130 px). */
function syntheticBank(): DemoPhotoBank {
  const photos = Array.from({ length: 12 }, (_, i) => {
    const width = 160;
    const height = 130;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 3;
        data[o] = (x * (i + 1) * 7) % 256;
        data[o + 1] = (y * 3 + i * 20) % 256;
        data[o + 2] = ((x + y) * 2 + i * 37) % 256;
      }
    return { id: `p${String(i).padStart(2, '0')}`, width, height, data, licence: 'test' };
  });
  return { photos };
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe("makeDemoDataset variant 'photo'", () => {
  const photos = syntheticBank();

  it('train size 40: shape [40, 32, 32, 3], labels cycle, named demo-photo-train, deterministic per (seed, split, index)', () => {
    const a = makeDemoDataset({ split: 'train', size: 40, seed: 3, variant: 'photo', photos });
    const b = makeDemoDataset({ split: 'train', size: 40, seed: 3, variant: 'photo', photos });
    const tail = makeDemoDataset({
      split: 'train',
      size: 10,
      seed: 3,
      start: 30,
      variant: 'photo',
      photos,
    });
    expect(a.shape).toEqual([40, 32, 32, 3]);
    expect(a.name).toBe('demo-photo-train');
    expect(Array.from(a.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(sha(a.images)).toBe(sha(b.images));
    expect(sha(tail.images)).toBe(sha(a.images.subarray(30 * 3072)));
    const proc = makeDemoDataset({ split: 'train', size: 40, seed: 3 });
    expect(sha(proc.images)).not.toBe(sha(a.images));
  });

  it('backgrounds come from the photos: most pixels of an image match no procedural image, and images vary', () => {
    const d = makeDemoDataset({ split: 'test', size: 50, seed: 1, variant: 'photo', photos });
    const means = Array.from({ length: 50 }, (_, i) => {
      let s = 0;
      for (let j = 0; j < 3072; j++) s += d.images[i * 3072 + j]!;
      return s / 3072;
    });
    expect(new Set(means.map((m) => Math.round(m))).size).toBeGreaterThan(20);
  });

  it("cues 'shape-only' keeps the scene and redraws the surface photo and hue", () => {
    const a = makeDemoDataset({ split: 'train', size: 20, seed: 2, variant: 'photo', photos });
    const s = makeDemoDataset({
      split: 'train',
      size: 20,
      seed: 2,
      variant: 'photo',
      photos,
      cues: 'shape-only',
    });
    expect(s.name).toBe('demo-photo-train-shape-only');
    let same = 0;
    for (let i = 0; i < a.images.length; i++) if (a.images[i] === s.images[i]) same++;
    expect(same / a.images.length).toBeGreaterThan(0.4);
    expect(sha(a.images)).not.toBe(sha(s.images));
  });

  it('the procedural variant is unchanged by the photo code (sha256 of 300 images, seed 7)', () => {
    const d = makeDemoDataset({ split: 'train', size: 300, seed: 7, variant: 'procedural' });
    expect(sha(d.images)).toBe('c690d567e6f3d7d7bf3466263307b375eff9785189f3cd3893204bb40b21a21b');
  });

  it('rejects a missing bank and an unknown variant by name', () => {
    expect(() => makeDemoDataset({ split: 'train', size: 1, seed: 0, variant: 'photo' })).toThrow(
      /Option 'photos' .*setup:demo-photos/,
    );
    expect(() =>
      makeDemoDataset({ split: 'train', size: 1, seed: 0, variant: 'cartoon' as 'photo' }),
    ).toThrow(/Option 'variant' .*procedural, photo/);
  });
});

describe('loadDemoPhotoBank', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('reads photos.json and the PNGs sorted by id, checks each sha256 and size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ada-photos-'));
    dirs.push(dir);
    const bank = syntheticBank();
    const entries = [];
    for (const p of [...bank.photos].reverse()) {
      const png = encodePng(p.data, p.height, p.width);
      await writeFile(join(dir, `${p.id}.png`), png);
      entries.push({
        id: p.id,
        licence: 'CC0-1.0',
        size: [p.width, p.height],
        pngSha256: sha(png),
      });
    }
    const manifest = { format: 'ada-demo-photos', version: 1, photos: entries };
    await writeFile(join(dir, 'photos.json'), JSON.stringify(manifest));
    const loaded = await loadDemoPhotoBank({ dir });
    expect(loaded.photos.map((p) => p.id)).toEqual(bank.photos.map((p) => p.id));
    expect(sha(loaded.photos[3]!.data)).toBe(sha(bank.photos[3]!.data));
    entries[0]!.pngSha256 = '0'.repeat(64);
    await writeFile(join(dir, 'photos.json'), JSON.stringify(manifest));
    await expect(loadDemoPhotoBank({ dir })).rejects.toThrow(/p11\.png: sha256 .* expected 0000/);
    await expect(loadDemoPhotoBank({ dir: join(dir, 'none') })).rejects.toThrow(
      /photos\.json: missing file.*setup:demo-photos/,
    );
  });

  const setUp = existsSync(join(demoPhotosDir(), 'photos.json'));
  it.skipIf(!setUp)('the set-up bank: 43 photos with a recorded licence each', async () => {
    const bank = await loadDemoPhotoBank();
    expect(bank.photos).toHaveLength(43);
    for (const p of bank.photos) expect(p.licence).not.toMatch(/^unknown/);
  });
});
