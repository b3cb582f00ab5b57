import { jpegRoundTrip } from '../primitives/jpeg/round_trip.ts';
import type { CorruptionFn, Severity } from '../types.ts';

/** JPEG quality per severity: CIFAR-10-C values. */
export const JPEG_QUALITY: Readonly<Record<Severity, number>> = {
  1: 80,
  2: 65,
  3: 58,
  4: 50,
  5: 40,
};

/**
 * JPEG compression: the image encoded as a baseline JPEG at the severity's quality (Pillow
 * defaults: 4:2:0 chroma, Annex K tables, accurate integer DCT) and decoded again (libjpeg-turbo
 * defaults: accurate integer IDCT, fancy upsampling); see `jpegRoundTrip`. Severity 1..5:
 * quality 80, 65, 58, 50, 40. Deterministic; output is already uint8.
 *
 * Input: uint8 HWC RGB; output: Uint8Array of the same length.
 *
 * ```ts
 * const out = jpegCompression({ height: 32, width: 32, data }, 5, rng);
 * ```
 */
export const jpegCompression: CorruptionFn = (image, severity) =>
  jpegRoundTrip(image.data, image.height, image.width, JPEG_QUALITY[severity]);
