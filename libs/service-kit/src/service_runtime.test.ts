import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '@ada/bus';
import { silentLogger } from './logger.ts';
import { ServiceRuntime, busHook, subscriptionHook } from './service_runtime.ts';

const runtimes: ServiceRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.shutdown('test end').catch(() => undefined)));
});

function make(name = 'svc'): ServiceRuntime {
  const runtime = new ServiceRuntime({ name, log: silentLogger(name) });
  runtimes.push(runtime);
  return runtime;
}

async function get(runtime: ServiceRuntime, path: string) {
  const res = await fetch(`http://127.0.0.1:${runtime.port()}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('ServiceRuntime', () => {
  it('serves /healthz and /readyz; readiness follows the checks', async () => {
    const runtime = make();
    let storeUp = true;
    runtime.readinessCheck('store', async () => storeUp);
    runtime.readinessCheck('kafka', async () => {
      throw new Error('unreachable broker');
    });
    await runtime.start();
    expect(await get(runtime, '/healthz')).toEqual({
      status: 200,
      body: { status: 'ok', service: 'svc' },
    });
    expect(await get(runtime, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not-ready', service: 'svc', failing: ['kafka'] },
    });
    storeUp = false;
    expect((await get(runtime, '/readyz')).body['failing']).toEqual(['kafka', 'store']);
    expect((await get(runtime, '/nope')).status).toBe(404);
  });

  it('answers /readyz 503 (state:starting) and /healthz 200 while its hooks start, 200 once started', async () => {
    const runtime = make();
    let release: () => void = () => undefined;
    runtime.use({ name: 'slow', start: () => new Promise<void>((r) => (release = r)) });
    const starting = runtime.start();
    while (runtime.port() === 0) await new Promise((r) => setTimeout(r, 5));
    expect(await get(runtime, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not-ready', service: 'svc', failing: ['state:starting'] },
    });
    expect((await get(runtime, '/healthz')).status).toBe(200);
    release();
    await starting;
    expect((await get(runtime, '/readyz')).status).toBe(200);
  });

  it('a hook failing to start rejects start and closes the port', async () => {
    const runtime = make();
    runtime.use({
      name: 'broken',
      start: async () => {
        throw new Error('no broker');
      },
    });
    await expect(runtime.start()).rejects.toThrow('no broker');
    expect(runtime.port()).toBe(0);
  });

  it('ready with no checks; start order forward, drain then stop in reverse', async () => {
    const runtime = make();
    const calls: string[] = [];
    for (const name of ['a', 'b']) {
      runtime.use({
        name,
        start: async () => void calls.push(`start ${name}`),
        drain: async () => void calls.push(`drain ${name}`),
        stop: async () => void calls.push(`stop ${name}`),
      });
    }
    await runtime.start();
    expect((await get(runtime, '/readyz')).status).toBe(200);
    await runtime.shutdown();
    await runtime.shutdown();
    expect(calls).toEqual(['start a', 'start b', 'drain b', 'drain a', 'stop b', 'stop a']);
    await expect(fetch(`http://127.0.0.1:${runtime.port()}/healthz`)).rejects.toThrow();
  });

  it('graceful shutdown finishes the message in flight and commits it', async () => {
    const bus = new InProcessBus();
    const runtime = make();
    let release: () => void = () => undefined;
    let started = false;
    const handled: string[] = [];
    const sub = await bus.subscribe({
      topic: 'jobs',
      groupId: 'svc',
      handler: async (m) => {
        started = true;
        await new Promise<void>((r) => (release = r));
        handled.push(new TextDecoder().decode(m.value ?? new Uint8Array()));
      },
    });
    runtime.use(busHook(bus)).use(subscriptionHook(() => sub));
    await runtime.start();
    await bus.publish('jobs', [{ key: 'k', value: new TextEncoder().encode('job-1') }]);
    while (!started) await sleep(5);
    const stopping = runtime.shutdown();
    expect((await Promise.race([stopping.then(() => 'done'), sleep(50)])) ?? 'waiting').toBe(
      'waiting',
    );
    release();
    await stopping;
    expect(handled).toEqual(['job-1']);
    expect(runtime.isRunning()).toBe(false);
  });

  it('a hook failing to stop makes shutdown reject, after every other hook ran', async () => {
    const runtime = make();
    const calls: string[] = [];
    runtime.use({ name: 'a', stop: async () => void calls.push('stop a') });
    runtime.use({
      name: 'b',
      stop: async () => {
        throw new Error('flush failed');
      },
    });
    await runtime.start();
    await expect(runtime.shutdown()).rejects.toThrow(/1 hook\(s\) failed/);
    expect(calls).toEqual(['stop a']);
  });
});

function sleep(ms: number): Promise<undefined> {
  return new Promise((r) => setTimeout(() => r(undefined), ms));
}
