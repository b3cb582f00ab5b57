import { z } from 'zod';
import {
  parseAttackList,
  parseEpsilon,
  parseNorm,
  STANDARD_ATTACKS,
  type AttackName,
  type Norm,
} from '@ada/attacks';
import type { EvalRequestV1 } from '@ada/contracts';
import { EvalRequestError } from '@ada/eval-requests';

/** The parameters of an `lp-robustness` request, validated and with defaults filled in. */
export interface LpRobustnessParams {
  norm: Norm;
  epsilon: number;
  attacks: AttackName[];
  /** Test images evaluated (the first N of the dataset). */
  examples: number;
  seed: number;
  batchSize: number;
  /** APGD iterations (PGD and MultiTargeted steps). */
  iterations: number;
  /** APGD-T and MultiTargeted target classes. */
  targetClasses: number;
  /** Square queries per image. */
  queries: number;
  /** `demo`, `cifar10` or a shard-set prefix in the store. */
  dataset: string;
  /** Seed of the demo images. */
  dataSeed: number;
}

const text = (what: string) => z.string({ error: `must be a string (${what})` });

/**
 * `params` of `lp-robustness` (values are strings, numbers, booleans or null on the wire):
 *
 * | field | type | default |
 * | --- | --- | --- |
 * | `norm` | `'linf'` or `'l2'` | required |
 * | `epsilon` | number >= 0, or a fraction string like `'8/255'` | required |
 * | `attacks` | comma list of `pgd`, `apgd-ce`, `apgd-t`, `square`, `multitargeted` | `apgd-ce,apgd-t,square` |
 * | `examples` | integer in [1, max examples] | 1000 (capped at the max) |
 * | `seed` | integer in [0, 2^32) | 0 |
 * | `batchSize` | integer in [1, 4096] | the service's default |
 * | `iterations` / `targetClasses` / `queries` | integers | 100 / 9 / 5000 |
 * | `dataset` | `demo`, `cifar10`, or a shard-set prefix in the store | `demo` |
 * | `dataSeed` | integer in [0, 2^32) | 0 |
 */
export function parseLpParams(
  params: EvalRequestV1['params'],
  limits: { maxExamples: number; batchSize: number },
): LpRobustnessParams {
  const schema = z.strictObject({
    norm: text("'linf' or 'l2'"),
    epsilon: z.union([z.number(), z.string()], {
      error: 'must be a number or a fraction like 8/255',
    }),
    attacks: text('a comma list').default(STANDARD_ATTACKS.join(',')),
    examples: z.int().min(1).max(limits.maxExamples).default(Math.min(1000, limits.maxExamples)),
    seed: z.int().min(0).max(0xffffffff).default(0),
    batchSize: z.int().min(1).max(4096).default(limits.batchSize),
    iterations: z.int().min(1).max(10_000).default(100),
    targetClasses: z.int().min(1).max(999).default(9),
    queries: z.int().min(1).max(1_000_000).default(5000),
    dataset: z.string().min(1).max(1000).default('demo'),
    dataSeed: z.int().min(0).max(0xffffffff).default(0),
  });
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path[0];
    const field = `params.${String(key ?? '')}`;
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown parameter (known: ${Object.keys(schema.shape).join(', ')})`
        : issue.message;
    throw new EvalRequestError(`lp-robustness: '${field}': ${message}`, field);
  }
  const p = parsed.data;
  const field = (name: string, fn: () => unknown) => {
    try {
      return fn();
    } catch (e) {
      throw new EvalRequestError(`lp-robustness: ${(e as Error).message}`, `params.${name}`);
    }
  };
  return {
    ...p,
    norm: field('norm', () => parseNorm(p.norm, "'params.norm'")) as Norm,
    epsilon: field('epsilon', () => parseEpsilon(p.epsilon, "'params.epsilon'")) as number,
    attacks: field('attacks', () => parseAttackList(p.attacks, "'params.attacks'")) as AttackName[],
  };
}
