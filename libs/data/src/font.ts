/**
 * A 3x5 pixel bitmap font (upper-case letters, digits and a few symbols; lower case is drawn
 * as upper case, unknown characters as '?') for labelling contact sheets without a font library.
 *
 * ```ts
 * drawText(rgb, width, height, 'SSIM 0.82', 2, 2, 1, [255, 255, 255]); // 4 px advance per char
 * ```
 */
const GLYPHS: Record<string, string> = {
  A: '010101111101101',
  B: '110101110101110',
  C: '011100100100011',
  D: '110101101101110',
  E: '111100110100111',
  F: '111100110100100',
  G: '011100101101011',
  H: '101101111101101',
  I: '111010010010111',
  J: '001001001101010',
  K: '101101110101101',
  L: '100100100100111',
  M: '101111111101101',
  N: '110101101101101',
  O: '010101101101010',
  P: '110101110100100',
  Q: '010101101110011',
  R: '110101110101101',
  S: '011100010001110',
  T: '111010010010010',
  U: '101101101101111',
  V: '101101101101010',
  W: '101101111111101',
  X: '101101010101101',
  Y: '101101010010010',
  Z: '111001010100111',
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '110001010100111',
  '3': '110001010001110',
  '4': '101101111001001',
  '5': '111100110001110',
  '6': '011100111101111',
  '7': '111001010010010',
  '8': '111101111101111',
  '9': '111101111001110',
  '.': '000000000000010',
  ',': '000000000010100',
  '-': '000000111000000',
  _: '000000000000111',
  ':': '000010000010000',
  '/': '001001010100100',
  '%': '101001010100101',
  '=': '000111000111000',
  '+': '000010111010000',
  '(': '010100100100010',
  ')': '010001001001010',
  '?': '110001010000010',
  '#': '101111101111101',
  ' ': '000000000000000',
};

/** Glyph width and height in font pixels, and the horizontal advance per character. */
export const FONT_WIDTH = 3;
export const FONT_HEIGHT = 5;
export const FONT_ADVANCE = 4;

/**
 * Draws `text` into an RGB (HWC uint8) buffer with its top-left corner at (x, y), each font pixel
 * a `scale` x `scale` square; pixels outside the buffer are clipped. Returns the drawn width.
 */
export function drawText(
  rgb: Uint8Array,
  width: number,
  height: number,
  text: string,
  x: number,
  y: number,
  scale: number,
  color: readonly [number, number, number],
): number {
  let cx = x;
  for (const ch of text.toUpperCase()) {
    const glyph = GLYPHS[ch] ?? GLYPHS['?'];
    for (let gy = 0; gy < FONT_HEIGHT; gy++) {
      for (let gx = 0; gx < FONT_WIDTH; gx++) {
        if (glyph[gy * FONT_WIDTH + gx] !== '1') continue;
        for (let sy = 0; sy < scale; sy++) {
          const py = y + gy * scale + sy;
          if (py < 0 || py >= height) continue;
          for (let sx = 0; sx < scale; sx++) {
            const px = cx + gx * scale + sx;
            if (px < 0 || px >= width) continue;
            const o = (py * width + px) * 3;
            rgb[o] = color[0];
            rgb[o + 1] = color[1];
            rgb[o + 2] = color[2];
          }
        }
      }
    }
    cx += FONT_ADVANCE * scale;
  }
  return cx - x;
}
