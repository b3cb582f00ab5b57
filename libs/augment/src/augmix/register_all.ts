import type { AugMixOpName } from './names.ts';
import type { AugMixOp } from './op.ts';
import { autocontrastOp } from './ops/autocontrast.ts';
import { equalizeOp } from './ops/equalize.ts';
import { posterizeOp } from './ops/posterize.ts';
import { rotateOp } from './ops/rotate.ts';
import { shearXOp } from './ops/shear_x.ts';
import { shearYOp } from './ops/shear_y.ts';
import { solarizeOp } from './ops/solarize.ts';
import { translateXOp } from './ops/translate_x.ts';
import { translateYOp } from './ops/translate_y.ts';

/** Every AugMix operation, in `AUGMIX_OP_NAMES` order (the reference's list order). */
export const AUGMIX_OPS: readonly AugMixOp[] = [
  autocontrastOp,
  equalizeOp,
  posterizeOp,
  rotateOp,
  solarizeOp,
  shearXOp,
  shearYOp,
  translateXOp,
  translateYOp,
];

/** The operation registered under `name`. */
export function getAugMixOp(name: AugMixOpName): AugMixOp {
  const op = AUGMIX_OPS.find((o) => o.name === name);
  if (op === undefined) throw new Error(`No AugMix operation named '${name}' is registered`);
  return op;
}
