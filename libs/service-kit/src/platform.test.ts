import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from './logger.ts';
import { connectWorkerService } from './platform.ts';

const dir = mkdtempSync(join(tmpdir(), 'ada-kit-platform-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('connectWorkerService', () => {
  const config = {
    brokers: ['127.0.0.1:1'],
    host: '127.0.0.1',
    dataDir: dir,
    bucket: 'ada',
    port: 0,
    groupId: 'g1',
    workers: 3,
  };

  it("names the runtime and hands the factory the config's group, workers and a working store", async () => {
    const log = silentLogger('metrics-service');
    const { runtime, deps } = await connectWorkerService('metrics-service', config, log);
    expect(runtime.name).toBe('metrics-service');
    expect(deps).toMatchObject({ groupId: 'g1', workers: 3, log });
    expect(deps.datasetDir).toBeUndefined();
    await deps.store.put('k', new TextEncoder().encode('v'));
    expect(await deps.store.exists('k')).toBe(true);
    await deps.store.close();
  });

  it('passes the dataset folder only when one is configured', async () => {
    const { deps } = await connectWorkerService(
      'trainer-service',
      { ...config, datasetDir: '/data' },
      silentLogger('trainer-service'),
    );
    expect(deps.datasetDir).toBe('/data');
    await deps.store.close();
  });
});
