import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The dashboard end to end in a real browser: `ada serve` (gateway + services, one process)
// serving the built dashboard; headless Chromium (Debian's package; test/run-all.sh installs it)
// creates an experiment, starts a short AdA run, watches it reach SUCCEEDED, and checks that the
// tables and figures (Figure 2 of that run, the SSIM histogram of its AdA images) show the
// numbers the GraphQL API returns. Screenshots go to
// $ADA_SCREENSHOT_DIR (default: a temporary folder; `ADA_SCREENSHOT_DIR=docs` refreshes the
// README's).

const CHROMIUM = process.env['ADA_CHROMIUM'] ?? '/usr/bin/chromium';
const repo = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'ada-dashboard-e2e-'));
const shots = resolve(repo, process.env['ADA_SCREENSHOT_DIR'] ?? join(dir, 'screenshots'));

/** `ada run` of one tiny nominal run with two evaluated epochs (about a minute on a shared CPU). */
const ADA_RUN_FLAGS = [
  '--preset',
  'quick',
  '--setups',
  'nominal',
  '--seeds',
  '0',
  '--epochs',
  '2',
  '--train-size',
  '64',
  '--test-size',
  '32',
  '--jobs',
  '1',
];

/**
 * An AdA run started through the dashboard that finishes in a minute or two on a shared CPU: 2 of
 * each batch of 16 go through AdA on the corruption-service (16 AdA images in all), and Figure 2
 * is measured after each of its 2 epochs (the form's default, every epoch).
 */
const TINY_RUN = {
  data: { trainSize: 64, testSize: 32 },
  train: { batchSize: 16, epochs: 2, checkpointEvery: 4 },
  eval: { benchmarkSize: 8 },
};

let serve: ChildProcess;
/** What ada serve printed (its log), shown when the test fails. */
let serveLog = '';
let url: string;
let operatorKey: string;
let browser: Browser;
let page: Page;
/** The experiment and run the browser created, for the experiment page's check. */
let started: { experimentId: string; runId: string; clean: number } | undefined;

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

/** Starts `ada serve --port 0` and reads its URL and operator key from what it prints. */
function startServe(): Promise<{ url: string; operator: string }> {
  serve = spawn(
    process.execPath,
    ['cli/bin/ada.mjs', 'serve', '--port', '0', '--store', join(dir, 'store')],
    { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`ada serve did not start:\n${serveLog}`)),
      120_000,
    );
    serve.stderr!.on('data', (chunk: Buffer) => {
      serveLog += chunk.toString();
      const u = /GraphQL on (http:\/\/\S+)\/graphql/.exec(serveLog);
      const k = /operator key \(mutations\): (\S+)/.exec(serveLog);
      if (u && k) {
        clearTimeout(timer);
        ok({ url: u[1]!, operator: k[1]! });
      }
    });
    serve.on('exit', (code) => fail(new Error(`ada serve exited with ${code}:\n${serveLog}`)));
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium; test/run-all.sh does) or set ADA_CHROMIUM`,
    );
  if (!existsSync(join(repo, 'dashboard/dist/index.html'))) {
    const build = spawnSync('npm', ['run', 'build', '-w', 'dashboard'], { cwd: repo });
    if (build.status !== 0) throw new Error(`dashboard build failed:\n${build.stderr}`);
  }
  mkdirSync(shots, { recursive: true });
  // a run made by `ada run` in the same store: its record has per-epoch accuracies (Figure 2)
  const run = spawnSync(
    process.execPath,
    ['cli/bin/ada.mjs', 'run', ...ADA_RUN_FLAGS, '--out', join(dir, 'store')],
    { cwd: repo, encoding: 'utf8', timeout: 600_000 },
  );
  if (run.status !== 0) throw new Error(`ada run failed:\n${run.stderr.slice(-3000)}`);
  const started = await startServe();
  url = started.url;
  operatorKey = started.operator;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    serve.kill('SIGTERM');
    await new Promise((r) => serve.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
});

const pct = (x: number): string => (100 * x).toFixed(1);

interface RunNumbers {
  run: {
    progress: { step: number; totalSteps: number } | null;
    resultTable: { table1: { clean: { mean: number }; mce: { mean: number } }[] };
    clean: { points: { epoch: number; value: number }[] };
    adaSsim: { sampled: number; seen: number; mean: number } | null;
  };
}

/** What the API says about a run: the numbers the pages must show. */
function runNumbers(id: string): Promise<RunNumbers> {
  return gql<RunNumbers>(
    `query($id: ID!) { run(id: $id) {
      progress { step totalSteps }
      resultTable { table1 { clean { mean } mce { mean } } }
      clean: metricHistory(key: "clean", by: EPOCH) { points { epoch value } }
      adaSsim { sampled seen mean }
    } }`,
    { id },
  );
}

/** Figure 2 on the run page: the API's clean accuracy of each epoch and the corruption rows. */
async function expectHeatmap(points: { value: number }[]): Promise<Locator> {
  const heat = page.getByTestId('heatmap');
  await heat.waitFor();
  const svg = await heat.innerHTML();
  for (const p of points) expect(svg).toContain(`>${(100 * p.value).toFixed(0)}</text>`);
  for (const name of ['clean', 'gaussian_noise', 'jpeg_compression'])
    expect(svg).toContain(`>${name}</text>`);
  return heat;
}

async function useOperatorKey(): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('API key').fill(operatorKey);
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect.poll(() => page.getByRole('status').textContent()).toContain('(operator)');
}

describe('dashboard in Chromium against ada serve', () => {
  it('a run made by ada run: Figure 2 and Table 1 show the numbers of its records', async () => {
    const { runs } = await gql<{ runs: { nodes: { id: string; status: string }[] } }>(
      '{ runs(first: 5) { nodes { id status } } }',
    );
    expect(runs.nodes).toHaveLength(1);
    const runId = runs.nodes[0]!.id;
    const api = await runNumbers(runId);
    expect(api.run.clean.points.map((p) => p.epoch)).toEqual([1, 2]);
    await useOperatorKey();
    await page.goto(`${url}/#/runs/${encodeURIComponent(runId)}`);
    await expect
      .poll(() => page.getByRole('heading', { name: /^Run / }).textContent())
      .toContain('SUCCEEDED');
    const heat = await expectHeatmap(api.run.clean.points);
    await page.getByLabel('normalised per corruption (row)').check();
    await expect.poll(() => heat.innerHTML()).toContain('accuracy / best of row');
    const row = api.run.resultTable.table1[0]!;
    const t1 = (await page.getByRole('table', { name: /Table 1/ }).textContent())!;
    expect(t1).toContain(pct(row.clean.mean));
    expect(t1).toContain(pct(row.mce.mean));
    await page.getByTestId('curves').waitFor();
    // A nominal run has no AdA images: Figure 1b says so instead of drawing one.
    expect(api.run.adaSsim).toBeNull();
    expect(await page.getByTestId('ssim-source').textContent()).toContain(
      'This run recorded no SSIM of the AdA images it trained on',
    );
    await page.screenshot({ path: join(shots, 'dashboard-ada-run.png'), fullPage: true });
  });

  it('create an experiment, start a run, follow it to SUCCEEDED, read its tables and figures', async () => {
    try {
      await journey();
    } catch (err) {
      await page.screenshot({ path: join(shots, 'dashboard-failure.png'), fullPage: true });
      const log = serveLog
        .replace(/((?:operator|viewer) key[^:\n]*:\s+)\S+/g, '$1<hidden>')
        .slice(-4000);
      throw new Error(
        `${String(err)}\n(screenshot: ${join(shots, 'dashboard-failure.png')})\nada serve:\n${log}`,
        {
          cause: err,
        },
      );
    }
  }, 540_000);

  // A run started with startRun(input: { experimentId }) joins that experiment's records.
  it('the experiment page lists the run started for it, with its Table 1 row', async () => {
    expect(started).toBeDefined();
    const { experimentId, runId, clean } = started!;
    await page.goto(`${url}/#/experiments/${encodeURIComponent(experimentId)}`);
    const runRow = page.getByRole('row', { name: new RegExp(runId) });
    await expect.poll(() => runRow.textContent(), { timeout: 10_000 }).toContain('SUCCEEDED');
    expect(await page.getByRole('table', { name: /Table 1/ }).textContent()).toContain(pct(clean));
    await page.screenshot({ path: join(shots, 'dashboard-experiment.png'), fullPage: true });
  });
});

async function journey(): Promise<void> {
  await useOperatorKey();

  // create an experiment
  await page.getByLabel(/^Name/).fill('browser e2e');
  await page.getByLabel(/^Setups/).fill('ada');
  await page.getByLabel(/^Seeds/).fill('0');
  await page.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'browser e2e' }).waitFor();
  const experimentId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);

  // start a short run
  await page.getByLabel('Config overrides (JSON)').fill(JSON.stringify(TINY_RUN));
  await page.getByLabel('Figure 2 every (epochs)').fill('1');
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.getByRole('heading', { name: /^Run / }).waitFor({ timeout: 120_000 });
  const runId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);

  // live progress, then SUCCEEDED (the badge in the heading)
  const heading = page.getByRole('heading', { name: /^Run / });
  await expect
    .poll(() => heading.textContent(), { timeout: 480_000, interval: 1000 })
    .toMatch(/SUCCEEDED|FAILED|CANCELLED/);
  expect(await heading.textContent()).toContain('SUCCEEDED');

  const api = await runNumbers(runId);
  // progress reached the last step
  const total = api.run.progress!.totalSteps;
  // (the page reads the run again after its final event: give a busy machine time to answer)
  await expect
    .poll(() => page.getByTestId('step').textContent(), { timeout: 30_000 })
    .toBe(`${total} / ${total}`);

  // Table 1 row of this run: clean accuracy and mCE as the API computes them
  const row = api.run.resultTable.table1[0]!;
  const t1 = page.getByRole('table', { name: /Table 1/ });
  await t1.waitFor();
  const t1Text = (await t1.textContent())!;
  expect(t1Text).toContain(pct(row.clean.mean));
  expect(t1Text).toContain(pct(row.mce.mean));

  await page.getByTestId('curves').waitFor();

  // Figure 2 of this run: a cell per evaluated epoch, with the accuracies the API returns
  expect(api.run.clean.points.map((p) => p.epoch)).toEqual([1, 2]);
  await expectHeatmap(api.run.clean.points);

  // Figure 1b: the SSIM of the AdA images the run trained on, as recorded during training
  const recorded = api.run.adaSsim!;
  expect(recorded).toMatchObject({ sampled: 16, seen: 16 });
  const ssim = page.getByTestId('ssim');
  await ssim.waitFor();
  const ssimSvg = await ssim.innerHTML();
  expect(ssimSvg).toContain(`SSIM to the clean image (n = ${recorded.sampled})`);
  expect(ssimSvg).toContain(`mean ${recorded.mean.toFixed(3)}`);
  expect(await page.getByTestId('ssim-source').textContent()).toContain(
    'AdA images this run trained on',
  );

  // Figure 1a: AdA on sample images against the run's checkpoint
  await page.getByLabel('Images', { exact: true }).fill('8');
  await page.getByRole('button', { name: 'Make AdA examples' }).click();
  const examples = page.getByTestId('examples');
  await examples.waitFor({ timeout: 300_000 });
  expect(await examples.locator('image').count()).toBe(18);
  // the recorded histogram stays: the examples' SSIM is only the fallback of runs without one
  expect(await ssim.innerHTML()).toContain(`SSIM to the clean image (n = ${recorded.sampled})`);

  await page.screenshot({ path: join(shots, 'dashboard-run.png'), fullPage: true });

  started = { experimentId, runId, clean: row.clean.mean };
}
