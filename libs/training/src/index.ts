/** @ada/training: outer minimisation (optimiser, schedules, training loop), evaluation, tables. */
export { SgdNesterov, PAPER_SGD } from './optimizer/sgd_nesterov.ts';
export type { SgdConfig } from './optimizer/sgd_nesterov.ts';
export { cosineWithWarmup, scaledLearningRate } from './schedule.ts';
export type { CosineSchedule } from './schedule.ts';
