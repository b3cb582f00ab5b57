/**
 * Names and option types of the l_p attack suite, apart from the implementations (wired in
 * `register_all.ts`).
 */

/** Threat models: l_inf (max-norm) or l_2 (Euclidean) balls around each image. */
export const NORMS = ['linf', 'l2'] as const;
export type Norm = (typeof NORMS)[number];

/** Every attack the ensemble runner knows. */
export const ATTACK_NAMES = ['pgd', 'apgd-ce', 'apgd-t', 'square', 'multitargeted'] as const;
export type AttackName = (typeof ATTACK_NAMES)[number];

/**
 * AutoAttack's "standard" version without FAB-T (see the README): APGD-CE, APGD-T with the
 * targeted DLR loss, Square, in this order.
 */
export const STANDARD_ATTACKS: readonly AttackName[] = ['apgd-ce', 'apgd-t', 'square'];

export function isNorm(value: string): value is Norm {
  return (NORMS as readonly string[]).includes(value);
}

export function isAttackName(value: string): value is AttackName {
  return (ATTACK_NAMES as readonly string[]).includes(value);
}
