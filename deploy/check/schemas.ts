/**
 * Builds the JSON schemas kubeconform checks the manifests against, offline after the first run,
 * from sources a package manager can fetch:
 *
 * - Kubernetes: `api/openapi-spec/swagger.json` of the `k8s.io/kubernetes` module (Go module
 *   proxy, `go mod download`), every definition that carries `x-kubernetes-group-version-kind`;
 * - Strimzi: the CRDs in the `tests` jar of `io.strimzi:api` (Maven Central; the main jar holds
 *   only classes), `crds/v1beta2/*.yaml` (they serve both v1 and v1beta2);
 * - KEDA: `config/crd/bases/*.yaml` of the `github.com/kedacore/keda/v2` module (Go module proxy).
 *
 * Output: `<dir>/<group>/<kind>_<version>.json` (core resources under `v1/`), the layout of
 * kubeconform's `-schema-location '<dir>/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'`.
 * The schemas are strict: an object with declared properties rejects unknown ones (a misspelt
 * `readinesProbe` fails), except where Kubernetes itself preserves unknown fields.
 *
 * ```sh
 * node --import tsx deploy/check/schemas.ts ~/.cache/ada/deploy-schemas
 * ```
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const SOURCES = {
  kubernetes: { module: 'k8s.io/kubernetes', version: 'v1.34.2' },
  keda: { module: 'github.com/kedacore/keda/v2', version: 'v2.18.1' },
  strimzi: { group: 'io.strimzi', artifact: 'api', version: '0.49.0' },
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const isObject = (v: Json | undefined): v is Schema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Makes `schema` strict in place: every object schema with `properties` and no
 * `additionalProperties` gets `additionalProperties: false`, unless it preserves unknown fields.
 * `int-or-string` and quantities accept both forms, as the API server does.
 */
export function strictify(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = strictify(v);
  if (out['format'] === 'int-or-string' || out['x-kubernetes-int-or-string'] === true) {
    delete out['type'];
    delete out['format'];
    out['oneOf'] = [{ type: 'string' }, { type: 'integer' }];
  }
  if (
    isObject(out['properties']) &&
    out['additionalProperties'] === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out['additionalProperties'] = false;
  }
  return out;
}

/** Kubernetes swagger 2.0 definitions -> one standalone schema per group/version/kind. */
export function kubernetesSchemas(swagger: {
  definitions: Record<string, Schema>;
}): Map<string, Schema> {
  const defs: Record<string, Json> = {};
  for (const [name, def] of Object.entries(swagger.definitions)) {
    // Quantities and IntOrString are strings in the spec but numbers are accepted on the wire.
    if (name.endsWith('.api.resource.Quantity')) {
      defs[name] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
    } else if (name.endsWith('.util.intstr.IntOrString')) {
      defs[name] = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    } else {
      defs[name] = strictify(def);
    }
  }
  const out = new Map<string, Schema>();
  for (const [name, def] of Object.entries(swagger.definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks) {
      if (!isObject(gvk)) continue;
      const group = String(gvk['group'] ?? '');
      const version = String(gvk['version']);
      const kind = String(gvk['kind']);
      const root = defs[name];
      if (!isObject(root)) continue;
      out.set(schemaPath(group, version, kind), {
        $schema: 'http://json-schema.org/draft-04/schema#',
        ...withApiVersionAndKind(root, group, version, kind),
        // Local references stay references (some definitions are recursive); only the
        // definitions this kind reaches are copied.
        definitions: reachable(root, defs),
      });
    }
  }
  return out;
}

const REF = '#/definitions/';

/** The definitions `root` refers to, directly or through other definitions. */
export function reachable(root: Json, defs: Record<string, Json>): Record<string, Json> {
  const found: Record<string, Json> = {};
  const walk = (node: Json | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!isObject(node)) return;
    const ref = node['$ref'];
    if (typeof ref === 'string' && ref.startsWith(REF)) {
      const name = ref.slice(REF.length);
      if (!(name in found) && defs[name] !== undefined) {
        found[name] = defs[name];
        walk(defs[name]);
      }
    }
    for (const v of Object.values(node)) walk(v);
  };
  walk(root);
  return found;
}

function withApiVersionAndKind(root: Schema, group: string, version: string, kind: string): Schema {
  const properties = isObject(root['properties']) ? { ...root['properties'] } : {};
  properties['apiVersion'] = { type: 'string', enum: [group ? `${group}/${version}` : version] };
  properties['kind'] = { type: 'string', enum: [kind] };
  return { ...root, properties };
}

/** `<group or v1>/<kind>_<version>.json`, as kubeconform's `{{ .Group }}` template names it. */
export function schemaPath(group: string, version: string, kind: string): string {
  return `${group === '' ? version : group}/${kind.toLowerCase()}_${version}.json`;
}

interface Crd {
  kind?: string;
  spec?: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; schema?: { openAPIV3Schema?: Schema } }>;
  };
}

/** One schema per served version of each CustomResourceDefinition in `yamlText`. */
export function crdSchemas(yamlText: string): Map<string, Schema> {
  const out = new Map<string, Schema>();
  for (const doc of YAML.parseAllDocuments(yamlText)) {
    const crd = doc.toJSON() as Crd | null;
    if (crd?.kind !== 'CustomResourceDefinition' || crd.spec === undefined) continue;
    const { group, names, versions } = crd.spec;
    for (const v of versions) {
      const schema = v.schema?.openAPIV3Schema;
      if (schema === undefined) continue;
      out.set(schemaPath(group, v.name, names.kind), {
        $schema: 'http://json-schema.org/draft-04/schema#',
        ...withApiVersionAndKind(strictify(schema) as Schema, group, v.name, names.kind),
      });
    }
  }
  return out;
}

function goModuleDir(module: string, version: string): string {
  const json = execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { Dir } = JSON.parse(json) as { Dir?: string };
  if (Dir === undefined) throw new Error(`go mod download ${module}@${version} gave no Dir`);
  return Dir;
}

/** The Strimzi tests jar from Maven Central, checked against Maven Central's sha1, unpacked. */
function strimziCrdDir(cache: string): string {
  const { group, artifact, version } = SOURCES.strimzi;
  const dir = join(cache, `strimzi-${version}`);
  if (existsSync(join(dir, '.complete'))) return join(dir, 'crds', 'v1beta2');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const base = `https://repo1.maven.org/maven2/${group.replace(/\./g, '/')}/${artifact}/${version}/${artifact}-${version}-tests.jar`;
  const jar = join(dir, 'api-tests.jar');
  execFileSync('curl', ['-fsSL', '--retry', '3', '-o', jar, base], { stdio: 'inherit' });
  const want = execFileSync('curl', ['-fsSL', '--retry', '3', `${base}.sha1`], { encoding: 'utf8' })
    .trim()
    .split(/\s+/)[0];
  const got = createHash('sha1').update(readFileSync(jar)).digest('hex');
  if (got !== want) throw new Error(`${base}: sha1 ${got}, Maven Central says ${want}`);
  execFileSync('unzip', ['-q', '-o', jar, 'crds/*', '-d', dir], { stdio: 'inherit' });
  writeFileSync(join(dir, '.complete'), '');
  return join(dir, 'crds', 'v1beta2');
}

export function buildSchemas(outDir: string, cache: string): number {
  const all = new Map<string, Schema>();
  const k8s = goModuleDir(SOURCES.kubernetes.module, SOURCES.kubernetes.version);
  const swagger = JSON.parse(
    readFileSync(join(k8s, 'api', 'openapi-spec', 'swagger.json'), 'utf8'),
  ) as { definitions: Record<string, Schema> };
  for (const [p, s] of kubernetesSchemas(swagger)) all.set(p, s);
  const keda = join(goModuleDir(SOURCES.keda.module, SOURCES.keda.version), 'config/crd/bases');
  const strimzi = strimziCrdDir(cache);
  for (const dir of [keda, strimzi]) {
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
      for (const [p, s] of crdSchemas(readFileSync(join(dir, file), 'utf8'))) all.set(p, s);
    }
  }
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const [p, s] of all) {
    mkdirSync(dirname(join(tmp, p)), { recursive: true });
    writeFileSync(join(tmp, p), JSON.stringify(s));
  }
  writeFileSync(join(tmp, 'SOURCES.json'), `${JSON.stringify(SOURCES, null, 2)}\n`);
  rmSync(outDir, { recursive: true, force: true });
  execFileSync('mv', [tmp, outDir]);
  return all.size;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (out === undefined) {
    process.stderr.write('usage: schemas.ts <output dir> [cache dir]\n');
    process.exit(2);
  }
  const cache = process.argv[3] ?? join(tmpdir(), 'ada-schema-sources');
  mkdirSync(cache, { recursive: true });
  const n = buildSchemas(resolve(out), resolve(cache));
  process.stderr.write(`schemas: ${n} schemas in ${out}\n`);
}
