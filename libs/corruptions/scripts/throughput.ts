/**
 * Images per second of each implemented corruption (or the named ones) on the 32 reference
 * patches, per-image seeding, severities 1..5 each, after one warm-up pass. Single thread.
 *
 * Run from the repo root: `npx tsx libs/corruptions/scripts/throughput.ts [name ...]`
 */
import { corruptBatch } from '../src/apply.ts';
import { ALL_CORRUPTIONS, isCorruptionName, type CorruptionName } from '../src/names.ts';
import { CORRUPTIONS } from '../src/register_all.ts';
import { loadReferenceImages, REF_COUNT, REF_SIZE } from '../src/testing/reference.ts';
import { SEVERITIES } from '../src/types.ts';

const args = process.argv.slice(2);
const names: CorruptionName[] = args.length
  ? args.filter(isCorruptionName)
  : ALL_CORRUPTIONS.filter((n) => CORRUPTIONS[n]);
const { batch } = loadReferenceImages();
const reps = 4;
for (const name of names) {
  const run = (seed: number): void => {
    for (const s of SEVERITIES)
      corruptBatch(name, batch, REF_COUNT, REF_SIZE, REF_SIZE, s, { seed });
  };
  run(0);
  const t0 = performance.now();
  for (let r = 1; r <= reps; r++) run(r);
  const ms = performance.now() - t0;
  const images = reps * SEVERITIES.length * REF_COUNT;
  console.log(`${name}: ${((images * 1000) / ms).toFixed(0)} images/s (${images} images, 32x32)`);
}
