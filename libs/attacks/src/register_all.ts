import type { Tensor4D } from '@tensorflow/tfjs-core';
import { apgdCe, type ApgdOptions } from './apgd_ce.ts';
import { apgdT, type ApgdTOptions } from './apgd_t.ts';
import type { AttackName } from './names.ts';
import { multiTargeted, type MultiTargetedOptions } from './multitargeted.ts';
import { pgd, type PgdOptions } from './pgd.ts';
import { square, type SquareOptions } from './square.ts';
import type { AttackModel, AttackResult, CommonAttackOptions } from './types.ts';

/** Per-attack settings beyond the common ones (norm, eps, seed, batch size, progress). */
export interface AttackSettings {
  pgd?: Omit<PgdOptions, keyof CommonAttackOptions>;
  'apgd-ce'?: Omit<ApgdOptions, keyof CommonAttackOptions>;
  'apgd-t'?: Omit<ApgdTOptions, keyof CommonAttackOptions>;
  square?: Omit<SquareOptions, keyof CommonAttackOptions>;
  multitargeted?: Omit<MultiTargetedOptions, keyof CommonAttackOptions>;
}

type AttackFn = (
  model: AttackModel,
  images: Tensor4D,
  labels: readonly number[],
  common: CommonAttackOptions,
  settings: AttackSettings,
) => AttackResult;

/** Every attack by name: the one list the ensemble runner dispatches on. */
export const ATTACKS: Readonly<Record<AttackName, AttackFn>> = {
  pgd: (m, x, y, common, s) => pgd(m, x, y, { ...s.pgd, ...common }),
  'apgd-ce': (m, x, y, common, s) => apgdCe(m, x, y, { ...s['apgd-ce'], ...common }),
  'apgd-t': (m, x, y, common, s) => apgdT(m, x, y, { ...s['apgd-t'], ...common }),
  square: (m, x, y, common, s) => square(m, x, y, { ...s.square, ...common }),
  multitargeted: (m, x, y, common, s) => multiTargeted(m, x, y, { ...s.multitargeted, ...common }),
};
