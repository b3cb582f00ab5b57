import type { CheckpointSource } from '../checkpoint/types.ts';
import { CAE_DEFAULT, createCae } from './cae/cae.ts';
import type { CaeConfig } from './cae/cae.ts';
import { loadCaeWeights } from './cae/load_cae_weights.ts';
import { EDSR_BASELINE, createEdsr } from './edsr/edsr.ts';
import type { EdsrConfig } from './edsr/edsr.ts';
import { loadEdsrWeights } from './edsr/load_edsr_weights.ts';
import { RESTORATION_NETWORK_NAMES, UPSCALER_MODEL_NAMES } from './names.ts';
import type {
  CorruptionNetworkName,
  ResizeMode,
  RestorationNetworkName,
  UpscalerModelName,
} from './names.ts';
import { loadNamedRestorationNet } from './restoration/load_restoration_net.ts';
import type { CorruptionNetwork } from './types.ts';
import { loadUpscalerNetwork } from './upscaler/load_upscaler_network.ts';

/** Options of `loadCorruptionNetwork`; each applies to the networks named beside it. */
export interface LoadCorruptionNetworkOptions {
  /** UpscalerJS models: how 32x32 comes back to 32x32. Default `sr-then-area`. */
  resize?: ResizeMode;
  /**
   * EDSR / CAE: converted weights to load (see `scripts/convert_pytorch.py`). Restoration
   * networks (`edsr-denoise`, ...): weights instead of the set-up cache.
   */
  weights?: { source: CheckpointSource; key: string };
  /** EDSR / CAE without weights: seed of the random initialisation. Default 0. */
  seed?: number;
  /** EDSR / CAE without weights: the architecture (default: EDSR baseline x2 / the paper's CAE). */
  edsr?: EdsrConfig;
  cae?: CaeConfig;
}

type Loader = (options: LoadCorruptionNetworkOptions) => Promise<CorruptionNetwork>;

const upscaler =
  (name: UpscalerModelName): Loader =>
  (o) =>
    loadUpscalerNetwork(name, o.resize ? { resize: o.resize } : {});

const restoration =
  (name: RestorationNetworkName): Loader =>
  (o) =>
    loadNamedRestorationNet(name, o.weights);

/** Every corruption network by name: the one list that wires names to implementations. */
export const CORRUPTION_NETWORK_LOADERS: Readonly<Record<CorruptionNetworkName, Loader>> = {
  ...(Object.fromEntries(UPSCALER_MODEL_NAMES.map((n) => [n, upscaler(n)])) as Record<
    UpscalerModelName,
    Loader
  >),
  ...(Object.fromEntries(RESTORATION_NETWORK_NAMES.map((n) => [n, restoration(n)])) as Record<
    RestorationNetworkName,
    Loader
  >),
  edsr: async (o) =>
    o.weights
      ? loadEdsrWeights(o.weights.source, o.weights.key)
      : createEdsr(o.edsr ?? EDSR_BASELINE, { seed: o.seed ?? 0 }),
  cae: async (o) =>
    o.weights
      ? loadCaeWeights(o.weights.source, o.weights.key)
      : createCae(o.cae ?? CAE_DEFAULT, { seed: o.seed ?? 0 }),
};

/**
 * Loads a corruption network by name: the pretrained UpscalerJS super-resolution models
 * (`rdn-slim-x2`, the platform default, ... see `CORRUPTION_NETWORK_NAMES`), the opt-in
 * EDSR-style restoration networks (`edsr-denoise`, `edsr-dejpeg`, `edsr-deblur`, from the cache
 * `npm run setup:restoration-nets` fills), or EDSR / the CAE (random unless `options.weights`
 * names converted weights). Every network maps [B, H, W, 3] in
 * [0, 1] to the same shape and exposes its named parameter blocks.
 *
 * ```ts
 * const net = await loadCorruptionNetwork('rdn-slim-x2');
 * const edsr = await loadCorruptionNetwork('edsr', { weights: { source: store, key: 'edsr-x2' } });
 * ```
 */
export function loadCorruptionNetwork(
  name: CorruptionNetworkName,
  options: LoadCorruptionNetworkOptions = {},
): Promise<CorruptionNetwork> {
  const loader = Object.prototype.hasOwnProperty.call(CORRUPTION_NETWORK_LOADERS, name)
    ? CORRUPTION_NETWORK_LOADERS[name]
    : undefined;
  if (loader === undefined) {
    return Promise.reject(
      new Error(
        `Argument 'name' passed to 'loadCorruptionNetwork' must be one of ${Object.keys(CORRUPTION_NETWORK_LOADERS).join(', ')}, got '${String(name)}'`,
      ),
    );
  }
  return loader(options);
}
