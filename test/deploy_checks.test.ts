import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunSpec } from '@ada/trainer-service';
import { afterAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the e2e project tests the deploy tooling
import { dependencyClosure, packageOf } from '../deploy/build/bundle.ts';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the e2e project tests the deploy tooling
import { lintDockerfile, parseDockerfile } from '../deploy/check/dockerfile_lint.ts';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the e2e project tests the deploy tooling
import {
  compareEnv,
  containerEnv,
  imageEnv,
  parseManifests,
  recordReads,
  unreachable,
} from '../deploy/check/manifest_env.ts';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the e2e project tests the deploy tooling
import { crdSchemas, reachable, schemaPath, strictify } from '../deploy/check/schemas.ts';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the e2e project tests the deploy tooling and a service's run-spec parser
import { DEPLOYABLES, type Deployable } from '../deploy/build/deployables.ts';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the e2e project tests the deploy tooling and a service's run-spec parser
import {
  lockedSpec,
  renderDockerfile,
  staleDockerfiles,
  workspaceOf,
} from '../deploy/images/render.ts';

/** The deploy checks (deploy/check, deploy/build) on small inputs: each rule passes and fails. */
const scratch = mkdtempSync(join(tmpdir(), 'ada-deploy-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PINNED = 'node:20-slim@sha256:' + 'a'.repeat(64);
const GOOD = `ARG NODE_IMAGE=${PINNED}
FROM \${NODE_IMAGE} AS build
WORKDIR /src
RUN apt-get update \\
  && apt-get install -y --no-install-recommends g++ \\
  && rm -rf /var/lib/apt/lists/*
FROM \${NODE_IMAGE}
ENV NODE_ENV=production PORT=8081
COPY --from=build /src/dist /app
USER 1000:1000
HEALTHCHECK CMD ["node", "-e", "1"]
CMD ["node", "main.js"]
`;

const rules = (text: string) => lintDockerfile('Dockerfile', text).map((f) => f.rule);

describe('dockerfile_lint', () => {
  it('joins continuation lines and drops comments', () => {
    const ins = parseDockerfile('# c\nRUN a \\\n  # inner\n  && b\nCMD ["x"]\n');
    expect(ins).toEqual([
      { line: 2, keyword: 'RUN', args: 'a && b' },
      { line: 5, keyword: 'CMD', args: '["x"]' },
    ]);
  });
  it('accepts a pinned, non-root, health-checked two-stage Dockerfile', () => {
    expect(lintDockerfile('Dockerfile', GOOD)).toEqual([]);
  });
  it.each([
    ['AD001', GOOD.replace(PINNED, 'node:20-slim')],
    ['AD002', GOOD.replace('USER 1000:1000', 'USER root')],
    ['AD002', GOOD.replace('USER 1000:1000\n', '')],
    ['AD003', GOOD.replace(/HEALTHCHECK .*\n/, '')],
    ['AD004', GOOD.replace('CMD ["node", "main.js"]', 'CMD node main.js')],
    ['AD005', GOOD.replace('COPY --from', 'ADD --from')],
    ['AD006', GOOD.replace('PORT=8081', 'S3_SECRET_KEY=hunter2')],
    ['AD007', GOOD.replace(' --no-install-recommends', '')],
    ['AD007', GOOD.replace('  && rm -rf /var/lib/apt/lists/*', '  && true')],
    ['AD008', GOOD.replace('WORKDIR /src', 'WORKDIR src')],
    ['AD009', GOOD.replace('CMD ["node", "main.js"]\n', '')],
    ['AD010', GOOD.replace('WORKDIR /src', 'WORKDIRR /src')],
  ])('reports %s', (rule, text) => {
    expect(rules(text)).toContain(rule);
  });
  it('reads the final stage ENV of an image', () => {
    expect(imageEnv(GOOD)).toEqual({ NODE_ENV: 'production', PORT: '8081' });
  });
});

describe('schemas', () => {
  it('makes objects with properties strict, int-or-string two-typed', () => {
    const s = strictify({
      type: 'object',
      properties: {
        port: { type: 'string', format: 'int-or-string' },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: {} },
      },
    });
    expect(s).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        port: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: {} },
      },
    });
  });
  it('names schema files as the kubeconform {{ .Group }} template does', () => {
    expect(schemaPath('', 'v1', 'ConfigMap')).toBe('v1/configmap_v1.json');
    expect(schemaPath('keda.sh', 'v1alpha1', 'ScaledObject')).toBe(
      'keda.sh/scaledobject_v1alpha1.json',
    );
  });
  it('copies only the definitions a kind reaches, recursive ones once', () => {
    const defs = {
      A: { properties: { b: { $ref: '#/definitions/B' } } },
      B: { properties: { self: { $ref: '#/definitions/B' } } },
      C: { type: 'string' },
    };
    expect(Object.keys(reachable(defs.A, defs))).toEqual(['B']);
  });
  it('turns each CRD version into a schema that pins apiVersion and kind', () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: example.com
  names: { kind: Widget }
  versions:
    - name: v1
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { size: { type: integer } } }
`;
    const schemas = crdSchemas(crd);
    const widget = schemas.get('example.com/widget_v1.json');
    expect(widget?.['additionalProperties']).toBe(false);
    expect(widget?.['properties']).toMatchObject({
      apiVersion: { enum: ['example.com/v1'] },
      kind: { enum: ['Widget'] },
      spec: { additionalProperties: false },
    });
  });
});

describe('manifest_env', () => {
  const manifests = parseManifests(`apiVersion: v1
kind: ConfigMap
metadata: { name: svc-abc }
data: { PORT: "8081", KAFKA_BROKERS: "kafka:9092", S3_ENDPOINT: "https://s3.example.com" }
---
apiVersion: v1
kind: Secret
metadata: { name: creds }
data: { key: ${Buffer.from('s3cret').toString('base64')} }
`);
  const container = {
    name: 'svc',
    envFrom: [{ configMapRef: { name: 'svc-abc' } }],
    env: [
      { name: 'S3_SECRET_KEY', valueFrom: { secretKeyRef: { name: 'creds', key: 'key' } } },
      { name: 'S3_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } },
      { name: 'WORKER_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'PORT', value: '9000' },
    ],
  };
  it('resolves the container environment as Kubernetes does (env beats envFrom beats image)', () => {
    expect(containerEnv(container, manifests, { NODE_ENV: 'production', PORT: '1' })).toEqual({
      NODE_ENV: 'production',
      PORT: '9000',
      KAFKA_BROKERS: 'kafka:9092',
      S3_ENDPOINT: 'https://s3.example.com',
      S3_SECRET_KEY: 's3cret',
      S3_ACCESS_KEY: 'from-the-cluster-0',
      WORKER_ID: 'from-the-cluster-0',
    });
  });
  it('fails on a ConfigMap that is not in the render', () => {
    expect(() =>
      containerEnv({ name: 'x', envFrom: [{ configMapRef: { name: 'nope' } }] }, manifests, {}),
    ).toThrow(/ConfigMap 'nope'/);
  });
  it('points network addresses at a closed local port and leaves other values', () => {
    expect(
      unreachable({ A: 'https://s3.example.com', B: 'k1:9092,k2:9092', C: '8081', D: 'a:b' }),
    ).toEqual({ A: 'http://127.0.0.1:9', B: '127.0.0.1:9', C: '8081', D: 'a:b' });
  });
  it('flags read-but-unset, set-but-unread and stale default declarations', () => {
    const verdict = compareEnv(
      { PORT: '1', TYPO_PORT: '2', NODE_ENV: 'production' },
      { NODE_ENV: 'production' },
      ['LOG_LEVEL', 'GONE'],
      { own: new Set(['PORT', 'LOG_LEVEL', 'GROUP_ID']), any: new Set(['PORT', 'LOG_LEVEL']) },
    );
    expect(verdict).toEqual({
      readNotSet: ['GROUP_ID'],
      setNotRead: ['TYPO_PORT'],
      staleDefaults: ['GONE'],
    });
  });
  it('records the variables a process reads, telling its own code from node_modules', async () => {
    const dist = join(scratch, 'dist-svc');
    mkdirSync(join(dist, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(
      join(dist, 'node_modules', 'dep', 'index.js'),
      'module.exports = () => process.env.DEP_ONLY;\n',
    );
    writeFileSync(join(dist, 'node_modules', 'dep', 'package.json'), '{"name":"dep"}\n');
    writeFileSync(
      join(dist, 'main.js'),
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        "require('dep')();",
        'const env = process.env; const read = (n) => env[n];',
        "read('OWN_ONE'); if ('OWN_TWO' in process.env) read('OWN_THREE');",
        'process.exit(3);',
      ].join('\n'),
    );
    const reads = await recordReads(dist, { OWN_TWO: 'x' }, 30_000);
    expect(reads.exitCode).toBe(3);
    expect([...reads.own].sort()).toEqual(['OWN_ONE', 'OWN_THREE', 'OWN_TWO']);
    expect(reads.any.has('DEP_ONLY')).toBe(true);
    expect(reads.own.has('DEP_ONLY')).toBe(false);
  });
});

describe('bundle', () => {
  it('names the package of an import specifier', () => {
    expect(packageOf('@tensorflow/tfjs-core/dist/x.js')).toBe('@tensorflow/tfjs-core');
    expect(packageOf('kafkajs')).toBe('kafkajs');
  });
  it('follows dependencies the way Node resolves them (nested first, then hoisted)', () => {
    const root = join(scratch, 'repo');
    const pkg = (dir: string, name: string, deps: Record<string, string> = {}, extra = {}) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name, dependencies: deps, ...extra }),
      );
    };
    pkg(join(root, 'node_modules', 'a'), 'a', { b: '1', c: '1' }, { peerDependencies: { z: '1' } });
    pkg(join(root, 'node_modules', 'a', 'node_modules', 'b'), 'b');
    pkg(join(root, 'node_modules', 'b'), 'b');
    pkg(join(root, 'node_modules', 'c'), 'c');
    pkg(join(root, 'node_modules', 'unused'), 'unused');
    expect(dependencyClosure(root, ['a'])).toEqual([
      'node_modules/a',
      'node_modules/a/node_modules/b',
      'node_modules/c',
    ]);
    pkg(join(root, 'node_modules', 'd'), 'd', { missing: '1' });
    expect(() => dependencyClosure(root, ['d'])).toThrow(/'d' depends on 'missing'/);
  });
});

describe('render (the Dockerfiles from one template)', () => {
  const ctx = { workspace: 'services/x-service', bundler: ['esbuild@0.1.0', 'tsx@0.2.0'] };
  const x: Deployable = {
    name: 'x-service',
    entry: 'services/x-service/src/main.ts',
    summary: 'a test service',
    port: { variable: 'ADA_X_PORT', value: 8099 },
    env: { ADA_X_MODE: 'fast' },
    gpu: { summary: 'a test service on the GPU' },
  };

  it.each(['cpu', 'gpu'] as const)('renders a %s Dockerfile that passes the lint', (flavour) => {
    const text = renderDockerfile(x, flavour, ctx);
    expect(lintDockerfile(`x/${flavour}`, text)).toEqual([]);
    expect(imageEnv(text)).toEqual({
      NODE_ENV: 'production',
      ...(flavour === 'gpu' ? { ADA_BACKEND: 'tensorflow' } : {}),
      ADA_X_PORT: '8099',
      ADA_X_MODE: 'fast',
      ADA_HEALTH_HOST: '0.0.0.0',
    });
    expect(text).toContain('EXPOSE 8099\n');
    expect(text).toContain("process.env.ADA_X_PORT + '/healthz'");
  });
  it('installs only the workspace without devDependencies, then the pinned bundler', () => {
    const run = parseDockerfile(renderDockerfile(x, 'cpu', ctx)).find((i) =>
      i.args.includes('npm ci'),
    );
    const only = '--omit=dev --include-workspace-root=false --workspace=services/x-service';
    expect(run?.args).toContain(`npm ci --no-audit --no-fund ${only} &&`);
    expect(run?.args).toContain(
      `npm install --no-save --no-audit --no-fund ${only} esbuild@0.1.0 tsx@0.2.0 &&`,
    );
    expect(run?.args).toMatch(/bundle\.ts x-service$/);
    const gpu = renderDockerfile(x, 'gpu', ctx);
    expect(gpu).toContain('tsx@0.2.0 @tensorflow/tfjs-node-gpu@');
    expect(gpu).toContain('bundle.ts x-service --with @tensorflow/tfjs-node-gpu\n');
  });
  it('refuses a GPU flavour that is not declared and a port out of range', () => {
    const cpuOnly: Deployable = { name: x.name, entry: x.entry, summary: x.summary, port: x.port };
    expect(() => renderDockerfile(cpuOnly, 'gpu', ctx)).toThrow(/'x-service' has no GPU flavour/);
    expect(() =>
      renderDockerfile({ ...x, port: { variable: 'P', value: 70000 } }, 'cpu', ctx),
    ).toThrow(/port 70000 is not a TCP port/);
  });
  it('reads bundler versions from the lock file and names a missing package', () => {
    const lock = { packages: { 'node_modules/esbuild': { version: '0.28.2' } } };
    expect(lockedSpec(lock, 'esbuild')).toBe('esbuild@0.28.2');
    expect(() => lockedSpec(lock, 'tsx')).toThrow(/no top-level 'node_modules\/tsx'/);
  });
  it("finds each deployable's npm workspace", () => {
    const repo = join(import.meta.dirname, '..');
    for (const d of DEPLOYABLES) {
      expect(d.entry.startsWith(`${workspaceOf(repo, d)}/src/`)).toBe(true);
    }
    const bare = join(scratch, 'no-workspace');
    mkdirSync(join(bare, 'svc', 'src'), { recursive: true });
    expect(() => workspaceOf(bare, { ...x, entry: 'svc/src/main.ts' })).toThrow(
      /no package.json between its entry 'svc\/src\/main.ts'/,
    );
  });
  it('reports a changed, a missing and an unrendered Dockerfile', () => {
    const repo = join(scratch, 'render');
    mkdirSync(join(repo, 'deploy/images/a'), { recursive: true });
    mkdirSync(join(repo, 'deploy/images/old'), { recursive: true });
    writeFileSync(join(repo, 'deploy/images/a/Dockerfile'), 'FROM x\nUSER 1000\n');
    writeFileSync(join(repo, 'deploy/images/old/Dockerfile'), 'FROM x\n');
    const rendered = new Map([
      ['deploy/images/a/Dockerfile', 'FROM x\nUSER 1001\n'],
      ['deploy/images/b/Dockerfile', 'FROM y\n'],
    ]);
    const problems = staleDockerfiles(repo, rendered);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^deploy\/images\/a\/Dockerfile:2: differs/);
    expect(problems[0]).toContain('committed: USER 1000');
    expect(problems[1]).toBe('deploy/images/b/Dockerfile: missing');
    expect(problems[2]).toMatch(/^deploy\/images\/old\/Dockerfile: not produced by the template/);
    writeFileSync(join(repo, 'deploy/images/a/Dockerfile'), 'FROM x\nUSER 1001\n');
    rendered.delete('deploy/images/b/Dockerfile');
    rendered.set('deploy/images/old/Dockerfile', 'FROM x\n');
    expect(staleDockerfiles(repo, rendered)).toEqual([]);
  });
});

describe('the quick-run Job (deploy/k8s/overlays/dev-quick-run)', () => {
  it('carries a run spec the trainer accepts, on the demo dataset', () => {
    const [job] = parseManifests(
      readFileSync(
        join(import.meta.dirname, '../deploy/k8s/overlays/dev-quick-run/quick-run-job.yaml'),
        'utf8',
      ),
    );
    const env = job?.spec?.template?.spec.containers[0]?.env ?? [];
    const json = env.find((e) => e.name === 'ADA_RUN_JSON')?.value;
    expect(json).toBeDefined();
    const spec = parseRunSpec(JSON.parse(json ?? ''), 'ADA_RUN_JSON');
    expect(spec.runId).toBe('quick-r1');
    expect(env.find((e) => e.name === 'ADA_DATASET_DIR')?.value).toBe('');
  });
});
