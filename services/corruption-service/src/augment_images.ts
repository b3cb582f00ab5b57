import { AdaAugmenter, type AdaExampleStats } from '@ada/ada';
import {
  CORRUPTION_NETWORK_NAMES,
  loadCorruptionNetwork,
  type Classifier,
  type CorruptionNetwork,
  type CorruptionNetworkName,
} from '@ada/models';
import { imagesFromUint8, imagesToUint8 } from '@ada/tensor';
import { UnservableError } from './errors.ts';

/**
 * The computation of one batch: uint8 NHWC images -> AdA (Calian et al. 2022) against a
 * classifier -> uint8 images of the same shape, with per-example SSIM to the input and line-search
 * flags, and the batch-mean cross-entropy before and after. Deterministic for a given seed.
 *
 * ```ts
 * const networks = new NetworkCache();
 * const out = await augmentImages({ augmenter: await networks.get('rdn-slim-x2'), classifier,
 *   images: bytes, shape: [8, 32, 32, 3], labels, config: { nu: 0.015, steps: 10 }, seed: 7 });
 * ```
 */
export interface AugmentImagesInput {
  augmenter: AdaAugmenter;
  classifier: Classifier;
  /** uint8 NHWC, row-major. */
  images: Uint8Array;
  shape: readonly number[];
  labels: readonly number[];
  config: {
    nu: number;
    steps: number;
    ssimThreshold?: number | undefined;
    offsets?: 'per-example' | 'shared' | undefined;
    residual?: boolean | undefined;
    stepRule?: 'sign' | 'l2-block' | undefined;
  };
  seed: number;
  /**
   * Images per `augment` call (default: all). Between chunks the event loop runs, so a long
   * batch does not starve the Kafka heartbeats; each chunk gets its own seed (`chunkSeed`).
   */
  chunkImages?: number;
}

export interface AugmentImagesOutput {
  images: Uint8Array;
  ssim: number[];
  /** 1 where the SSIM line search blended the corruption back towards the input, else 0. */
  lineSearchSteps: number[];
  lossBefore: number;
  lossAfter: number;
  seconds: number;
}

/** The smallest side SSIM's 11x11 window accepts. */
const MIN_SIDE = 11;

export async function augmentImages(input: AugmentImagesInput): Promise<AugmentImagesOutput> {
  const { shape, labels, classifier } = input;
  const [n, h, w, c] = shape as [number, number, number, number];
  if (c !== 3) {
    throw new UnservableError(
      `images must have 3 channels (RGB) for the corruption networks, got [${shape.join(', ')}]`,
      { field: 'images.shape' },
    );
  }
  if (h < MIN_SIDE || w < MIN_SIDE) {
    throw new UnservableError(
      `images must be at least ${MIN_SIDE}x${MIN_SIDE} (the SSIM window), got ${h}x${w}`,
      { field: 'images.shape' },
    );
  }
  const bad = labels.findIndex((l) => l >= classifier.numClasses);
  if (bad >= 0) {
    throw new UnservableError(
      `labels.${bad} is ${labels[bad]}, but the classifier has ${classifier.numClasses} classes`,
      { field: `labels.${bad}` },
    );
  }
  const chunk = input.chunkImages ?? n;
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new RangeError(
      `Argument 'chunkImages' passed to 'augmentImages' must be an integer >= 1, got ${chunk}`,
    );
  }
  const started = performance.now();
  const pixels = h * w * c;
  const out = new Uint8Array(input.images.length);
  const stats: AdaExampleStats[] = [];
  for (let k = 0, from = 0; from < n; k++, from += chunk) {
    // Let the event loop run between chunks: a timer, unlike setImmediate, resumes only after a
    // pass through the timers phase, where the Kafka heartbeat timers that came due meanwhile run.
    if (k > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    const m = Math.min(chunk, n - from);
    const x = imagesFromUint8(input.images.subarray(from * pixels, (from + m) * pixels), m, h, w);
    try {
      const result = input.augmenter.augment(
        x,
        labels.slice(from, from + m),
        (v) => classifier.apply(v, { training: false }),
        {
          nu: input.config.nu,
          steps: input.config.steps,
          ...(input.config.offsets === undefined ? {} : { offsets: input.config.offsets }),
          ...(input.config.residual === undefined ? {} : { residual: input.config.residual }),
          ...(input.config.stepRule === undefined ? {} : { stepRule: input.config.stepRule }),
          lineSearch: input.config.ssimThreshold !== undefined,
          ...(input.config.ssimThreshold === undefined
            ? {}
            : { ssimThreshold: input.config.ssimThreshold }),
        },
        chunkSeed(input.seed, k),
      );
      try {
        out.set(await imagesToUint8(result.images), from * pixels);
      } finally {
        result.images.dispose();
      }
      stats.push(...result.stats);
    } finally {
      x.dispose();
    }
  }
  const mean = (vs: number[]) => (vs.length === 0 ? 0 : vs.reduce((s, v) => s + v, 0) / vs.length);
  const lossBefore = mean(stats.map((s) => s.lossBefore));
  const lossAfter = mean(stats.map((s) => s.lossAfter));
  const ssim = stats.map((s) => Math.min(1, Math.max(-1, s.ssim)));
  if (![lossBefore, lossAfter, ...ssim].every(Number.isFinite)) {
    throw new UnservableError(
      'AdA produced a non-finite loss or SSIM (check the classifier checkpoint and the images)',
    );
  }
  return {
    images: out,
    ssim,
    lineSearchSteps: stats.map((s) => (s.lineSearchFired ? 1 : 0)),
    lossBefore,
    lossAfter,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The AdA seed of chunk `k` of a message with seed `seed`: the seed itself for the first chunk
 * (a batch of at most `chunkImages` images is exactly `AdaAugmenter.augment(..., seed)`), then a
 * fixed mix, so that every chunk starts from its own random offsets.
 */
export function chunkSeed(seed: number, k: number): number {
  const base = seed % 2 ** 32;
  return k === 0 ? base : (base + Math.imul(k, 0x9e3779b1)) >>> 0;
}

/**
 * Corruption networks by name, loaded once per process (the pretrained RDN weights are read from
 * the installed package files) and kept with their `AdaAugmenter` (which caches the radii).
 */
export class NetworkCache {
  private readonly augmenters = new Map<string, Promise<AdaAugmenter>>();

  constructor(
    private readonly loader: (
      name: CorruptionNetworkName,
    ) => Promise<CorruptionNetwork> = loadCorruptionNetwork,
  ) {}

  get(name: string): Promise<AdaAugmenter> {
    if (!CORRUPTION_NETWORK_NAMES.includes(name as CorruptionNetworkName)) {
      return Promise.reject(
        new UnservableError(
          `unknown corruption network '${name}' (expected one of ${CORRUPTION_NETWORK_NAMES.join(', ')})`,
          { field: 'config.network' },
        ),
      );
    }
    let running = this.augmenters.get(name);
    if (running === undefined) {
      running = this.loader(name as CorruptionNetworkName).then((net) => new AdaAugmenter(net));
      this.augmenters.set(name, running);
      running.catch(() => this.augmenters.delete(name));
    }
    return running;
  }

  /** Names loaded (or loading). */
  names(): string[] {
    return [...this.augmenters.keys()];
  }

  async dispose(): Promise<void> {
    const all = await Promise.allSettled(this.augmenters.values());
    this.augmenters.clear();
    for (const r of all) {
      if (r.status === 'fulfilled') r.value.network.dispose();
    }
  }
}
