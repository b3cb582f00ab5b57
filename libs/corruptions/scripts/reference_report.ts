/**
 * Prints, per implemented corruption and severity, the distance to the reference files
 * (`'reference'` seeding: MAE and max |diff| on 0..255, fraction of values that differ) and, for
 * random corruptions, the 32-image mean |c - x| under per-image seeding next to the reference
 * ensemble (mean +- sd). Run: npx tsx libs/corruptions/scripts/reference_report.ts [names...]
 */
import { ALL_CORRUPTIONS, isCorruptionName } from '../src/names.ts';
import { SEVERITIES } from '../src/types.ts';
import { compareMadToEnsemble, compareToReference, referenceStats } from '../src/testing/index.ts';

const wanted = process.argv.slice(2).filter(isCorruptionName);
const names = wanted.length ? wanted : ALL_CORRUPTIONS;
for (const name of names) {
  for (const s of SEVERITIES) {
    const t0 = performance.now();
    const r = compareToReference(name, s);
    const ms = performance.now() - t0;
    let line = `${name} s${s}: MAE ${r.mae.toFixed(4)} max ${r.maxAbs} differ ${(100 * r.fracDiffer).toFixed(2)}% >1 ${(100 * r.fracOver1).toFixed(2)}% (${((32 / ms) * 1000).toFixed(0)} img/s)`;
    if (referenceStats(name, s).ensemble) {
      const d = compareMadToEnsemble(name, s, 1);
      line += ` | mad ${d.ours.toFixed(5)} vs ens ${d.refMean.toFixed(5)} +- ${d.refSd.toFixed(5)} (${d.withinTolerance ? 'ok' : 'OUT'})`;
    }
    console.log(line);
  }
}
