import { z } from 'zod';

/**
 * Field schemas shared by several event contracts.
 *
 * ```ts
 * idSchema.parse('run-2026-01-01');   // ok; '' or 'a b' fail
 * ```
 */

/** Ids (run, batch, request, worker): 1-200 chars of `[A-Za-z0-9._:-]`. */
export const idSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must match [A-Za-z0-9._:-]+');

/** ISO-8601 UTC timestamp, e.g. `2026-01-01T12:00:00.000Z`. */
export const timestampSchema = z.iso.datetime();

/** Object-store key: 1-1024 chars, no leading slash, no `..` segment. */
export const objectKeySchema = z
  .string()
  .min(1)
  .max(1024)
  .refine((k) => !k.startsWith('/') && !k.split('/').includes('..'), {
    message: 'must be a relative key without ".." segments',
  });

/** Lowercase hex sha256. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256');

/** A finite number (JSON has no NaN or Infinity; zod rejects them too). */
export const finiteSchema = z.number();

/** Reference to a classifier checkpoint in the object store. */
export const checkpointRefSchema = z.object({
  /** Manifest key of the published checkpoint. */
  key: objectKeySchema,
  /** Training step the checkpoint was taken at (its version). */
  step: z.int().min(0),
  sha256: sha256Schema.optional(),
});

/** The AdA inner-maximisation settings a corruption worker applies (see PAPER.md). */
export const adaConfigSchema = z.object({
  /** Corruption network name, e.g. `edsr`, `cae`. */
  network: z.string().min(1).max(100),
  /** Relative l2 budget of the weight offset (paper: 0.015). */
  nu: z.number().positive().max(1),
  /** Iterated FGSM steps (paper: 10). */
  steps: z.int().min(1).max(1000),
  /** SSIM line-search threshold t (paper: 0.3); omit to skip the line search. */
  ssimThreshold: z.number().min(0).max(1).optional(),
  /** One offset per image (`per-example`, the paper's; the default) or one per call (`shared`). */
  offsets: z.enum(['per-example', 'shared']).optional(),
  /** x + c_(phi+beta)(x) - c_phi(x) instead of c_(phi+beta)(x) (a deviation); default false. */
  residual: z.boolean().optional(),
  /**
   * How an FGSM step moves each parameter block: `sign` (the paper's; the default) or `l2-block`
   * (an l2-normalised step of a quarter of the block's radius; a deviation, see `@ada/ada`).
   */
  stepRule: z.enum(['sign', 'l2-block']).optional(),
});

export type AdaConfigV1 = z.infer<typeof adaConfigSchema>;
export type CheckpointRefV1 = z.infer<typeof checkpointRefSchema>;

/** Labels: integer class ids in [0, 1000). */
export const labelsSchema = z.array(z.int().min(0).max(999));

/** Checks that a per-example array has one entry per image (the batch dimension). */
export function perExample(
  images: { shape: number[] },
  values: readonly unknown[] | undefined,
  field: string,
  ctx: z.RefinementCtx,
): void {
  if (values === undefined) return;
  const n = images.shape[0];
  if (values.length !== n) {
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: `has ${values.length} entries but the batch has ${n} images`,
    });
  }
}
