import { describe, expect, it } from 'vitest';
import { writeImageGrid } from './image_grid.ts';
import { decodePng } from './png.ts';

/** N solid-colour 2x3 images (H=2, W=3): image i has every channel value 10*(i+1). */
function solid(n: number): Uint8Array {
  const data = new Uint8Array(n * 2 * 3 * 3);
  for (let i = 0; i < n; i++) data.fill(10 * (i + 1), i * 18, (i + 1) * 18);
  return data;
}
const at = (img: { width: number; data: Uint8Array }, x: number, y: number): number[] =>
  Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('writeImageGrid', () => {
  it('lays out 5 images [2,3] on 2x3 cells, scale 2, padding 1: size and placement', () => {
    const img = decodePng(
      writeImageGrid({ data: solid(5), shape: [5, 2, 3, 3] }, 2, 3, {
        scale: 2,
        padding: 1,
        background: 0,
      }),
    );
    expect([img.width, img.height]).toEqual([3 * 6 + 4, 2 * 4 + 3]);
    expect(at(img, 1, 1)).toEqual([10, 10, 10]); // image 0, top-left
    expect(at(img, 6, 4)).toEqual([10, 10, 10]); // image 0, bottom-right (2*3-1+1, 2*2-1+1)
    expect(at(img, 8, 1)).toEqual([20, 20, 20]); // image 1
    expect(at(img, 1, 6)).toEqual([40, 40, 40]); // image 3: second row
    expect(at(img, 15, 6)).toEqual([0, 0, 0]); // cell 5 has no image
    expect(at(img, 0, 0)).toEqual([0, 0, 0]); // padding
  });

  it('accepts float32 [1,2,3,1] in [0,1], clipping and rounding', () => {
    const data = new Float32Array([0, 0.5, 1, -1, 2, 0.25]);
    const img = decodePng(writeImageGrid({ data, shape: [1, 2, 3, 1] }, 1, 1, { padding: 0 }));
    expect(Array.from({ length: 6 }, (_, i) => at(img, i % 3, Math.floor(i / 3))[0])).toEqual([
      0, 128, 255, 0, 255, 64,
    ]);
  });

  it('adds a caption strip per row and draws label text in it', () => {
    const img = decodePng(
      writeImageGrid({ data: solid(2), shape: [2, 2, 3, 3] }, 1, 2, {
        scale: 4,
        labels: ['AB', 'C'],
        padding: 0,
        background: 0,
        fontScale: 1,
      }),
    );
    expect(img.height).toBe(2 * 4 + 5 + 2);
    let lit = 0;
    for (let y = 8; y < img.height; y++)
      for (let x = 0; x < img.width; x++) if (at(img, x, y)[0] > 200) lit++;
    expect(lit).toBeGreaterThan(10);
  });

  it('rejects a shape that is not [N,H,W,1|3] and a non-integer scale', () => {
    expect(() => writeImageGrid({ data: new Uint8Array(8), shape: [2, 2, 2] }, 1, 1)).toThrow(
      /must have shape \[N, H, W, 1\|3\]/,
    );
    expect(() =>
      writeImageGrid({ data: solid(1), shape: [1, 2, 3, 3] }, 1, 1, { scale: 1.5 }),
    ).toThrow(/'scale'.*positive integer/);
  });
});
