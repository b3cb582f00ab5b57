import type { Command } from 'commander';
import {
  ATTACK_NAMES,
  ensembleTable,
  formatEps,
  formatTable,
  parseAttackList,
  parseEpsilon,
  parseNorm,
  robustAccuracy,
  STANDARD_ATTACKS,
} from '@ada/attacks';
import {
  findCifar10Dir,
  loadCifar10,
  makeDemoDataset,
  sliceDataset,
  type Dataset,
} from '@ada/data';
import { loadClassifierAt, resolveCheckpoint } from '@ada/models';
import { imagesFromUint8, initBackend } from '@ada/tensor';
import { parseCount } from '../util/ada_inputs.ts';
import { createProgress } from '../util/progress.ts';

interface AttackCliOptions {
  checkpoint: string;
  norm: string;
  eps: string;
  attacks: string;
  n: string;
  dataDir?: string;
  seed: string;
  batchSize: string;
  iterations: string;
  targets: string;
  queries: string;
  json?: boolean;
}

/**
 * `ada attack --checkpoint DIR --norm linf|l2 --eps 8/255 [--attacks apgd-ce,apgd-t,square]
 * [--n 1000] [--json]`: robust accuracy of a saved classifier (an `ada run` run folder, its
 * checkpoint folder or a step folder: see `resolveCheckpoint`) under the attack ensemble, on the first N images of the
 * demo test split, or of the CIFAR-10 test batch in `--data-dir`. Prints a table (accuracy after
 * each attack, examples attacked and fooled, seconds, gradient evaluations) or one JSON object.
 */
export function register(program: Command): void {
  program
    .command('attack')
    .description('robust accuracy of a classifier checkpoint under the l_p attack ensemble')
    .requiredOption(
      '--checkpoint <dir>',
      'classifier checkpoint: an ada run folder, its checkpoint folder (latest), or a step folder',
    )
    .option('--norm <norm>', "threat model: 'linf' or 'l2'", 'linf')
    .requiredOption('--eps <radius>', 'radius: a number (0.5) or a fraction (8/255)')
    .option(
      '--attacks <list>',
      `attacks in order: ${ATTACK_NAMES.join(', ')}`,
      STANDARD_ATTACKS.join(','),
    )
    .option('--n <count>', 'number of test images', '1000')
    .option('--data-dir <dir>', 'CIFAR-10 binary batches (default: the synthetic demo test split)')
    .option('--seed <n>', 'seed of the attacks (and of the demo images)', '0')
    .option('--batch-size <n>', 'examples per forward/backward pass', '64')
    .option('--iterations <n>', 'APGD iterations (PGD and MultiTargeted steps)', '100')
    .option('--targets <n>', 'APGD-T and MultiTargeted target classes', '9')
    .option('--queries <n>', 'Square queries per image', '5000')
    .option('--json', 'print one JSON object instead of the table')
    .action(async (o: AttackCliOptions) => {
      const norm = parseNorm(o.norm, '--norm');
      const eps = parseEpsilon(o.eps, '--eps');
      const attacks = parseAttackList(o.attacks, '--attacks');
      const n = parseCount('--n', o.n, 1);
      const seed = parseCount('--seed', o.seed);
      const batchSize = parseCount('--batch-size', o.batchSize, 1);
      const iterations = parseCount('--iterations', o.iterations, 1);
      const targets = parseCount('--targets', o.targets, 1);
      const queries = parseCount('--queries', o.queries, 1);
      resolveCheckpoint(o.checkpoint); // before the backend starts: a wrong path fails at once
      if (o.dataDir !== undefined) await checkTestDataDir(o.dataDir);
      await initBackend({ log: false });
      const { classifier } = await loadClassifierAt(o.checkpoint);
      const data = await loadTestImages(o.dataDir, n, seed);
      const images = imagesFromUint8(data.images, data.shape[0], data.shape[1], data.shape[2]);
      const progress = createProgress();
      try {
        const report = robustAccuracy(classifier, images, Array.from(data.labels), {
          norm,
          eps,
          attacks,
          seed,
          batchSize,
          settings: {
            pgd: { steps: iterations },
            'apgd-ce': { iterations },
            'apgd-t': { iterations, targetClasses: targets },
            square: { queries },
            multitargeted: { steps: iterations, targetClasses: targets },
          },
          onProgress: (p) =>
            progress.update({
              phase: `${p.attack} (${p.attackIndex + 1}/${p.attacks})`,
              done: p.step,
              total: p.steps,
              unit: 'it',
              fields: { batch: `${p.batch + 1}/${p.batches}`, robust: `${p.robust}/${p.total}` },
            }),
        });
        progress.done();
        if (o.json) {
          process.stdout.write(
            `${JSON.stringify({ checkpoint: o.checkpoint, data: data.name, ...report, robust: undefined })}\n`,
          );
          return;
        }
        process.stdout.write(
          `${data.name}, ${report.examples} images, ${norm} eps ${formatEps(eps)}, attacks ${attacks.join(', ')}\n` +
            `${formatTable(ensembleTable(report))}\n`,
        );
      } finally {
        images.dispose();
        classifier.dispose();
      }
    });
}

/** The first `n` test images: CIFAR-10's test batch under `dataDir`, else the demo test split. */
async function loadTestImages(
  dataDir: string | undefined,
  n: number,
  seed: number,
): Promise<Dataset> {
  if (dataDir === undefined) return makeDemoDataset({ split: 'test', size: n, seed });
  const dir = await checkTestDataDir(dataDir);
  const test = await loadCifar10({ dataDir: dir, split: 'test' });
  return sliceDataset(test, 0, Math.min(n, test.shape[0]), test.name);
}

/** The folder with CIFAR-10's test batch in `--data-dir`; an error names the option. */
async function checkTestDataDir(dataDir: string): Promise<string> {
  const dir = await findCifar10Dir(dataDir);
  if (!dir)
    throw new Error(`--data-dir ${dataDir}: no CIFAR-10 binary batches (test_batch.bin) there`);
  return dir;
}
