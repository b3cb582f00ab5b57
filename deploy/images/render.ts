/**
 * Writes the Dockerfiles of deploy/images from one template: `<name>/Dockerfile` for every
 * deployable of deploy/build/deployables.ts and `<name>/Dockerfile.gpu` for those with a GPU
 * flavour. The committed Dockerfiles are this script's output, and deploy/check/validate.sh
 * fails when one differs from it (`--check`): change the template here or the deployables list,
 * then render again.
 *
 * ```sh
 * node --import tsx deploy/images/render.ts           # writes deploy/images/<name>/Dockerfile*
 * node --import tsx deploy/images/render.ts --check   # exit 1, naming each file that differs
 * ```
 *
 * The build stage installs only what the bundle needs: the dependencies of the deployable's own
 * npm workspace (the workspace libraries it depends on, whichever they are, and their npm
 * packages, without devDependencies), then the bundler (esbuild, and tsx to run bundle.ts) at
 * the versions package-lock.json holds. The build context is the whole repository, so a new
 * workspace library is there without changing the template.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEPLOYABLES, type Deployable } from '../build/deployables.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Base images, pinned by digest (deploy/README.md says where the digests come from). */
export const NODE_IMAGE =
  'docker.io/library/node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0';
export const CUDA_IMAGE =
  'docker.io/nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04@sha256:85fb7ac694079fff1061a0140fd5b5a641997880e12112d92589c3bbb1e8b7ca';
/** The npm that wrote package-lock.json (the Node 20 images bring npm 10, which rejects it). */
export const NPM_VERSION = '11.19.1';
/** The native GPU backend the GPU flavour adds (libtensorflow 2.9.1: CUDA 11, cuDNN 8). */
export const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu@4.22.0';
/** What `node --import tsx deploy/build/bundle.ts` loads besides the deployable's packages. */
export const BUNDLER_PACKAGES = ['esbuild', 'tsx'] as const;

export type Flavour = 'cpu' | 'gpu';

/** What the template needs besides the deployable: facts read from the repository. */
export interface RenderContext {
  /** The deployable's npm workspace folder, relative to the repository root. */
  workspace: string;
  /** `name@version` of each bundler package, as the lock file pins it. */
  bundler: readonly string[];
}

interface PackageLock {
  packages?: Record<string, { version?: string }>;
}

/** `name@version` of the top-level install of `name` in a package-lock.json (v2/v3). */
export function lockedSpec(lock: PackageLock, name: string): string {
  const version = lock.packages?.[`node_modules/${name}`]?.version;
  if (version === undefined) {
    throw new Error(`package-lock.json has no top-level 'node_modules/${name}' (run npm install)`);
  }
  return `${name}@${version}`;
}

/**
 * The npm workspace a deployable belongs to: the nearest folder above its entry that holds a
 * package.json, below the repository root.
 */
export function workspaceOf(repoRoot: string, d: Deployable): string {
  for (let dir = dirname(join(repoRoot, d.entry)); dir !== repoRoot; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return relative(repoRoot, dir);
    if (dir === dirname(dir)) break;
  }
  throw new Error(
    `deployable '${d.name}': no package.json between its entry '${d.entry}' and the repository root`,
  );
}

const healthcheck = (d: Deployable, startPeriod: string): string =>
  `HEALTHCHECK --interval=15s --timeout=5s --start-period=${startPeriod} --retries=3 \\
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.${d.port.variable} + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`;

const envBlock = (entries: readonly (readonly [string, string])[]): string =>
  `ENV ${entries.map(([k, v]) => `${k}=${v}`).join(' \\\n  ')}`;

/** The Dockerfile of one flavour of a deployable. */
export function renderDockerfile(d: Deployable, flavour: Flavour, ctx: RenderContext): string {
  if (flavour === 'gpu' && d.gpu === undefined) {
    throw new Error(`deployable '${d.name}' has no GPU flavour (no 'gpu' in deployables.ts)`);
  }
  if (!Number.isInteger(d.port.value) || d.port.value < 1 || d.port.value > 65535) {
    throw new Error(`deployable '${d.name}': port ${d.port.value} is not a TCP port`);
  }
  const gpu = flavour === 'gpu';
  const file = gpu ? 'Dockerfile.gpu' : 'Dockerfile';
  const tag = gpu ? `ada/${d.name}:gpu` : `ada/${d.name}`;
  const only = `--omit=dev --include-workspace-root=false --workspace=${ctx.workspace}`;
  const extra = gpu ? [...ctx.bundler, TFJS_NODE_GPU] : ctx.bundler;
  const env: [string, string][] = [
    ['NODE_ENV', 'production'],
    ...(gpu ? [['ADA_BACKEND', 'tensorflow'] as [string, string]] : []),
    [d.port.variable, String(d.port.value)],
    ...Object.entries(d.env ?? {}),
    ['ADA_HEALTH_HOST', '0.0.0.0'],
  ];

  const header = gpu
    ? `# ${d.name}, GPU flavour: ${d.gpu?.summary}
# (${TFJS_NODE_GPU.replace(/@(?=[^@]*$)/, ' ')} = libtensorflow 2.9.1, built for CUDA 11 and cuDNN 8).
# Build from the repository root:  docker build -f deploy/images/${d.name}/${file} -t ${tag} .
# The CUDA runtime and cuDNN come from NVIDIA's runtime image; the node binary from the same
# Node image the CPU flavour uses. The driver comes from the node (NVIDIA container toolkit).`
    : `# ${d.name}: ${d.summary}
# Build from the repository root:  docker build -f deploy/images/${d.name}/${file} -t ${tag} .
# Stage 1 compiles the TypeScript into dist/${d.name} (deploy/build/bundle.ts: one ESM bundle plus the
# npm packages it imports); stage 2 is the same slim Node image with only that folder, run as
# the unprivileged 'node' user (uid 1000). No credentials are baked in: Kafka and S3 settings
# come from the environment (Kubernetes ConfigMap and Secret, see deploy/k8s).`;

  const buildStage = [
    'FROM ${NODE_IMAGE} AS build',
    ...(gpu
      ? [
          `# tfjs-node-gpu downloads its prebuilt addon and libtensorflow at install time and falls back
# to node-gyp (python3, make, g++) when no prebuilt addon fits.
RUN apt-get update \\
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \\
  && rm -rf /var/lib/apt/lists/*`,
        ]
      : []),
    'WORKDIR /src',
    'COPY . .',
    `# The lock file is written by npm 11; the npm 10 of the Node 20 images rejects it as out of sync.
# Not the whole monorepo: only what the workspace depends on (the workspace libraries it names,
# their npm packages, no devDependencies), then the bundler at the lock file's versions.
RUN npm install --global --no-audit --no-fund npm@${NPM_VERSION} \\
  && npm ci --no-audit --no-fund ${only} \\${
    gpu ? `\n  && npm pkg set 'allowScripts[@tensorflow/tfjs-node-gpu]=true' \\` : ''
  }
  && npm install --no-save --no-audit --no-fund ${only} \\
    ${extra.join(' ')} \\
  && node --import tsx deploy/build/bundle.ts ${d.name}${gpu ? ' --with @tensorflow/tfjs-node-gpu' : ''}`,
  ].join('\n');

  const finalStage = [
    ...(gpu
      ? [
          'FROM ${NODE_IMAGE} AS node',
          '',
          'FROM ${CUDA_IMAGE}',
          'COPY --from=node /usr/local/bin/node /usr/local/bin/node',
          'RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/sh --create-home node',
          '# ADA_BACKEND=tensorflow: fail at start-up instead of silently falling back to wasm on a GPU node.',
        ]
      : ['FROM ${NODE_IMAGE}']),
    envBlock(env),
    'WORKDIR /app',
    `COPY --from=build --chown=root:root /src/dist/${d.name}/ /app/`,
    'USER 1000:1000',
    `EXPOSE ${d.port.value}`,
    healthcheck(d, gpu ? '120s' : '90s'),
    'CMD ["node", "main.js"]',
  ].join('\n');

  return `${header}
# Generated by deploy/images/render.ts from deploy/build/deployables.ts: edit those, not this file.
ARG NODE_IMAGE=${NODE_IMAGE}
${gpu ? `ARG CUDA_IMAGE=${CUDA_IMAGE}\n` : ''}
${buildStage}

${finalStage}
`;
}

/** Every Dockerfile of deploy/images, by path relative to the repository root. */
export function renderAll(repoRoot = root): Map<string, string> {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as PackageLock;
  const bundler = BUNDLER_PACKAGES.map((name) => lockedSpec(lock, name));
  const out = new Map<string, string>();
  for (const d of DEPLOYABLES) {
    const ctx = { workspace: workspaceOf(repoRoot, d), bundler };
    out.set(`deploy/images/${d.name}/Dockerfile`, renderDockerfile(d, 'cpu', ctx));
    if (d.gpu !== undefined) {
      out.set(`deploy/images/${d.name}/Dockerfile.gpu`, renderDockerfile(d, 'gpu', ctx));
    }
  }
  return out;
}

/**
 * The differences between the rendered Dockerfiles and the committed ones: a file that differs
 * (with its first differing line), one that is missing, and a Dockerfile under deploy/images
 * that the template does not produce.
 */
export function staleDockerfiles(repoRoot: string, rendered: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, text] of rendered) {
    const at = join(repoRoot, path);
    if (!existsSync(at)) {
      problems.push(`${path}: missing`);
      continue;
    }
    const committed = readFileSync(at, 'utf8');
    if (committed === text) continue;
    const a = committed.split('\n');
    const b = text.split('\n');
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    problems.push(
      `${path}:${i + 1}: differs from its rendering\n  committed: ${a[i] ?? '(end of file)'}\n  rendered:  ${b[i] ?? '(end of file)'}`,
    );
  }
  const images = join(repoRoot, 'deploy/images');
  for (const dir of readdirSync(images, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(images, dir.name))) {
      const path = `deploy/images/${dir.name}/${f}`;
      if (f.startsWith('Dockerfile') && !rendered.has(path)) {
        problems.push(`${path}: not produced by the template (no such deployable or flavour)`);
      }
    }
  }
  return problems;
}

function cli(argv: readonly string[]): void {
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    throw new Error(`unknown argument '${unknown[0]}'; usage: render.ts [--check]`);
  }
  const rendered = renderAll(root);
  if (argv.includes('--check')) {
    const problems = staleDockerfiles(root, rendered);
    if (problems.length > 0) {
      for (const p of problems) process.stderr.write(`render: ${p}\n`);
      process.stderr.write(
        'render: the Dockerfiles are generated: run `node --import tsx deploy/images/render.ts`\n',
      );
      process.exit(1);
    }
    process.stderr.write(`render: ${rendered.size} Dockerfiles match the template\n`);
    return;
  }
  for (const [path, text] of rendered) writeFileSync(join(root, path), text);
  process.stderr.write(`render: wrote ${[...rendered.keys()].join(', ')}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    cli(process.argv.slice(2));
  } catch (error: unknown) {
    process.stderr.write(`render: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
