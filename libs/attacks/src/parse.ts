import { ATTACK_NAMES, isAttackName, isNorm, type AttackName, type Norm } from './names.ts';

/**
 * Parses a radius written as a number (`0.5`, `0.0314`) or a fraction (`8/255`); the result
 * must be finite and >= 0. `what` names the field in the error (a flag, a request parameter).
 *
 * ```ts
 * parseEpsilon('8/255', '--eps'); // 0.03137...
 * ```
 */
export function parseEpsilon(text: string | number, what: string): number {
  const value =
    typeof text === 'number'
      ? text
      : /^\s*[0-9.eE+-]+\s*\/\s*[0-9.eE+-]+\s*$/.test(text)
        ? Number(text.split('/')[0]) / Number(text.split('/')[1])
        : /^\s*[0-9.eE+-]+\s*$/.test(text)
          ? Number(text)
          : Number.NaN;
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `${what} must be a number >= 0 or a fraction like 8/255, got '${String(text)}'`,
    );
  }
  return value;
}

/** Parses `linf` or `l2` (also `Linf`, `L2`, `inf`), naming `what` in the error. */
export function parseNorm(text: string, what: string): Norm {
  const t = text.trim().toLowerCase();
  const norm = t === 'inf' ? 'linf' : t;
  if (!isNorm(norm)) throw new RangeError(`${what} must be 'linf' or 'l2', got '${text}'`);
  return norm;
}

/** Parses a comma-separated attack list (`apgd-ce,apgd-t,square`), naming `what` in the error. */
export function parseAttackList(text: string, what: string): AttackName[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new RangeError(`${what} must name at least one attack`);
  for (const n of names) {
    if (!isAttackName(n)) {
      throw new RangeError(
        `${what} holds unknown attack '${n}'; known: ${ATTACK_NAMES.join(', ')}`,
      );
    }
  }
  return names as AttackName[];
}
