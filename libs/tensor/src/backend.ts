import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_CANDIDATES, BACKEND_NAMES, isBackendName } from './names.ts';
import type { BackendCandidate, BackendName } from './names.ts';
import {
  registerCpuKernels,
  registerTensorflowKernels,
  registerWasmKernels,
} from './kernels/register_all.ts';
import { registerMissingGradients } from './gradients/register_all.ts';
import { registerNativeGradients } from './gradients/native_relu_grad.ts';
import { inspectNativePackage } from './native.ts';
import type { NativeFlavour } from './native.ts';

/** What `initBackend` selected, and why. */
export interface BackendInfo {
  /** tfjs backend name: `tensorflow`, `wasm` or `cpu`. */
  name: BackendName;
  /** npm package that provides it, e.g. `@tensorflow/tfjs-backend-wasm`. */
  packageName: string;
  /** Version of that package. */
  version: string;
  /** Threads the backend computes with (1 for cpu; the wasm backend is single-threaded in Node). */
  threads: number;
  /**
   * The native library behind the `tensorflow` backend: its TensorFlow version and, when
   * `npm run setup:native` built it, the PyPI wheel and flavour (`cpu`, or `gpu` with CUDA).
   */
  native?: { tensorflowVersion: string; flavour?: NativeFlavour; wheel?: string };
  /** One sentence: why this backend was chosen (forced, or which better ones were skipped and why). */
  reason: string;
  /** Every better candidate that was not used, with the reason. */
  skipped: Array<{ packageName: string; why: string }>;
}

export interface InitBackendOptions {
  /** Force one backend; beats `ADA_BACKEND`. Fails if it cannot be started. */
  backend?: BackendName;
  /**
   * Where the one-line choice is reported: a function, or `false` for silence.
   * Default: a line on stderr, unless `ADA_QUIET` is set.
   */
  log?: ((line: string) => void) | false;
}

const requireFromHere = createRequire(import.meta.url);

let current: Promise<BackendInfo> | undefined;
let currentRequest: BackendName | 'auto' | undefined;

/**
 * Selects and starts the fastest TensorFlow.js backend available, best first:
 * `@tensorflow/tfjs-node-gpu` > `@tensorflow/tfjs-node` > wasm > cpu. The native packages are
 * optional peer dependencies, imported dynamically; each one missing or failing is recorded in
 * `skipped`. `options.backend`, else the `ADA_BACKEND` variable (`tensorflow`, `wasm`, `cpu`),
 * forces one and throws if it is unavailable. Registers the wasm kernels that fill the wasm
 * backend's gaps (`Conv2DBackpropFilter`, a fast `Conv2DBackpropInput`, a correct `MaxPoolGrad`,
 * `UnsortedSegmentSum`, matMuls that never hit the slow transposed path), the gradient functions of every op (tfjs-core alone registers none)
 * and the ones tfjs lacks everywhere (`depthToSpace`, comparisons) before it resolves.
 * Idempotent: later calls with the same request return the same result
 * without logging again; a call that forces another backend switches to it.
 *
 * ```ts
 * const info = await initBackend();          // stderr: "ada: backend wasm 4.22.0, 1 thread (...)"
 * const cpu = await initBackend({ backend: 'cpu', log: false });
 * ```
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const env = process.env.ADA_BACKEND?.trim();
  if (options.backend !== undefined && !isBackendName(options.backend)) {
    return Promise.reject(
      new Error(
        `Argument 'options.backend' passed to 'initBackend' must be one of ${BACKEND_NAMES.join(', ')}, but got '${String(options.backend)}'`,
      ),
    );
  }
  if (options.backend === undefined && env && !isBackendName(env)) {
    return Promise.reject(
      new Error(
        `ADA_BACKEND must be one of ${BACKEND_NAMES.join(', ')}, but is '${env}' (unset it to choose automatically)`,
      ),
    );
  }
  const forced: BackendName | undefined =
    options.backend ?? (env && isBackendName(env) ? env : undefined);
  const request = forced ?? 'auto';
  if (current !== undefined && currentRequest === request) {
    // Someone may have switched backends with tf.setBackend since: make ours current again.
    return current.then(async (info) => {
      if (tf.getBackend() !== info.name) await tf.setBackend(info.name);
      return info;
    });
  }
  const log =
    options.log === false
      ? undefined
      : (options.log ??
        (process.env.ADA_QUIET ? undefined : (line: string) => process.stderr.write(`${line}\n`)));
  currentRequest = request;
  current = select(forced, options.backend !== undefined ? 'option' : 'ADA_BACKEND').then(
    (info) => {
      log?.(`ada: backend ${describeBackend(info)}: ${info.reason}`);
      return info;
    },
  );
  current.catch(() => {
    current = undefined;
    currentRequest = undefined;
  });
  return current;
}

/**
 * One phrase naming a selected backend, its package, library and threads, e.g.
 * `tensorflow (@tensorflow/tfjs-node 4.22.0, TensorFlow 2.21.0 cpu, 2 threads)`.
 */
export function describeBackend(info: BackendInfo): string {
  const library = info.native
    ? `, TensorFlow ${info.native.tensorflowVersion}${info.native.flavour ? ` ${info.native.flavour}` : ''}`
    : '';
  return `${info.name} (${info.packageName} ${info.version}${library}, ${info.threads} thread${info.threads === 1 ? '' : 's'})`;
}

/**
 * `@tensorflow/tfjs-core` alone registers no gradient functions (every `tf.grad` would fail
 * with "gradient function not found"); the `@tensorflow/tfjs` bundle registers all of them
 * on import, against the same tfjs-core instance. Loaded once, lazily (about 0.2 s).
 */
async function ensureGradients(): Promise<void> {
  if (tf.getGradient('Sum') === undefined) await import('@tensorflow/tfjs');
  registerMissingGradients();
}

async function select(
  forced: BackendName | undefined,
  forcedBy: 'option' | 'ADA_BACKEND',
): Promise<BackendInfo> {
  await ensureGradients();
  const skipped: BackendInfo['skipped'] = [];
  const candidates = BACKEND_CANDIDATES.filter((c) => forced === undefined || c.backend === forced);
  for (const candidate of candidates) {
    const failure = await start(candidate);
    if (failure !== undefined) {
      skipped.push({ packageName: candidate.packageName, why: failure });
      continue;
    }
    const reason =
      forced !== undefined
        ? `forced by ${forcedBy === 'option' ? 'the backend option' : `ADA_BACKEND=${forced}`}`
        : skipped.length === 0
          ? 'best available'
          : skipped.map((s) => `${s.packageName} ${s.why}`).join('; ');
    return { ...describe(candidate), reason, skipped };
  }
  const detail = skipped.map((s) => `${s.packageName}: ${s.why}`).join('; ');
  throw new Error(
    forced !== undefined
      ? `Backend '${forced}' (forced by ${forcedBy === 'option' ? 'the backend option' : 'ADA_BACKEND'}) is unavailable: ${detail}`
      : `No TensorFlow.js backend could be started: ${detail}`,
  );
}

/** Imports the candidate's package and makes its backend current; returns why it failed, if it did. */
async function start(candidate: BackendCandidate): Promise<string | undefined> {
  if (candidate.backend === 'tensorflow') {
    let packageJson: string;
    try {
      packageJson = requireFromHere.resolve(`${candidate.packageName}/package.json`);
    } catch {
      return 'is not installed';
    }
    // npm ci installs tfjs-node's JavaScript only (its install script, which downloads
    // libtensorflow, is blocked); the addon comes from `npm run setup:native`.
    if (!inspectNativePackage(dirname(packageJson)).addonPresent) {
      return 'is installed without its native addon (run `npm run setup:native` to build it)';
    }
    // TensorFlow logs INFO lines (CPU features, oneDNN) on stderr as it loads; keep warnings
    // and errors unless the user asked for something else.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    try {
      // A variable specifier keeps bundlers and tsc from resolving the optional package.
      const spec: string = candidate.packageName;
      await import(spec);
    } catch (err) {
      return `failed to load (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
    }
  }
  if (candidate.backend === 'tensorflow') {
    registerTensorflowKernels();
    registerNativeGradients();
  }
  if (candidate.backend === 'wasm') registerWasmKernels();
  if (candidate.backend === 'cpu') registerCpuKernels();
  if (tf.findBackendFactory(candidate.backend) === null) {
    return `did not register a '${candidate.backend}' backend`;
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(candidate.backend);
    await tf.ready();
  } catch (err) {
    return `failed to initialise (${err instanceof Error ? err.message : String(err)})`;
  }
  if (!ok) return 'failed to initialise';
  if (candidate.backend !== 'tensorflow') {
    // The cpu backend prints a banner recommending tfjs-node on its first write (also when it
    // only serves a helper tensor beside wasm); our log line already says which backend runs
    // and why.
    const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
    if (cpu) cpu.firstUse = false;
  }
  return undefined;
}

/** Version, threads and library of the native backend that `start` just made current. */
function describeNative(packageName: string): Omit<BackendInfo, 'name' | 'reason' | 'skipped'> {
  const packageJson = requireFromHere.resolve(`${packageName}/package.json`);
  const { version } = requireFromHere(packageJson) as { version: string };
  const backend = tf.backend() as unknown as { binding?: { TF_Version?: string } };
  const marker = inspectNativePackage(dirname(packageJson)).marker;
  return {
    packageName,
    version,
    // TensorFlow's intra-op pool has one thread per core by default.
    threads: availableParallelism(),
    native: {
      tensorflowVersion: backend.binding?.TF_Version ?? 'unknown',
      ...(marker ? { flavour: marker.flavour, wheel: marker.wheel } : {}),
    },
  };
}

function describe(candidate: BackendCandidate): Omit<BackendInfo, 'reason' | 'skipped'> {
  switch (candidate.backend) {
    case 'wasm':
      return {
        name: 'wasm',
        packageName: candidate.packageName,
        version: version_wasm,
        threads: getThreadsCount(),
      };
    case 'cpu':
      return {
        name: 'cpu',
        packageName: candidate.packageName,
        version: tf.version_core,
        threads: 1,
      };
    case 'tensorflow':
      return { name: 'tensorflow', ...describeNative(candidate.packageName) };
    default: {
      const never: never = candidate.backend;
      throw new Error(`unknown backend ${String(never)}`);
    }
  }
}
