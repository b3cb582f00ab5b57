/**
 * Small image helpers for Figure 1a in the browser without a canvas: uint8 RGB batches to BMP
 * data URLs (every browser shows them, and tests can decode them), the amplified difference of
 * two batches, and synthetic sample images to augment when the user brings none.
 */

/** A batch of uint8 RGB images, NHWC, as the API's ImageBatch carries it. */
export interface RgbBatch {
  shape: [number, number, number, number];
  data: Uint8Array;
}

export function checkBatch(name: string, b: RgbBatch): void {
  const [n, h, w, c] = b.shape;
  if (c !== 3 || n < 1 || h < 1 || w < 1 || b.data.length !== n * h * w * c)
    throw new RangeError(
      `${name} must be [N, H, W, 3] uint8 with N*H*W*3 bytes, got shape [${b.shape.join(', ')}] and ${b.data.length} bytes`,
    );
}

/** Image `i` of a batch as a 24-bit BMP data URL. */
export function bmpDataUrl(batch: RgbBatch, i: number): string {
  const [, h, w] = batch.shape;
  const rowBytes = Math.ceil((w * 3) / 4) * 4;
  const size = 54 + rowBytes * h;
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  buf[0] = 0x42;
  buf[1] = 0x4d;
  dv.setUint32(2, size, true);
  dv.setUint32(10, 54, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, w, true);
  dv.setInt32(22, -h, true); // top-down rows
  dv.setUint16(26, 1, true);
  dv.setUint16(28, 24, true);
  dv.setUint32(34, rowBytes * h, true);
  const base = i * h * w * 3;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = base + (y * w + x) * 3;
      const d = 54 + y * rowBytes + x * 3;
      buf[d] = batch.data[s + 2]!;
      buf[d + 1] = batch.data[s + 1]!;
      buf[d + 2] = batch.data[s]!;
    }
  }
  let bin = '';
  for (let k = 0; k < buf.length; k++) bin += String.fromCharCode(buf[k]!);
  return `data:image/bmp;base64,${btoa(bin)}`;
}

/**
 * |b - a| * gain, clipped to 255: the perturbation made visible (Figure 1a's third column).
 */
export function amplifiedDifference(a: RgbBatch, b: RgbBatch, gain: number): RgbBatch {
  checkBatch('clean', a);
  checkBatch('augmented', b);
  if (a.shape.join() !== b.shape.join())
    throw new RangeError(
      `clean [${a.shape.join(', ')}] and augmented [${b.shape.join(', ')}] must have the same shape`,
    );
  if (!(gain > 0)) throw new RangeError(`gain must be > 0, got ${gain}`);
  const out = new Uint8Array(a.data.length);
  for (let k = 0; k < out.length; k++)
    out[k] = Math.min(255, Math.round(Math.abs(b.data[k]! - a.data[k]!) * gain));
  return { shape: a.shape, data: out };
}

/** `n` 32x32 sample images: gradients, stripes and a disc, varying by index. */
export function sampleImages(n: number, size = 32): RgbBatch {
  const data = new Uint8Array(n * size * size * 3);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const o = ((i * size + y) * size + x) * 3;
        const disc = (x - 16 - (i % 3) * 2) ** 2 + (y - 16) ** 2 < (6 + i) ** 2;
        const stripe = Math.floor((x + y * (i % 2)) / 4) % 2 === 0;
        data[o] = disc ? 230 : (x * 8 + i * 40) % 256;
        data[o + 1] = disc ? 200 - i * 20 : stripe ? 180 : 60;
        data[o + 2] = (y * 8 + i * 70) % 256;
      }
    }
  }
  return { shape: [n, size, size, 3], data };
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let k = 0; k < bytes.length; k += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(bin);
}

export function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
  return out;
}
