/**
 * Prints, per corruption and severity, the distance of our output to the reference files
 * (`'reference'` seeding: MAE / max / fraction off by more than 1, on 0..255) and, for random
 * corruptions, our per-image-seeded 32-image mean |c - x| next to the reference ensemble.
 *
 * Run from the repo root: `npx tsx libs/corruptions/scripts/distances.ts [name ...]`
 */
import { ALL_CORRUPTIONS, isCorruptionName, type CorruptionName } from '../src/names.ts';
import { CORRUPTIONS } from '../src/register_all.ts';
import { compareToReference } from '../src/testing/deterministic.ts';
import { compareMadToEnsemble } from '../src/testing/distribution.ts';
import { referenceStats } from '../src/testing/reference.ts';
import { SEVERITIES } from '../src/types.ts';

const args = process.argv.slice(2);
const names: CorruptionName[] = args.length
  ? args.filter(isCorruptionName)
  : ALL_CORRUPTIONS.filter((n) => CORRUPTIONS[n]);
for (const name of names) {
  for (const s of SEVERITIES) {
    const t0 = performance.now();
    const r = compareToReference(name, s);
    const ms = performance.now() - t0;
    let line = `${name} s${s}: MAE ${r.mae.toFixed(3)} max ${r.maxAbs} >1: ${(100 * r.fracOver1).toFixed(2)}% (${((32 * 1000) / ms).toFixed(0)} img/s)`;
    if (referenceStats(name, s).ensemble) {
      const m = compareMadToEnsemble(name, s, 1);
      line += ` | mad ours ${m.ours.toFixed(4)} ref ${m.refMean.toFixed(4)} +- ${m.refSd.toFixed(4)} (${m.withinTolerance ? 'ok' : 'OUT'})`;
    }
    console.log(line);
  }
}
