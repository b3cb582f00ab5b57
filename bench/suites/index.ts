import type { BenchSuite } from '../types.ts';
import { adaSuite } from './ada.ts';
import { attacksSuite } from './attacks.ts';
import { augmentSuite } from './augment.ts';
import { convSuite } from './conv.ts';
import { corruptionsSuite } from './corruptions.ts';
import { dataSuite } from './data.ts';
import { matMulSuite } from './matmul.ts';
import { modelsSuite } from './models.ts';

/**
 * Every benchmark suite, in table order. To add rows (a model, the AdA inner loop, a
 * corruption), write `suites/<name>.ts` exporting a `BenchSuite` and add it here.
 */
export const SUITES: readonly BenchSuite[] = [
  convSuite,
  matMulSuite,
  augmentSuite,
  modelsSuite,
  adaSuite,
  attacksSuite,
  corruptionsSuite,
  dataSuite,
];
