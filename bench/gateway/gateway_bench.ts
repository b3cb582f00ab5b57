/**
 * Loopback benchmark of the GraphQL gateway (bounded in count and time; nothing leaves
 * 127.0.0.1): a gateway on an in-process bus and a filesystem store seeded through the records
 * writer with one experiment of `--setups` x `--seeds` SUCCEEDED runs (19 corruptions x 5
 * severities each) and `--extra-runs` more runs, then
 *
 * 1. the result-table query (Table 1 with per-corruption and per-severity errors, Table 2) and
 * 2. a run-list page (`runs(first: 50)`), each `--requests` times one after another (latency
 *    p50 / p99) and `--requests` times from `--concurrency` clients at once (requests/s);
 * 3. subscription fan-out: `--clients` graphql-ws clients on `runsUpdated`, `--events` progress
 *    events published on the bus; latency from publish to each client's receipt (p50 / p99) and
 *    the time until every client had every event.
 *
 * Each phase stops after `--max-seconds` (default 30); the table gives the requests done.
 *
 * ```sh
 * nice -n 10 node --import tsx bench/gateway/gateway_bench.ts            # defaults below
 * node --import tsx bench/gateway/gateway_bench.ts --requests 100 --clients 20 --events 10
 * ```
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { publishEvents } from '@ada/bus';
import { runsV1 } from '@ada/contracts';
import { RunRecordsWriter } from '@ada/records';
import { startTestGateway, type TestGateway } from '@ada/gateway/testing';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    setups: { type: 'string', default: '4' },
    seeds: { type: 'string', default: '3' },
    'extra-runs': { type: 'string', default: '300' },
    clients: { type: 'string', default: '100' },
    events: { type: 'string', default: '50' },
    'max-seconds': { type: 'string', default: '30' },
  },
});
const num = (name: keyof typeof args, min: number, max: number): number => {
  const v = Number(args[name]);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`--${name} must be an integer in [${min}, ${max}], got '${args[name]}'`);
  }
  return v;
};
const REQUESTS = num('requests', 1, 100_000);
const CONCURRENCY = num('concurrency', 1, 256);
const SETUPS = num('setups', 1, 10);
const SEEDS = num('seeds', 1, 20);
const EXTRA = num('extra-runs', 0, 100_000);
const CLIENTS = num('clients', 1, 1000);
const EVENTS = num('events', 1, 10_000);
/** Each phase (sequential, concurrent, fan-out) stops at this many seconds. */
const PHASE_MS = num('max-seconds', 1, 3600) * 1000;
let DEADLINE = 0;
const startPhase = () => {
  DEADLINE = performance.now() + PHASE_MS;
};

const SETUP_NAMES = ['nominal', 'augmix', 'ada', 'ada+augmix', 'deepaugment', 'ada+deepaugment'];
const CORRUPTIONS = Array.from({ length: 19 }, (_, i) => `corruption_${i}`);

const TABLE_QUERY = `query($e: ID!) { resultTable(experimentId: $e) { table1 { label seeds
  clean { mean sd n } mce { mean sd n } cifar101 { mean sd }
  perCorruption { corruption error { mean sd } severities { mean sd } }
  perSeverity { severity error { mean sd } } }
  table2 { label robust { threat norm epsilon accuracy { mean sd } } } } }`;
const PAGE_QUERY = `query($after: String) { runs(first: 50, after: $after) { totalCount
  nodes { id status setup seed createdAt } pageInfo { hasNextPage endCursor } } }`;

async function seed(t: TestGateway): Promise<void> {
  const writer = new RunRecordsWriter(t.store);
  const setups = SETUP_NAMES.slice(0, SETUPS);
  const seeds = Array.from({ length: SEEDS }, (_, i) => i);
  await writer.createExperiment({
    id: 'bench',
    name: 'bench',
    source: 'bench',
    config: {},
    setups,
    seeds,
  });
  let k = 0;
  for (const setup of setups) {
    for (const s of seeds) {
      const run = await writer.createRun({
        experimentId: 'bench',
        setup,
        seed: s,
        config: { setup, s },
        source: 'bench',
      });
      await run.start();
      const e = (j: number) => ((k * 7 + j * 13) % 50) / 100;
      await run.succeed({
        table1: { clean: 0.9 - e(1) / 10, mce: 0.2 + e(2) / 10, cifar101: 0.8 },
        table2: { 'l2_0.5': e(3), 'linf_1/255': e(4), 'linf_2/255': e(5) },
        corruptions: Object.fromEntries(
          CORRUPTIONS.map((c, j) => [
            c,
            [1, 2, 3, 4, 5].map((v) => Math.min(1, e(j + v) + v / 20)),
          ]),
        ),
        steps: 100,
        trainSeconds: 1,
        evalSeconds: 1,
      });
      k += 1;
    }
  }
  for (let i = 0; i < EXTRA; i += 1) {
    await writer.createRun({
      id: `extra-${i}`,
      experimentId: 'bench',
      setup: 'nominal',
      seed: 100 + i,
      config: { i },
      source: 'bench',
    });
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function measure(
  name: string,
  call: () => Promise<void>,
): Promise<{ name: string; n: number; p50: number; p99: number; rps: number; nc: number }> {
  for (let i = 0; i < 5; i += 1) await call(); // warm-up
  const lat: number[] = [];
  startPhase();
  for (let i = 0; i < REQUESTS && performance.now() < DEADLINE; i += 1) {
    const t0 = performance.now();
    await call();
    lat.push(performance.now() - t0);
  }
  lat.sort((a, b) => a - b);
  let next = 0;
  startPhase();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS && performance.now() < DEADLINE) {
        next += 1;
        await call();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    name,
    n: lat.length,
    p50: quantile(lat, 0.5),
    p99: quantile(lat, 0.99),
    rps: next / seconds,
    nc: next,
  };
}

async function fanOut(t: TestGateway) {
  const received: number[] = [];
  const sentAt = new Map<number, number>();
  let pending = CLIENTS * EVENTS;
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const before = t.gateway.subscriptions();
  startPhase();
  const unsubscribe = Array.from({ length: CLIENTS }, () =>
    t.ws(t.keys.viewer).subscribe<{ runsUpdated: { progress: { step: number } | null } }>(
      { query: 'subscription { runsUpdated { runId progress { step } } }' },
      {
        next: (value) => {
          const step = value.data?.runsUpdated.progress?.step;
          if (step === undefined) return;
          received.push(performance.now() - sentAt.get(step)!);
          pending -= 1;
          if (pending === 0) allDone();
        },
        error: (e) => {
          throw new Error(`subscription failed: ${JSON.stringify(e)}`);
        },
        complete: () => undefined,
      },
    ),
  );
  while (t.gateway.subscriptions() < before + CLIENTS) {
    if (performance.now() > DEADLINE) throw new Error('subscribers did not join in time');
    await new Promise((r) => setTimeout(r, 10));
  }
  const t0 = performance.now();
  for (let step = 1; step <= EVENTS; step += 1) {
    sentAt.set(step, performance.now());
    await publishEvents(t.bus, runsV1, [
      {
        eventId: `fan:${step}`,
        runId: 'fan',
        at: new Date().toISOString(),
        type: 'progress',
        step,
        totalSteps: EVENTS,
        metrics: { loss: 1 },
      },
    ]);
  }
  const timeout = new Promise<void>((_, reject) =>
    setTimeout(
      () => reject(new Error(`fan-out: ${pending} deliveries missing at the deadline`)),
      Math.max(1000, DEADLINE - performance.now()),
    ),
  );
  await Promise.race([done, timeout]);
  const total = performance.now() - t0;
  unsubscribe.forEach((u) => u());
  received.sort((a, b) => a - b);
  return {
    deliveries: received.length,
    p50: quantile(received, 0.5),
    p99: quantile(received, 0.99),
    totalMs: total,
  };
}

const t = await startTestGateway({ limits: { maxDepth: 12, maxCost: 100_000 } });
try {
  await seed(t);
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const { status, body } = await t.gql(query, variables);
    if (status !== 200 || body.errors)
      throw new Error(`query failed: ${status} ${JSON.stringify(body.errors)}`);
  };
  const rows = [
    await measure(
      `resultTable (${SETUPS} setups x ${SEEDS} seeds, 19 corruptions x 5 severities)`,
      () => gql(TABLE_QUERY, { e: 'bench' }),
    ),
    await measure(`runs(first: 50) page of ${SETUPS * SEEDS + EXTRA} runs`, () =>
      gql(PAGE_QUERY, {}),
    ),
  ];
  const fan = await fanOut(t);
  const f = (x: number) => x.toFixed(1);
  const lines = [
    `node ${process.version}, ${REQUESTS} requests per measurement, ${CONCURRENCY} concurrent clients for requests/s`,
    '',
    '| query | sequential n | p50 ms | p99 ms | concurrent n | requests/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) => `| ${r.name} | ${r.n} | ${f(r.p50)} | ${f(r.p99)} | ${r.nc} | ${f(r.rps)} |`,
    ),
    '',
    `subscription fan-out: ${CLIENTS} clients x ${EVENTS} progress events = ${fan.deliveries} deliveries in ${f(fan.totalMs)} ms; publish-to-client latency p50 ${f(fan.p50)} ms, p99 ${f(fan.p99)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await t.close();
}
