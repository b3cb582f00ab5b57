import { drawText, encodePng, FONT_ADVANCE, FONT_HEIGHT } from '@ada/data';

/** Per-corruption accuracy measured at one point of training (Figure 2 of the paper). */
export interface HistoryPoint {
  epoch: number;
  /** Accuracy in [0, 1] per corruption name, plus `clean`. */
  accuracy: Record<string, number>;
}

/** Viridis-like colour ramp: 0 dark purple, 1 yellow. */
function ramp(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + f * (b[k]! - a[k]!))) as [number, number, number];
}

/**
 * Figure 2 style heatmap as PNG bytes: one row per corruption (`clean` first), one column per
 * evaluation epoch, cell colour = accuracy (colour bar 0..100%), value printed in each cell.
 */
export function renderAccuracyHeatmap(
  title: string,
  rows: readonly string[],
  history: readonly HistoryPoint[],
): Uint8Array {
  if (history.length === 0)
    throw new RangeError(`Argument 'history' passed to 'renderAccuracyHeatmap' must not be empty`);
  const scale = 2;
  const charW = FONT_ADVANCE * scale;
  const textH = FONT_HEIGHT * scale;
  const labelW = Math.max(...rows.map((r) => r.length)) * charW + 12;
  const cellW = 4 * charW + 8;
  const cellH = textH + 10;
  const top = textH * 2 + 20;
  const barH = 14;
  const width = Math.max(labelW + cellW * history.length + 10, title.length * charW + 20, 260);
  const height = top + cellH * rows.length + textH + barH + 40;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const rect = (
    x0: number,
    y0: number,
    w: number,
    h: number,
    c: readonly [number, number, number],
  ) => {
    for (let y = y0; y < Math.min(height, y0 + h); y++) {
      for (let x = x0; x < Math.min(width, x0 + w); x++) {
        const o = (y * width + x) * 3;
        rgb[o] = c[0];
        rgb[o + 1] = c[1];
        rgb[o + 2] = c[2];
      }
    }
  };
  const black = [20, 20, 20] as const;
  drawText(rgb, width, height, title, 6, 4, scale, black);
  history.forEach((h, j) => {
    drawText(
      rgb,
      width,
      height,
      `E${h.epoch}`,
      labelW + j * cellW + 4,
      top - textH - 6,
      scale,
      black,
    );
  });
  rows.forEach((name, i) => {
    const y = top + i * cellH;
    drawText(rgb, width, height, name, 6, y + 5, scale, black);
    history.forEach((h, j) => {
      const acc = h.accuracy[name];
      const x = labelW + j * cellW;
      if (acc === undefined || !Number.isFinite(acc)) {
        rect(x, y, cellW - 2, cellH - 2, [220, 220, 220]);
        return;
      }
      const c = ramp(acc);
      rect(x, y, cellW - 2, cellH - 2, c);
      const ink = acc > 0.6 ? black : ([250, 250, 250] as const);
      drawText(rgb, width, height, (100 * acc).toFixed(0), x + 4, y + 5, scale, ink);
    });
  });
  const barY = top + cellH * rows.length + 12;
  const barW = width - labelW - 20;
  for (let x = 0; x < barW; x++) rect(labelW + x, barY, 1, barH, ramp(x / Math.max(1, barW - 1)));
  drawText(rgb, width, height, 'ACC 0%', 6, barY + 2, scale, black);
  drawText(rgb, width, height, '100%', labelW + barW - 4 * charW, barY + barH + 4, scale, black);
  return encodePng(rgb, height, width, 3);
}
