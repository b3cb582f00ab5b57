import * as tf from '@tensorflow/tfjs-core';

export interface SgdConfig {
  /** Momentum coefficient mu (paper: 0.9). */
  momentum: number;
  /** Use Nesterov momentum (paper: true). */
  nesterov: boolean;
  /** Global L2 weight decay added to every gradient, PyTorch style (paper: 1e-4). */
  weightDecay: number;
}

export const PAPER_SGD: SgdConfig = { momentum: 0.9, nesterov: true, weightDecay: 1e-4 };

/** One parameter to update: its stable name (the key of its momentum buffer), the variable, its gradient. */
export interface SgdParam {
  name: string;
  variable: tf.Variable;
  grad: tf.Tensor | undefined;
}

/**
 * Stochastic gradient descent with (Nesterov) momentum and global weight decay, with the update
 * rule of PyTorch's `torch.optim.SGD` (the convention of the paper's reference training code):
 *
 *     g <- grad + wd * w
 *     v <- mu * v + g
 *     w <- w - lr * (g + mu * v)      (Nesterov)      or      w <- w - lr * v      (plain)
 *
 * The learning rate is passed to every `step`, so any schedule can drive it. The momentum buffers
 * are keyed by the parameters' stable names (not by `tf.Variable#name`, which differs between two
 * instances of the same model) and can be saved and restored exactly (`getState`/`setState`),
 * which is what makes a resumed run identical to an uninterrupted one.
 *
 * ```ts
 * const opt = new SgdNesterov(PAPER_SGD);
 * const { grads } = tf.variableGrads(() => loss(), [w]);
 * opt.step([{ name: 'w', variable: w, grad: grads[w.name] }], lr);
 * ```
 */
export class SgdNesterov {
  private readonly buffers = new Map<string, tf.Variable>();

  constructor(readonly config: SgdConfig) {
    if (!(config.momentum >= 0 && config.momentum < 1)) {
      throw new RangeError(`Argument 'momentum' must be in [0, 1), got ${config.momentum}`);
    }
    if (!(config.weightDecay >= 0)) {
      throw new RangeError(`Argument 'weightDecay' must be >= 0, got ${config.weightDecay}`);
    }
    if (config.nesterov && config.momentum === 0) {
      throw new RangeError("Nesterov momentum needs 'momentum' > 0");
    }
  }

  /**
   * Applies one update to every parameter that has a gradient; the others are left alone.
   * Disposes nothing it does not own: the caller disposes the gradients.
   */
  step(params: readonly SgdParam[], lr: number): void {
    if (!(Number.isFinite(lr) && lr >= 0)) {
      throw new RangeError(
        `Argument 'lr' passed to 'SgdNesterov.step' must be finite and >= 0, got ${lr}`,
      );
    }
    const { momentum: mu, nesterov, weightDecay: wd } = this.config;
    tf.tidy(() => {
      for (const { name, variable: v, grad } of params) {
        if (!grad) continue;
        const g = wd > 0 ? tf.add(grad, tf.mul(v, wd)) : grad;
        if (mu === 0) {
          v.assign(tf.sub(v, tf.mul(g, lr)));
          continue;
        }
        let buf = this.buffers.get(name);
        if (!buf) {
          // PyTorch initialises the buffer with the first gradient (v <- g).
          buf = tf.variable(g, false);
          this.buffers.set(name, buf);
        } else {
          buf.assign(tf.add(tf.mul(buf, mu), g));
        }
        const update = nesterov ? tf.add(g, tf.mul(buf, mu)) : buf;
        v.assign(tf.sub(v, tf.mul(update, lr)));
      }
    });
  }

  /** Momentum buffers keyed by parameter name (copies, owned by the caller). */
  getState(): tf.NamedTensorMap {
    const out: tf.NamedTensorMap = {};
    for (const [name, buf] of this.buffers) out[name] = tf.clone(buf);
    return out;
  }

  /** Replaces the momentum buffers (copies the given tensors). */
  setState(state: tf.NamedTensorMap): void {
    this.dispose();
    for (const [name, t] of Object.entries(state)) {
      this.buffers.set(name, tf.variable(t, false));
    }
  }

  dispose(): void {
    for (const buf of this.buffers.values()) buf.dispose();
    this.buffers.clear();
  }
}
