/**
 * Checks a rendered overlay (`kustomize build` output) against the code it deploys: for each
 * deployable's Deployment,
 *
 * 1. the variables the service reads are the ones the manifest sets. The names are not listed
 *    by hand: the compiled service (`dist/<name>/main.js`) is started with the container's
 *    environment (the image's `ENV`, the ConfigMaps and Secrets it references, `env` entries)
 *    under `record_env.mjs`, which records every variable the service's own code looks up. Its
 *    Kafka and S3 addresses point at a closed local port, so it reads its configuration, fails
 *    to connect and exits. Then:
 *    - a variable read by the service and neither set nor named in the pod annotation
 *      `ada.dev/env-defaults` (read, deliberately left at its default) is an error;
 *    - a variable set by the manifest that nothing in the process reads is an error (a typo or
 *      a renamed variable);
 *    - a variable in `ada.dev/env-defaults` that the service does not read is an error;
 * 2. every probe path (`/healthz`, `/readyz`) is a route the compiled service contains, and the
 *    probes' container port is the value of a variable the service reads.
 *
 * ```sh
 * kustomize build deploy/k8s/overlays/dev > /tmp/dev.yaml
 * node --import tsx deploy/check/manifest_env.ts /tmp/dev.yaml
 * ```
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { DEPLOYABLES, type Deployable } from '../build/deployables.ts';
import { parseDockerfile } from './dockerfile_lint.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULTS_ANNOTATION = 'ada.dev/env-defaults';

interface KeyRef {
  name: string;
  key: string;
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  name: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: {
      configMapKeyRef?: KeyRef;
      secretKeyRef?: KeyRef;
      fieldRef?: { fieldPath: string };
      resourceFieldRef?: unknown;
    };
  }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}
interface Resource {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    template?: {
      metadata?: { annotations?: Record<string, string> };
      spec: { containers: Container[] };
    };
  };
}

export function parseManifests(text: string): Resource[] {
  return YAML.parseAllDocuments(text)
    .map((d) => d.toJSON() as Resource | null)
    .filter((r): r is Resource => r !== null && typeof r === 'object' && 'kind' in r);
}

/** A stand-in for a value only the cluster knows (a Secret that is not in the render, the pod name). */
const CLUSTER_VALUE = 'from-the-cluster-0';

/**
 * Secrets the operator creates (deploy/README.md) whose values have a format the service checks
 * at start-up: the check stands in a value of that format, so the service reads on past them.
 */
const SECRET_FORMATS: Record<string, string> = {
  'ada-gateway/apiKeys': `check:VIEWER:${'0'.repeat(64)}`,
  'ada-gateway/urlSecret': 'x'.repeat(32),
};

/**
 * The environment the container starts with: the image's `ENV`, then `envFrom`, then `env`
 * (later wins, as in Kubernetes). Values from Secrets missing from the render, and field
 * references, become a placeholder.
 */
export function containerEnv(
  container: Container,
  resources: readonly Resource[],
  imageEnv: Record<string, string>,
): Record<string, string> {
  const find = (kind: string, name: string) =>
    resources.find((r) => r.kind === kind && r.metadata.name === name);
  const dataOf = (r: Resource | undefined): Record<string, string> => {
    if (r === undefined) return {};
    if (r.kind === 'Secret') {
      const decoded = Object.fromEntries(
        Object.entries(r.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
      );
      return { ...decoded, ...(r.stringData ?? {}) };
    }
    return r.data ?? {};
  };
  const env: Record<string, string> = { ...imageEnv };
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = find('ConfigMap', from.configMapRef.name);
      if (cm === undefined)
        throw new Error(`ConfigMap '${from.configMapRef.name}' is not in the render`);
      Object.assign(env, dataOf(cm));
    }
    if (from.secretRef) Object.assign(env, dataOf(find('Secret', from.secretRef.name)));
  }
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (from === undefined) env[e.name] = e.value ?? '';
    else if (from.configMapKeyRef) {
      const value = dataOf(find('ConfigMap', from.configMapKeyRef.name))[from.configMapKeyRef.key];
      if (value === undefined) {
        throw new Error(
          `${e.name}: key '${from.configMapKeyRef.key}' of ConfigMap '${from.configMapKeyRef.name}' is not in the render`,
        );
      }
      env[e.name] = value;
    } else if (from.secretKeyRef) {
      const { name, key } = from.secretKeyRef;
      env[e.name] =
        dataOf(find('Secret', name))[key] ?? SECRET_FORMATS[`${name}/${key}`] ?? CLUSTER_VALUE;
    } else env[e.name] = CLUSTER_VALUE;
  }
  return env;
}

/** The `ENV` of the final stage of a Dockerfile. */
export function imageEnv(dockerfile: string): Record<string, string> {
  const instructions = parseDockerfile(dockerfile);
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  const env: Record<string, string> = {};
  for (const ins of instructions.slice(lastFrom + 1)) {
    if (ins.keyword !== 'ENV') continue;
    for (const m of ins.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      env[m[1] ?? ''] = (m[2] ?? '').replace(/^"|"$/g, '');
    }
  }
  return env;
}

/** Network addresses moved to a closed local port: the service reads its settings, then fails fast. */
export function unreachable(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^https?:\/\/[^\s]+$/.test(v)) out[k] = 'http://127.0.0.1:9';
    else if (/^[A-Za-z0-9.-]+:\d+(,[A-Za-z0-9.-]+:\d+)*$/.test(v)) out[k] = '127.0.0.1:9';
    else out[k] = v;
  }
  return out;
}

export interface EnvReads {
  /** Looked up by the service's own (compiled) code. */
  own: Set<string>;
  /** Looked up by anything in the process (Node, npm packages, the service). */
  any: Set<string>;
  exitCode: number | null;
  output: string;
}

/** Starts `dist/<name>/main.js` with `env` under the recorder and returns what it looked up. */
export async function recordReads(
  distDir: string,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<EnvReads> {
  const work = mkdtempSync(join(tmpdir(), 'ada-env-'));
  const record = join(work, 'reads.tsv');
  const recorder = join(dirname(fileURLToPath(import.meta.url)), 'record_env.mjs');
  try {
    const child = spawn(process.execPath, ['--import', recorder, join(distDir, 'main.js')], {
      cwd: work,
      env: {
        ...env,
        // The CPU images carry no native TensorFlow addon, so the service picks wasm there. A
        // checkout with `npm run setup:native` built would otherwise load it here and read
        // TensorFlow's own variables (TF_CPP_MIN_LOG_LEVEL) that the image never reads.
        ADA_BACKEND: env['ADA_BACKEND'] ?? 'wasm',
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        ADA_ENV_RECORD: record,
        ADA_ENV_RECORD_OWN: `${distDir}/`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exitCode = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    clearTimeout(timer);
    const lines = existsSync(record) ? readFileSync(record, 'utf8').split('\n') : [];
    const own = new Set<string>();
    const any = new Set<string>();
    for (const line of lines) {
      const [origin, key] = line.split('\t');
      if (key === undefined) continue;
      any.add(key);
      if (origin === 'own') own.add(key);
    }
    return { own, any, exitCode, output };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface EnvVerdict {
  readNotSet: string[];
  setNotRead: string[];
  staleDefaults: string[];
}

/** Compares what the manifest sets with what the service reads (see the file comment). */
export function compareEnv(
  manifestEnv: Record<string, string>,
  imageDefaults: Record<string, string>,
  declaredDefaults: readonly string[],
  reads: Pick<EnvReads, 'own' | 'any'>,
): EnvVerdict {
  const set = new Set(Object.keys(manifestEnv));
  const declared = new Set(declaredDefaults);
  const readNotSet = [...reads.own].filter((k) => !set.has(k) && !declared.has(k)).sort();
  // NODE_ENV is read by Node's ecosystem, not necessarily at start-up; image defaults count as set
  // by the image, so only the manifest's own variables must be read.
  const setNotRead = [...set]
    .filter((k) => !reads.any.has(k) && !(k in imageDefaults && k === 'NODE_ENV'))
    .sort();
  const staleDefaults = [...declared].filter((k) => !reads.own.has(k)).sort();
  return { readNotSet, setNotRead, staleDefaults };
}

export interface Check {
  deployable: string;
  problems: string[];
  skipped?: string;
}

/** Checks one deployable's Deployment in `resources` against its compiled service (see the top). */
export async function checkDeployable(
  d: Deployable,
  resources: readonly Resource[],
  repoRoot = root,
): Promise<Check> {
  if (!existsSync(join(repoRoot, d.entry))) {
    return {
      deployable: d.name,
      problems: [],
      skipped: `${d.entry} does not exist in this checkout`,
    };
  }
  const deployment = resources.find((r) => r.kind === 'Deployment' && r.metadata.name === d.name);
  if (deployment?.spec?.template === undefined) {
    return { deployable: d.name, problems: [`no Deployment '${d.name}' in the render`] };
  }
  const dist = join(repoRoot, 'dist', d.name);
  if (!existsSync(join(dist, 'main.js'))) {
    return {
      deployable: d.name,
      problems: [`dist/${d.name}/main.js is missing: run deploy/build/bundle.ts first`],
    };
  }
  const container = deployment.spec.template.spec.containers[0];
  if (container === undefined) return { deployable: d.name, problems: ['no container'] };
  const fromImage = imageEnv(
    readFileSync(join(repoRoot, 'deploy', 'images', d.name, 'Dockerfile'), 'utf8'),
  );
  const manifestEnv = containerEnv(container, resources, {});
  const env = containerEnv(container, resources, fromImage);
  const declared = (deployment.spec.template.metadata?.annotations?.[DEFAULTS_ANNOTATION] ?? '')
    .split(/[\s,]+/)
    .filter((s) => s !== '');
  const reads = await recordReads(dist, unreachable(env));
  const problems: string[] = [];
  if (reads.own.size === 0) {
    problems.push(
      `the service read no variable at all (exit ${reads.exitCode}); output:\n${reads.output}`,
    );
  }
  const v = compareEnv({ ...fromImage, ...manifestEnv }, fromImage, declared, reads);
  for (const k of v.readNotSet) {
    problems.push(
      `${k} is read by the service but not set (add it or list it in ${DEFAULTS_ANNOTATION})`,
    );
  }
  for (const k of v.setNotRead) problems.push(`${k} is set but the service never reads it`);
  for (const k of v.staleDefaults) {
    problems.push(`${k} is listed in ${DEFAULTS_ANNOTATION} but the service does not read it`);
  }
  const bundle = readFileSync(join(dist, 'main.js'), 'utf8');
  for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe'] as const) {
    const get = container[kind]?.httpGet;
    if (get === undefined) {
      if (kind !== 'startupProbe') problems.push(`no ${kind} with httpGet`);
      continue;
    }
    const path = get.path ?? '/';
    if (!bundle.includes(`'${path}'`) && !bundle.includes(`"${path}"`)) {
      problems.push(`${kind} path '${path}' is not a route of the compiled service`);
    }
    const port =
      typeof get.port === 'number'
        ? get.port
        : container.ports?.find((p) => p.name === get.port)?.containerPort;
    if (port === undefined) {
      problems.push(`${kind} port '${String(get.port)}' is not a container port`);
    } else if (
      !Object.entries(env).some(([k, value]) => reads.own.has(k) && value === String(port))
    ) {
      problems.push(`${kind} port ${port} is not the value of any variable the service reads`);
    }
  }
  return { deployable: d.name, problems };
}

async function cli(files: readonly string[]): Promise<number> {
  let failed = 0;
  for (const file of files) {
    const resources = parseManifests(readFileSync(file, 'utf8'));
    for (const d of DEPLOYABLES) {
      const check = await checkDeployable(d, resources);
      if (check.skipped !== undefined) {
        process.stdout.write(`${file}: ${d.name}: skipped (${check.skipped})\n`);
        continue;
      }
      if (check.problems.length === 0) {
        process.stdout.write(`${file}: ${d.name}: env and probes match the code\n`);
        continue;
      }
      failed += check.problems.length;
      for (const p of check.problems) process.stdout.write(`${file}: ${d.name}: ${p}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: manifest_env.ts <rendered manifests.yaml>...\n');
    process.exit(2);
  }
  cli(files).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `manifest_env: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
