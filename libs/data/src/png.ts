import { PNG } from 'pngjs';
import { DatasetError } from './errors.ts';

/** A decoded image: height x width x 3 RGB bytes, row-major (HWC). */
export interface RgbImage {
  height: number;
  width: number;
  /** height*width*3 bytes, 0..255. */
  data: Uint8Array;
}

/**
 * Encodes HWC uint8 pixels (1 = gray, 3 = RGB or 4 = RGBA channels) as an 8-bit PNG.
 *
 * ```ts
 * const bytes = encodePng(new Uint8Array(32 * 32 * 3), 32, 32); // a black 32x32 RGB PNG
 * ```
 */
export function encodePng(
  pixels: Uint8Array,
  height: number,
  width: number,
  channels: 1 | 3 | 4 = 3,
): Uint8Array {
  if (!Number.isInteger(height) || height <= 0 || !Number.isInteger(width) || width <= 0) {
    throw new RangeError(
      `Arguments 'height' and 'width' passed to 'encodePng' must be positive integers, got ${height}x${width}`,
    );
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new RangeError(
      `Argument 'channels' passed to 'encodePng' must be 1, 3 or 4, got ${String(channels)}`,
    );
  }
  if (pixels.length !== height * width * channels) {
    throw new RangeError(
      `Argument 'pixels' passed to 'encodePng' must have ${height}*${width}*${channels} = ${height * width * channels} bytes, got ${pixels.length}`,
    );
  }
  const png = new PNG({ width, height });
  const rgba = png.data;
  for (let i = 0, n = height * width; i < n; i++) {
    if (channels === 1) {
      const v = pixels[i];
      rgba[4 * i] = v;
      rgba[4 * i + 1] = v;
      rgba[4 * i + 2] = v;
      rgba[4 * i + 3] = 255;
    } else {
      rgba[4 * i] = pixels[channels * i];
      rgba[4 * i + 1] = pixels[channels * i + 1];
      rgba[4 * i + 2] = pixels[channels * i + 2];
      rgba[4 * i + 3] = channels === 4 ? pixels[4 * i + 3] : 255;
    }
  }
  const out = PNG.sync.write(png, { colorType: channels === 4 ? 6 : 2 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Decodes a PNG (any colour type and bit depth pngjs reads; 16-bit is rescaled to 8-bit) to RGB.
 * The alpha channel, if any, is dropped (pixels are taken as stored, not composited).
 * @param source a name for error messages (usually the path)
 *
 * ```ts
 * const { height, width, data } = decodePng(await readFile('cat.png'), 'cat.png');
 * ```
 */
export function decodePng(bytes: Uint8Array, source?: string): RgbImage {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new DatasetError(
      `not a readable PNG (${err instanceof Error ? err.message : String(err)})`,
      {
        source,
        cause: err,
      },
    );
  }
  const { width, height } = png;
  const rgba = png.data;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, n = width * height; i < n; i++) {
    data[3 * i] = rgba[4 * i];
    data[3 * i + 1] = rgba[4 * i + 1];
    data[3 * i + 2] = rgba[4 * i + 2];
  }
  return { height, width, data };
}
