import * as tf from '@tensorflow/tfjs-core';
import { TensorPacker } from '@ada/tensor';

export interface SgdConfig {
  /** Momentum coefficient mu (paper: 0.9). */
  momentum: number;
  /** Use Nesterov momentum (paper: true). */
  nesterov: boolean;
  /** Global L2 weight decay added to every gradient, PyTorch style (paper: 1e-4). */
  weightDecay: number;
}

export const PAPER_SGD: SgdConfig = { momentum: 0.9, nesterov: true, weightDecay: 1e-4 };

/**
 * How `step` runs: `per-tensor` updates each parameter with its own kernels (about 8 per
 * tensor); `fused` packs all gradients and parameters into one flat tensor, updates it with a
 * handful of kernels and unpacks it (same arithmetic, same numbers); `auto` picks `fused` on the
 * native TensorFlow backend, where every kernel pays tfjs-node's per-op overhead, and
 * `per-tensor` elsewhere.
 */
export type SgdUpdateMode = 'auto' | 'fused' | 'per-tensor';

export interface SgdOptions {
  /** Default `auto`. */
  update?: SgdUpdateMode;
}

/** The fused path's layout: which parameters, in which order, and their flat momentum. */
interface FlatState {
  /** Names and shapes of the packed parameters, in order (the layout's identity). */
  key: string;
  names: string[];
  packer: TensorPacker;
  /** Flat momentum of `names` in order, once initialised. */
  buf: tf.Variable | undefined;
}

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
 * On the native backend the update is fused by default (see `SgdUpdateMode`): one flat momentum
 * buffer, the hyper-parameters as kept scalars, the learning rate uploaded once per step.
 *
 * ```ts
 * const opt = new SgdNesterov(PAPER_SGD);
 * const { grads } = tf.variableGrads(() => loss(), [w]);
 * opt.step([{ name: 'w', variable: w, grad: grads[w.name] }], lr);
 * ```
 */
export class SgdNesterov {
  /** Per-parameter momentum (the per-tensor path, and state set but not yet packed). */
  private readonly buffers = new Map<string, tf.Variable>();
  private flat: FlatState | undefined;
  /** momentum and weightDecay as kept float32 scalars on the backend that made them (fused path). */
  private scalars: { backend: tf.KernelBackend; mu: tf.Scalar; wd: tf.Scalar } | undefined;
  private readonly mode: SgdUpdateMode;

  constructor(
    readonly config: SgdConfig,
    options: SgdOptions = {},
  ) {
    this.mode = options.update ?? 'auto';
    if (!['auto', 'fused', 'per-tensor'].includes(this.mode)) {
      throw new RangeError(
        `Argument 'update' must be 'auto', 'fused' or 'per-tensor', got ${String(this.mode)}`,
      );
    }
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
    const fused =
      this.mode === 'fused' || (this.mode === 'auto' && tf.getBackend() === 'tensorflow');
    const live = params.filter((p): p is SgdParam & { grad: tf.Tensor } => p.grad !== undefined);
    if (live.length === 0) return;
    const flat = fused ? this.flatFor(live) : undefined;
    if (flat) this.stepFused(flat, live, lr);
    else this.stepPerTensor(live, lr);
  }

  /** The update of each parameter with its own kernels (the reference the fused path equals). */
  private stepPerTensor(params: readonly SgdParam[], lr: number): void {
    this.unpackMomentum();
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

  /**
   * The same update on one flat tensor: pack parameters and gradients (one kernel each on the
   * native backend), g + wd * w, the momentum and Nesterov steps and w - lr * update (8 kernels
   * in all), unpack into the parameters (N + 1 kernels natively).
   */
  private stepFused(flat: FlatState, params: readonly SgdParam[], lr: number): void {
    const { momentum, nesterov, weightDecay } = this.config;
    const { mu, wd } = this.keptScalars();
    tf.tidy(() => {
      const lrT = tf.scalar(lr);
      const w = flat.packer.pack(params.map((p) => p.variable));
      let g: tf.Tensor = flat.packer.pack(params.map((p) => p.grad!));
      if (weightDecay > 0) g = tf.add(g, tf.mul(w, wd));
      let update = g;
      if (momentum > 0) {
        if (!flat.buf) {
          // PyTorch initialises the buffer with the first gradient (v <- g).
          flat.buf = tf.variable(g, false);
        } else {
          flat.buf.assign(tf.add(tf.mul(flat.buf, mu), g));
        }
        update = nesterov ? tf.add(g, tf.mul(flat.buf, mu)) : flat.buf;
      }
      const next = flat.packer.unpack(tf.sub(w, tf.mul(update, lrT)));
      params.forEach((p, i) => p.variable.assign(next[i]!));
    });
  }

  /**
   * The fused layout for these parameters, its momentum packed from `buffers` when set there;
   * undefined when only some of them have momentum yet (that step runs per tensor).
   */
  private flatFor(params: readonly SgdParam[]): FlatState | undefined {
    const key = params.map((p) => `${p.name}:${p.variable.shape.join('x')}`).join(',');
    if (this.flat?.key !== key) {
      this.unpackMomentum();
      const names = params.map((p) => p.name);
      if (new Set(names).size !== names.length) return undefined;
      this.flat?.packer.dispose();
      this.flat = {
        key,
        names,
        packer: new TensorPacker(params.map((p) => p.variable.shape)),
        buf: undefined,
      };
    }
    const flat = this.flat;
    if (!flat.buf && this.config.momentum > 0) {
      const have = flat.names.filter((n) => this.buffers.has(n));
      if (have.length > 0 && have.length < flat.names.length) return undefined;
      if (have.length > 0) {
        const parts = flat.names.map((n) => this.buffers.get(n)!);
        flat.buf = tf.tidy(() => tf.variable(flat.packer.pack(parts), false));
        tf.dispose(parts);
        flat.names.forEach((n) => this.buffers.delete(n));
      }
    }
    return flat;
  }

  /** Moves the flat momentum back into per-parameter buffers (for the per-tensor path). */
  private unpackMomentum(): void {
    const flat = this.flat;
    if (!flat?.buf) return;
    const parts = flat.packer.unpack(flat.buf);
    flat.names.forEach((n, i) => this.buffers.set(n, tf.variable(parts[i]!, false)));
    tf.dispose([flat.buf, ...parts]);
    flat.buf = undefined;
  }

  private keptScalars(): { mu: tf.Scalar; wd: tf.Scalar } {
    if (this.scalars?.backend !== tf.backend()) {
      if (this.scalars) tf.dispose([this.scalars.mu, this.scalars.wd]);
      this.scalars = {
        backend: tf.backend(),
        mu: tf.keep(tf.scalar(this.config.momentum)),
        wd: tf.keep(tf.scalar(this.config.weightDecay)),
      };
    }
    return this.scalars;
  }

  /** Momentum buffers keyed by parameter name (copies, owned by the caller). */
  getState(): tf.NamedTensorMap {
    const out: tf.NamedTensorMap = {};
    for (const [name, buf] of this.buffers) out[name] = tf.clone(buf);
    if (this.flat?.buf) {
      const parts = this.flat.packer.unpack(this.flat.buf);
      this.flat.names.forEach((n, i) => (out[n] = parts[i]!));
    }
    return out;
  }

  /** Replaces the momentum buffers (copies the given tensors). */
  setState(state: tf.NamedTensorMap): void {
    this.dispose();
    for (const [name, t] of Object.entries(state)) {
      this.buffers.set(name, tf.variable(t, false));
    }
  }

  /** Frees the momentum, the kept scalars and the fused layout's tensors. */
  dispose(): void {
    for (const buf of this.buffers.values()) buf.dispose();
    this.buffers.clear();
    if (this.flat) {
      this.flat.buf?.dispose();
      this.flat.packer.dispose();
      this.flat = undefined;
    }
    if (this.scalars) {
      tf.dispose([this.scalars.mu, this.scalars.wd]);
      this.scalars = undefined;
    }
  }
}
