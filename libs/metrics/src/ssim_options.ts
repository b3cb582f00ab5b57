/** Parameters of SSIM (Wang et al., 2004); the defaults are the paper's and scikit-image's `wang` call. */
export interface SsimOptions {
  /** Standard deviation of the Gaussian window; the window has 2 * int(3.5 sigma + 0.5) + 1 taps. Default 1.5 (11x11). */
  sigma?: number;
  /** Default 0.01. */
  k1?: number;
  /** Default 0.03. */
  k2?: number;
  /** Dynamic range L of the images. Default 1. */
  dataRange?: number;
}

/** The options with every default filled in. */
export interface ResolvedSsimOptions {
  sigma: number;
  k1: number;
  k2: number;
  dataRange: number;
}

/** Fills in the defaults and checks the values. */
export function resolveSsimOptions(
  options: SsimOptions = {},
  caller = 'ssim',
): ResolvedSsimOptions {
  const r = {
    sigma: options.sigma ?? 1.5,
    k1: options.k1 ?? 0.01,
    k2: options.k2 ?? 0.03,
    dataRange: options.dataRange ?? 1,
  };
  for (const [name, value] of Object.entries(r)) {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new RangeError(
        `Option '${name}' passed to '${caller}' must be a finite number > 0, got ${value}`,
      );
    }
  }
  return r;
}
