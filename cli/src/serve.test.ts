import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRecordsWriter } from '@ada/records';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { collect } from '@ada/gateway/testing';
import { startEmbeddedPlatform, type EmbeddedPlatform } from './serve.ts';

// `ada serve` end to end: gateway + trainer + corruption + metrics + attack services in this
// process; a run started by the startRun mutation over HTTP and followed by the runUpdated
// subscription over WebSocket until SUCCEEDED (64 demo images, batch 16, one epoch).

const dir = mkdtempSync(join(tmpdir(), 'ada-serve-'));
let platform: EmbeddedPlatform;

beforeAll(async () => {
  await initBackend({ log: false });
  // A run as `ada run --out <dir>` leaves it: records written by the records writer in the store
  // rooted at its output folder.
  const writer = new RunRecordsWriter(new FsArtifactStore({ root: dir }));
  await writer.createExperiment({
    id: 'cli-exp',
    name: 'ada run quick',
    source: 'ada run',
    config: { preset: 'quick' },
    setups: ['nominal'],
    seeds: [0],
  });
  const cliRun = await writer.createRun({
    id: 'cli-run',
    experimentId: 'cli-exp',
    setup: 'nominal',
    seed: 0,
    config: { setup: 'nominal' },
    source: 'ada run',
  });
  await cliRun.start();
  await cliRun.succeed({
    table1: { clean: 0.5, mce: 0.6 },
    corruptions: { fog: [0.5, 0.55, 0.6, 0.65, 0.7] },
    steps: 4,
    trainSeconds: 1,
    evalSeconds: 1,
  });
  platform = await startEmbeddedPlatform({ storeDir: dir, port: 0, write: () => undefined });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function gql(query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(`${platform.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('ada serve (embedded mode)', () => {
  it('shows the runs ada run left in the store', async () => {
    const { data } = await gql(
      '{ runs(filter: { experimentId: "cli-exp" }) { nodes { id status source } } resultTable(experimentId: "cli-exp") { table1 { label mce { mean } } } }',
      {},
      platform.keys!.viewer,
    );
    expect(data!['runs'].nodes).toEqual([
      { id: 'cli-run', status: 'SUCCEEDED', source: 'ada run' },
    ]);
    expect(data!['resultTable'].table1).toEqual([{ label: 'nominal', mce: { mean: 0.6 } }]);
  });

  it('startRun by mutation, followed by subscription to SUCCEEDED', async () => {
    const { operator, viewer } = platform.keys!;
    const experiment = await gql(
      'mutation { createExperiment(input: { name: "serve test", setups: ["nominal"], seeds: [0] }) { id } }',
      {},
      operator,
    );
    expect(experiment.errors).toBeUndefined();
    const experimentId = experiment.data!['createExperiment'].id as string;
    const client = createClient({
      url: `${platform.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${viewer}` },
      retryAttempts: 0,
    });
    const before = platform.gateway.subscriptions();
    const stream = collect<{
      runUpdated: { type: string; status: string; progress: { step: number } | null };
    }>(
      client,
      'subscription { runUpdated(id: "serve-run-1") { type status progress { step totalSteps } } }',
    );
    const deadline = Date.now() + 10_000;
    while (platform.gateway.subscriptions() === before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const started = await gql(
      'mutation($i: StartRunInput!) { startRun(input: $i) { id status } }',
      {
        i: {
          experimentId,
          runId: 'serve-run-1',
          setup: 'nominal',
          seed: 0,
          config: {
            data: { trainSize: 64, testSize: 16 },
            train: { batchSize: 16, epochs: 1, checkpointEvery: 2 },
            eval: { benchmarkSize: 8 },
          },
        },
      },
      operator,
    );
    expect(started.data).toEqual({ startRun: { id: 'serve-run-1', status: 'QUEUED' } });
    const updates = (await stream.done).map((u) => u.runUpdated);
    await client.dispose();
    expect(updates.map((u) => u.status).at(-1)).toBe('SUCCEEDED');
    expect(updates.map((u) => u.type)).toContain('STARTED');
    expect(updates.filter((u) => u.type === 'PROGRESS').map((u) => u.progress!.step)).toEqual([
      1, 2, 3, 4,
    ]);
  });
});
