import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The native TensorFlow backend as `npm run setup:native` builds it: `@tensorflow/tfjs-node`'s
 * addon compiled against the TensorFlow C library inside PyPI's wheels (see
 * `libs/tensor/scripts/setup_native.ts` and docs/native-backend.md).
 */
export const TFJS_NODE_VERSION = '4.22.0';
/** TensorFlow version of the wheels the addon is built against. */
export const TENSORFLOW_VERSION = '2.21.0';
/** The N-API version node-pre-gyp builds (`lib/napi-v8/`), the newest tfjs-node 4.22 lists. */
export const NAPI_BUILD_VERSION = 8;
/** File in the library folder that says which wheel it came from. */
export const NATIVE_MARKER = 'ada-native.json';

/** `cpu`: PyPI's `tensorflow-cpu`; `gpu`: PyPI's `tensorflow` with its `nvidia-*-cu12` wheels. */
export type NativeFlavour = 'cpu' | 'gpu';

/** Contents of `NATIVE_MARKER`. */
export interface NativeMarker {
  flavour: NativeFlavour;
  tensorflowPackage: string;
  tensorflowVersion: string;
  wheel: string;
  /** The nvidia-* requirements unpacked beside the library (GPU flavour). */
  cuda: string[];
}

/** The PyPI package whose C library a flavour uses. */
export function tensorflowPackage(flavour: NativeFlavour): string {
  return flavour === 'gpu' ? 'tensorflow' : 'tensorflow-cpu';
}

/**
 * Where setup:native caches wheels' libraries and built addons: `$ADA_NATIVE_CACHE`, else
 * `$XDG_CACHE_HOME/ada/native`, else `~/.cache/ada/native`.
 */
export function nativeCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ADA_NATIVE_CACHE) return env.ADA_NATIVE_CACHE;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ada', 'native');
}

/** Cache folder name of one addon build: everything the binary depends on is in the key. */
export function nativeBuildKey(
  flavour: NativeFlavour,
  versions: { modules: string; platform: string; arch: string } = {
    modules: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
  },
): string {
  return [
    `tfjs-node-${TFJS_NODE_VERSION}`,
    `${tensorflowPackage(flavour)}-${TENSORFLOW_VERSION}`,
    `node-abi${versions.modules}`,
    `napi${NAPI_BUILD_VERSION}`,
    `${versions.platform}-${versions.arch}`,
  ].join('_');
}

/** What is in an installed tfjs-node package folder, before anything is loaded. */
export interface NativeInstall {
  /** The addon tfjs-node's index.js loads. */
  addon: string;
  addonPresent: boolean;
  /** The library folder's marker, when setup:native linked it. */
  marker?: NativeMarker;
}

/** Inspects a tfjs-node(-gpu) package folder (the one holding its package.json). */
export function inspectNativePackage(packageDir: string): NativeInstall {
  const addon = join(packageDir, 'lib', `napi-v${NAPI_BUILD_VERSION}`, 'tfjs_binding.node');
  const install: NativeInstall = { addon, addonPresent: existsSync(addon) };
  const markerPath = join(packageDir, 'deps', NATIVE_MARKER);
  if (existsSync(markerPath)) {
    install.marker = JSON.parse(readFileSync(realpathSync(markerPath), 'utf8')) as NativeMarker;
  }
  return install;
}
