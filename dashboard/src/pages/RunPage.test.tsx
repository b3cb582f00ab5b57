import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../api/operations.ts';
import { FakeApi, renderApp, VIEWER_ANSWER } from '../testing.tsx';

const stat = (mean: number, sd = 0, n = 1) => ({ mean, sd, n });

function runDetail(status: RunDetail['status'], adaSsim: RunDetail['adaSsim'] = null): RunDetail {
  return {
    id: 'r1',
    experimentId: 'e1',
    setup: 'ada',
    seed: 0,
    status,
    createdAt: '2026-01-01T00:00:00.000Z',
    progress: null,
    configHash: 'abcdef0123456789',
    source: 'gateway',
    startedAt: null,
    finishedAt: null,
    cancelReason: null,
    metrics: [],
    metricKeys: ['clean', 'fog', 'loss'],
    checkpoints: [],
    artifacts: [],
    error: null,
    adaSsim,
    resultTable: {
      groupBy: 'RUN',
      table1:
        status === 'SUCCEEDED'
          ? [
              {
                label: 'ada s0',
                setup: 'ada',
                seeds: [0],
                runIds: ['r1'],
                clean: stat(0.625),
                mce: stat(0.4321),
                cifar101: null,
                perCorruption: [{ corruption: 'fog', error: stat(0.5) }],
                perSeverity: [],
              },
            ]
          : [],
      table2: [],
    },
  };
}

function api(
  status: RunDetail['status'] = 'RUNNING',
  adaSsim: RunDetail['adaSsim'] = null,
): FakeApi {
  return new FakeApi({
    Viewer: VIEWER_ANSWER({ v: 'VIEWER', op: 'OPERATOR' }),
    Run: () => ({ data: { run: runDetail(status, adaSsim) } }),
    MetricHistory: (vars) => {
      const series: Record<string, number[]> = {
        clean: [0.3, 0.55],
        fog: [0.2, 0.41],
        loss: [2.3, 1.9, 1.4],
      };
      const values = series[vars.key as string] ?? [];
      return {
        data: {
          run: {
            metricHistory: {
              key: vars.key,
              hasMore: false,
              points: values.map((value, i) => ({ step: 4 * (i + 1), epoch: i + 1, value })),
            },
          },
        },
      };
    },
  });
}

describe('RunPage', () => {
  it('shows live progress from the subscription: step, throughput, ETA', async () => {
    const fake = api();
    renderApp(fake, '#/runs/r1', 'v');
    await screen.findByRole('heading', { name: /Run r1/ });
    await waitFor(() => expect(fake.subscriptions('RunUpdated')).toBe(1));
    act(() =>
      fake.push('RunUpdated', {
        runUpdated: {
          runId: 'r1',
          type: 'PROGRESS',
          status: 'RUNNING',
          at: '2026-01-01T00:00:05.000Z',
          metrics: [{ key: 'loss', value: 1.2, step: 7, epoch: 1 }],
          error: null,
          progress: {
            phase: 'train',
            done: 7,
            total: 20,
            fraction: 0.35,
            step: 7,
            totalSteps: 20,
            epoch: 1,
            totalEpochs: 5,
            imagesPerSecond: 123.45,
            etaSeconds: 185,
            updatedAt: '2026-01-01T00:00:05.000Z',
          },
        },
      }),
    );
    const facts = await screen.findByTestId('progress');
    expect(within(facts).getByTestId('step').textContent).toBe('7 / 20');
    expect(facts.textContent).toContain('123.5 images/s');
    expect(facts.textContent).toContain('3 min 05 s');
    expect(facts.textContent).toContain('2 / 5');
  });

  it('draws Figure 2 from the epoch histories, with a control for the normalisation', async () => {
    renderApp(api(), '#/runs/r1', 'v');
    const heat = await screen.findByTestId('heatmap');
    const svg = heat.innerHTML;
    for (const v of ['30', '55', '20', '41']) expect(svg).toContain(`>${v}</text>`);
    expect(svg).toContain('>clean</text>');
    expect(svg).toContain('>fog</text>');
    await userEvent.setup().click(screen.getByLabelText('normalised per corruption (row)'));
    await waitFor(() =>
      expect(screen.getByTestId('heatmap').innerHTML).toContain('accuracy / best of row'),
    );
  });

  it('draws the loss and accuracy curves', async () => {
    renderApp(api(), '#/runs/r1', 'v');
    const curves = (await screen.findByTestId('curves')).innerHTML;
    expect(curves).toContain('step: 12; value: 1.4; metric: loss');
    expect(curves).toContain('>clean accuracy</text>');
  });

  it('a finished run shows its Table 1 row; a viewer sees no cancel button', async () => {
    renderApp(api('SUCCEEDED'), '#/runs/r1', 'v');
    const table = await screen.findByRole('table', { name: /Table 1/ });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('62.5');
    expect(row.textContent).toContain('43.2');
    expect(screen.queryByRole('button', { name: 'Cancel run' })).toBeNull();
  });

  it('Figure 1b: the recorded SSIM of the AdA images the run trained on, and says so', async () => {
    const counts = new Array<number>(20).fill(0);
    counts[7] = 30;
    counts[12] = 10;
    renderApp(
      api('SUCCEEDED', {
        bins: 20,
        sampleLimit: 1024,
        counts,
        sampled: 40,
        seen: 96,
        mean: 0.4321,
        epochs: [{ epoch: 1 }, { epoch: 2 }],
      }),
      '#/runs/r1',
      'v',
    );
    const hist = (await screen.findByTestId('ssim')).innerHTML;
    expect(hist).toContain('SSIM to the clean image (n = 40)');
    expect(hist).toContain('mean 0.432');
    expect(hist).toContain('count: 30');
    expect(screen.getByTestId('ssim-source').textContent).toBe(
      'Figure 1b: The SSIM of 40 of the 96 AdA images this run trained on (up to 1024 sampled per epoch, 2 epochs), recorded during training.',
    );
  });

  it('Figure 1b without a record: no histogram until examples are made, and the page says why', async () => {
    renderApp(api('SUCCEEDED'), '#/runs/r1', 'v');
    const source = await screen.findByTestId('ssim-source');
    expect(source.textContent).toContain(
      'This run recorded no SSIM of the AdA images it trained on',
    );
    expect(source.textContent).toContain('make examples');
    expect(screen.queryByTestId('ssim')).toBeNull();
  });
});
