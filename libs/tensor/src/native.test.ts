import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectNativePackage, nativeBuildKey, nativeCacheRoot, NATIVE_MARKER } from './native.ts';
import type { NativeMarker } from './native.ts';

describe('nativeCacheRoot', () => {
  it('prefers ADA_NATIVE_CACHE, then XDG_CACHE_HOME/ada/native, then ~/.cache/ada/native', () => {
    expect(nativeCacheRoot({ ADA_NATIVE_CACHE: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(nativeCacheRoot({ XDG_CACHE_HOME: '/x' })).toBe('/x/ada/native');
    expect(nativeCacheRoot({})).toMatch(/\.cache\/ada\/native$/);
  });
});

describe('nativeBuildKey', () => {
  it('names tfjs-node, the wheel, the Node ABI, N-API and the platform', () => {
    const v = { modules: '115', platform: 'linux', arch: 'x64' };
    expect(nativeBuildKey('cpu', v)).toBe(
      'tfjs-node-4.22.0_tensorflow-cpu-2.21.0_node-abi115_napi8_linux-x64',
    );
    expect(nativeBuildKey('gpu', { ...v, modules: '127' })).toBe(
      'tfjs-node-4.22.0_tensorflow-2.21.0_node-abi127_napi8_linux-x64',
    );
  });
});

describe('inspectNativePackage', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'ada-native-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('reports a package installed by npm ci alone (no addon, no library)', () => {
    const pkg = fresh();
    const install = inspectNativePackage(pkg);
    expect(install.addonPresent).toBe(false);
    expect(install.addon).toBe(join(pkg, 'lib', 'napi-v8', 'tfjs_binding.node'));
    expect(install.marker).toBeUndefined();
  });

  it('reads the marker through the deps folder symlink setup:native makes', () => {
    const pkg = fresh();
    const library = fresh();
    const marker: NativeMarker = {
      flavour: 'gpu',
      tensorflowPackage: 'tensorflow',
      tensorflowVersion: '2.21.0',
      wheel: 'tensorflow-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
      cuda: ['nvidia-cublas-cu12'],
    };
    writeFileSync(join(library, NATIVE_MARKER), JSON.stringify(marker));
    symlinkSync(library, join(pkg, 'deps'));
    mkdirSync(join(pkg, 'lib', 'napi-v8'), { recursive: true });
    writeFileSync(join(pkg, 'lib', 'napi-v8', 'tfjs_binding.node'), '');
    const install = inspectNativePackage(pkg);
    expect(install.addonPresent).toBe(true);
    expect(install.marker).toEqual(marker);
  });
});
