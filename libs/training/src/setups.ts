/**
 * Training setups of the paper as composable names: a `+`-separated list of `ada`, `augmix` and
 * `deepaugment` (optionally `deepaugment-10x`), or `nominal` alone.
 *
 * ```ts
 * parseSetup('ada+augmix'); // { name: 'ada+augmix', ada: true, augmix: true, deepaugment: 0 }
 * ```
 */
export interface SetupSpec {
  /** Canonical name: components in the order deepaugment, ada, augmix (the paper's pipeline). */
  name: string;
  ada: boolean;
  augmix: boolean;
  /** DeepAugment copies per clean image: 0 (off), 1 ("1x") or 10 ("10x"). */
  deepaugment: 0 | 1 | 10;
}

/** The setups of the paper's Table 1, in its row order. */
export const PAPER_SETUPS = [
  'nominal',
  'augmix',
  'deepaugment',
  'ada',
  'ada+augmix',
  'deepaugment-10x+ada+augmix',
] as const;

/** Every named setup (the paper's and the remaining combinations). */
export const SETUP_NAMES = [
  'nominal',
  'augmix',
  'deepaugment',
  'deepaugment-10x',
  'ada',
  'ada+augmix',
  'deepaugment+augmix',
  'deepaugment-10x+augmix',
  'deepaugment+ada',
  'deepaugment+ada+augmix',
  'deepaugment-10x+ada+augmix',
] as const;

const COMPONENTS = ['deepaugment', 'deepaugment-10x', 'ada', 'augmix'] as const;

/** Parses a setup name (components in any order); throws a clear error on anything else. */
export function parseSetup(name: string): SetupSpec {
  const trimmed = name.trim().toLowerCase();
  if (trimmed === 'nominal') return { name: 'nominal', ada: false, augmix: false, deepaugment: 0 };
  const parts = trimmed.split('+').map((p) => p.trim());
  const seen = new Set<string>();
  for (const p of parts) {
    if (!(COMPONENTS as readonly string[]).includes(p)) {
      throw new RangeError(
        `Unknown setup component '${p}' in '${name}': expected 'nominal' or a '+'-joined list of ${COMPONENTS.join(', ')}`,
      );
    }
    if (seen.has(p)) throw new RangeError(`Setup '${name}' names '${p}' twice`);
    seen.add(p);
  }
  if (seen.has('deepaugment') && seen.has('deepaugment-10x')) {
    throw new RangeError(`Setup '${name}' names both 'deepaugment' and 'deepaugment-10x'`);
  }
  const deepaugment = seen.has('deepaugment-10x') ? 10 : seen.has('deepaugment') ? 1 : 0;
  const ada = seen.has('ada');
  const augmix = seen.has('augmix');
  const canonical = [
    deepaugment === 10 ? 'deepaugment-10x' : deepaugment === 1 ? 'deepaugment' : '',
    ada ? 'ada' : '',
    augmix ? 'augmix' : '',
  ]
    .filter(Boolean)
    .join('+');
  return { name: canonical, ada, augmix, deepaugment };
}
