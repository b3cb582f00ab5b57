import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { Kafka, logLevel } from 'kafkajs';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePlatformTopics, KafkaBus } from '@ada/bus';
import { hashApiKey } from '@ada/gateway';
import { collect } from '@ada/gateway/testing';

/**
 * The gateway in cluster mode on the real stack (`deploy/local/stack start`): two gateway replica
 * processes (`gateway/src/main.ts`) and the trainer and metrics services as processes, all on
 * Kafka + S3. A run is started by a mutation on replica A and followed by a subscription on
 * replica B until SUCCEEDED; both replicas answer the same queries; the artifact link is an S3
 * presigned URL. Skipped without KAFKA_BROKERS and S3_ENDPOINT.
 *
 * Isolation: a fresh S3 key prefix, run id and consumer groups; the trainer's group is moved to
 * the end of `ada.runs.v1` before it joins, so it trains only what this test starts.
 */
const root = join(import.meta.dirname, '..');
const env = process.env;
const skip =
  !env['KAFKA_BROKERS'] || !env['S3_ENDPOINT']
    ? 'KAFKA_BROKERS / S3_ENDPOINT not set (deploy/local/stack start; eval "$(deploy/local/stack env)")'
    : undefined;

const id = randomUUID().slice(0, 8);
const prefix = `gw-e2e/${id}`;
const runId = `gw-e2e-${id}`;
const dataDir = mkdtempSync(join(tmpdir(), 'ada-gw-e2e-'));
const operator = `op-${randomBytes(16).toString('hex')}`;
const viewer = `view-${randomBytes(16).toString('hex')}`;
const children: { name: string; process: ChildProcess; output: string[] }[] = [];

function start(name: string, entry: string, extra: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...env, S3_PREFIX: prefix, ADA_DATA_DIR: dataDir, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 300) output.splice(0, output.length - 300);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  children.push({ name, process: child, output });
  return output;
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms = 120_000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > end) {
      const logs = children.map((c) => `--- ${c.name}\n${c.output.slice(-20).join('\n')}`);
      throw new Error(`${what}: not within ${ms} ms\n${logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ports = { a: 0, b: 0 };
const pick = () => 20_000 + Math.floor(Math.random() * 20_000);

async function gql(port: number, query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  if (skip) return;
  const brokers = env['KAFKA_BROKERS']!.split(',');
  const bus = new KafkaBus({ brokers, clientId: `gw-e2e-${id}` });
  await ensurePlatformTopics(bus, { workers: 2 });
  await bus.close();
  const trainerGroup = `trainer-service.gw-e2e-${id}`;
  const admin = new Kafka({
    brokers,
    clientId: `gw-e2e-admin-${id}`,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await admin.resetOffsets({ groupId: trainerGroup, topic: 'ada.runs.v1', earliest: false });
  await admin.disconnect();
  const keys = `ci-op:OPERATOR:${hashApiKey(operator)},ci-view:VIEWER:${hashApiKey(viewer)}`;
  const secret = randomBytes(32).toString('hex');
  ports.a = pick();
  ports.b = ports.a + 1;
  for (const [name, port] of [
    ['gateway-a', ports.a],
    ['gateway-b', ports.b],
  ] as const) {
    start(name, 'gateway/src/main.ts', {
      ADA_GATEWAY_PORT: String(port),
      ADA_GATEWAY_HEALTH_PORT: '0',
      ADA_GATEWAY_API_KEYS: keys,
      ADA_GATEWAY_URL_SECRET: secret,
      NODE_ENV: 'production',
    });
  }
  start('trainer', 'services/trainer-service/src/main.ts', {
    ADA_TRAINER_PORT: '0',
    ADA_TRAINER_GROUP: trainerGroup,
  });
  start('metrics', 'services/metrics-service/src/main.ts', {
    ADA_METRICS_PORT: '0',
    ADA_METRICS_GROUP: `metrics-service.gw-e2e-${id}`,
  });
  for (const port of [ports.a, ports.b]) {
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200,
      `gateway on ${port} ready`,
    );
  }
}, 300_000);

afterAll(async () => {
  for (const c of children) c.process.kill('SIGTERM');
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) => (c.process.exitCode !== null ? r(null) : c.process.once('exit', r))),
    ),
  );
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(skip !== undefined)(
  `gateway replicas on Kafka + S3${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it('a run started by mutation on replica A is followed on replica B to SUCCEEDED; both answer alike', async () => {
      const exp = await gql(
        ports.a,
        'mutation { createExperiment(input: { name: "cluster", setups: ["nominal"], seeds: [0] }) { id } }',
        {},
        operator,
      );
      expect(exp.errors).toBeUndefined();
      const experimentId = exp.data!['createExperiment'].id as string;
      const client = createClient({
        url: `ws://127.0.0.1:${ports.b}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${viewer}` },
        retryAttempts: 0,
      });
      const stream = collect<{ runUpdated: { type: string; status: string } }>(
        client,
        `subscription { runUpdated(id: "${runId}") { type status } }`,
      );
      // B's subscription must be open before the run is announced (its feed reads new events).
      await waitFor(async () => {
        const health = (await (await fetch(`http://127.0.0.1:${ports.b}/healthz`)).json()) as {
          subscriptions: number;
        };
        return health.subscriptions >= 1;
      }, 'the subscription on replica B');
      const started = await gql(
        ports.a,
        'mutation($i: StartRunInput!) { startRun(input: $i) { id status } }',
        {
          i: {
            experimentId,
            runId,
            setup: 'nominal',
            config: {
              data: { trainSize: 64, testSize: 16 },
              train: { batchSize: 16, epochs: 1, checkpointEvery: 2 },
              eval: { benchmarkSize: 8 },
            },
          },
        },
        operator,
      );
      expect(started.data).toEqual({ startRun: { id: runId, status: 'QUEUED' } });
      const updates = (await stream.done).map((u) => u.runUpdated);
      await client.dispose();
      expect(updates.at(-1)).toEqual({ type: 'COMPLETED', status: 'SUCCEEDED' });
      const q = `{ experiment(id: "${experimentId}") { name setups seeds } }`;
      const [a, b] = await Promise.all([gql(ports.a, q, {}, viewer), gql(ports.b, q, {}, viewer)]);
      expect(a).toEqual(b);
      expect(a.data!['experiment']).toEqual({ name: 'cluster', setups: ['nominal'], seeds: [0] });
      // The experiment record as an artifact: its link is an S3 presigned GET (not the gateway).
      const art = await gql(
        ports.b,
        `{ artifact(key: "records/v1/experiments/${experimentId}.json") { kind size url(expiresInSeconds: 60) { url } } }`,
        {},
        viewer,
      );
      const link = art.data!['artifact'].url.url as string;
      expect(link.startsWith(env['S3_ENDPOINT']!)).toBe(true);
      expect(link).toMatch(/X-Amz-Signature=/);
      const body = await (await fetch(link)).text();
      expect(JSON.parse(body)).toMatchObject({ id: experimentId, name: 'cluster' });
    }, 600_000);

    it('introspection is off in production on every replica', async () => {
      for (const port of [ports.a, ports.b]) {
        const r = await gql(port, '{ __schema { queryType { name } } }', {}, viewer);
        expect(r.errors).toBeDefined();
      }
    });
  },
);
