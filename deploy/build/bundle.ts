/**
 * Compiles one deployable (a service or the gateway) into plain JavaScript that `node` runs
 * without tsx, for the container images:
 *
 *   dist/<name>/main.js          every workspace module reachable from the entry, one ESM file
 *   dist/<name>/<worker>.js      extra entries (worker threads), beside main.js
 *   dist/<name>/package.json     {"type": "module"} and the external packages it imports
 *   dist/<name>/node_modules/    those packages and their dependencies, copied from the
 *                                installed (lock-file) tree, nothing else
 *
 * Third-party packages stay external: they resolve at run time exactly as they do under tsx,
 * so runtime assets found through the package folders (the tfjs wasm binaries beside
 * `@tensorflow/tfjs-backend-wasm`, the `@upscalerjs/*` weights) are where they expect them.
 *
 * ```sh
 * node --import tsx deploy/build/bundle.ts corruption-service     # or: all
 * node --import tsx deploy/build/bundle.ts trainer-service --with @tensorflow/tfjs-node-gpu
 * node dist/corruption-service/main.js
 * ```
 */
import { build, type Metafile } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEPLOYABLES, type Deployable } from './deployables.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The package name of an import specifier (`@scope/name/sub` -> `@scope/name`). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readJson = (path: string): PackageJson =>
  JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

/**
 * The installed folders (relative to the repository root) of `names` and everything they depend
 * on, resolved like Node does: `<pkg>/node_modules/<dep>` first, then each folder above it.
 * Optional and peer dependencies are followed when installed and skipped when not.
 */
export function dependencyClosure(repoRoot: string, names: readonly string[]): string[] {
  const found = new Set<string>();
  const locate = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
      if (dir === repoRoot || dir === dirname(dir)) return undefined;
    }
  };
  const visit = (dir: string): void => {
    const rel = relative(repoRoot, dir);
    if (found.has(rel)) return;
    found.add(rel);
    const pkg = readJson(join(dir, 'package.json'));
    const required = Object.keys(pkg.dependencies ?? {});
    const optional = [
      ...Object.keys(pkg.optionalDependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ];
    for (const dep of required) {
      const at = locate(dir, dep);
      if (at === undefined) {
        throw new Error(`'${pkg.name}' depends on '${dep}', which is not installed (run npm ci)`);
      }
      visit(at);
    }
    for (const dep of optional) {
      const at = locate(dir, dep);
      if (at !== undefined) visit(at);
    }
  };
  for (const name of names) {
    const at = locate(repoRoot, name);
    if (at === undefined) throw new Error(`package '${name}' is not installed (run npm ci)`);
    visit(at);
  }
  return [...found].sort();
}

/** Packages imported by the bundle's workspace code (not node: builtins, not workspace ones). */
export function externalPackages(metafile: Metafile): string[] {
  const builtins = new Set(builtinModules);
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) {
      if (!imp.external) continue;
      const name = packageOf(imp.path);
      if (imp.path.startsWith('node:') || builtins.has(name)) continue;
      names.add(name);
    }
  }
  return [...names].sort();
}

/**
 * Files of installed packages that Node never loads: source maps, type declarations and the
 * size reports of minified browser bundles (together about 200 MB of the tfjs packages).
 */
const NOT_RUNTIME = /(\.map|\.d\.ts|\.d\.mts|\.d\.cts|\.tsbuildinfo|\.min\.js\.html)$/;

/**
 * Bundles `d` into `dist/<name>`. `extraPackages` are shipped although no code imports them
 * statically: the native TensorFlow backends, which `initBackend` imports by a variable name
 * (the GPU images pass `@tensorflow/tfjs-node-gpu`).
 */
export async function bundle(
  d: Deployable,
  repoRoot = root,
  extraPackages: readonly string[] = [],
): Promise<string> {
  const out = join(repoRoot, 'dist', d.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const entryPoints: Record<string, string> = { main: join(repoRoot, d.entry) };
  for (const [name, path] of Object.entries(d.workers ?? {})) {
    entryPoints[name] = join(repoRoot, path);
  }
  const result = await build({
    entryPoints,
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Workspace packages (@ada/*) are compiled in; everything from npm stays external.
    plugins: [
      {
        name: 'externals',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith('@ada/')) return undefined;
            return { path: args.path, external: true };
          });
        },
      },
    ],
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const externals = [...new Set([...externalPackages(result.metafile), ...extraPackages])].sort();
  const closure = dependencyClosure(repoRoot, externals);
  const deps: Record<string, string> = {};
  for (const name of externals) {
    const version = readJson(join(repoRoot, 'node_modules', name, 'package.json')).version;
    if (version !== undefined) deps[name] = version;
  }
  for (const rel of closure) {
    cpSync(join(repoRoot, rel), join(out, rel), {
      recursive: true,
      dereference: true,
      filter: (src) => !NOT_RUNTIME.test(src),
    });
  }
  writeFileSync(
    join(out, 'package.json'),
    `${JSON.stringify({ name: `@ada/${d.name}-dist`, private: true, type: 'module', dependencies: deps }, null, 2)}\n`,
  );
  return out;
}

async function cli(argv: readonly string[]): Promise<void> {
  const extra: string[] = [];
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--with') {
      const pkg = argv[++i];
      if (pkg === undefined) throw new Error('--with needs a package name');
      extra.push(pkg);
    } else {
      args.push(argv[i] ?? '');
    }
  }
  const wanted = args.length === 0 || args.includes('all') ? DEPLOYABLES.map((d) => d.name) : args;
  for (const name of wanted) {
    const d = DEPLOYABLES.find((x) => x.name === name);
    if (d === undefined) {
      throw new Error(
        `unknown deployable '${name}'; expected one of ${DEPLOYABLES.map((x) => x.name).join(', ')} or all`,
      );
    }
    if (!existsSync(join(root, d.entry))) {
      process.stderr.write(`bundle: skipping ${d.name}: ${d.entry} does not exist here\n`);
      continue;
    }
    const out = await bundle(d, root, extra);
    process.stderr.write(`bundle: ${d.name} -> ${relative(root, out)}\n`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`bundle: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
