/**
 * Measures, per corruption and severity, the distance of our output to the reference files
 * (`'reference'` seeding: MAE / max / share of values off by more than 1, on 0..255) and, for
 * random corruptions, our 32-image mean |c - x| under per-image seeding (average over 4 seeds)
 * next to the reference's 32-seed ensemble (mean +- sd over seeds).
 *
 * Run from the repo root: `npx tsx libs/corruptions/scripts/distances.ts [--markdown] [name ...]`
 */
import { ALL_CORRUPTIONS, isCorruptionName, type CorruptionName } from '../src/names.ts';
import { CORRUPTIONS } from '../src/register_all.ts';
import { compareToReference } from '../src/testing/deterministic.ts';
import { compareMadToEnsemble } from '../src/testing/distribution.ts';
import { referenceStats } from '../src/testing/reference.ts';
import { SEVERITIES } from '../src/types.ts';

const args = process.argv.slice(2);
const markdown = args.includes('--markdown');
const requested = args.filter(isCorruptionName);
const names: CorruptionName[] = requested.length
  ? requested
  : ALL_CORRUPTIONS.filter((n) => CORRUPTIONS[n]);
const SEEDS = [1, 2, 3, 4];

if (markdown) {
  console.log(
    '| corruption | sev | MAE (0..255) | max | off by >1 | ours mean abs change | reference ensemble |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
}
for (const name of names) {
  for (const s of SEVERITIES) {
    const r = compareToReference(name, s);
    let ours = '';
    let ref = '';
    if (referenceStats(name, s).ensemble) {
      const runs = SEEDS.map((seed) => compareMadToEnsemble(name, s, seed));
      const mean = runs.reduce((a, b) => a + b.ours, 0) / runs.length;
      ours = mean.toFixed(4);
      ref = `${runs[0].refMean.toFixed(4)} +- ${runs[0].refSd.toFixed(4)}`;
    }
    const cells = [
      name,
      String(s),
      r.mae.toFixed(3),
      String(r.maxAbs),
      `${(100 * r.fracOver1).toFixed(2)}%`,
      ours,
      ref,
    ];
    console.log(markdown ? `| ${cells.join(' | ')} |` : cells.join('  '));
  }
}
