/** Argument checks shared by the figure builders, worded like tfjs's. */

export function checkNonEmpty(arg: string, fn: string, values: { length: number }): void {
  if (values.length === 0)
    throw new RangeError(`Argument '${arg}' passed to '${fn}' must not be empty`);
}

export function checkFiniteIn01(arg: string, fn: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0 && value <= 1))
    throw new RangeError(
      `Argument '${arg}' passed to '${fn}' must be a number in [0, 1], got ${value}`,
    );
}

/** Fonts and colours every figure uses: one sans-serif family, dark text on white. */
export const FONT = {
  font: 'DejaVu Sans, Verdana, sans-serif',
  background: '#ffffff',
  axis: { labelColor: '#222222', titleColor: '#222222', labelFontSize: 11, titleFontSize: 12 },
  legend: { labelColor: '#222222', titleColor: '#222222', titleLimit: 260 },
  title: { color: '#111111', fontSize: 14 },
} as const;
