import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi, renderApp, VIEWER_ANSWER } from '../testing.tsx';

const stat = (mean: number, sd: number, n: number) => ({ mean, sd, n });
const row = (setup: string, clean: number, mce: number, robust: number) => ({
  label: setup,
  setup,
  seeds: [0, 1],
  runIds: [`${setup}-0`, `${setup}-1`],
  clean: stat(clean, 0.01, 2),
  mce: stat(mce, 0.02, 2),
  cifar101: null,
  perCorruption: [{ corruption: 'fog', error: stat(mce + 0.05, 0.01, 2) }],
  perSeverity: [{ severity: 3, error: stat(mce, 0.01, 2) }],
  robust: [
    {
      threat: 'linf_1/255',
      norm: 'LINF',
      epsilonLabel: '1/255',
      accuracy: stat(robust, 0.005, 2),
    },
  ],
});

function api(): FakeApi {
  const rows = [row('nominal', 0.95, 0.25, 0.3), row('ada', 0.93, 0.15, 0.45)];
  return new FakeApi({
    Viewer: VIEWER_ANSWER({ op: 'OPERATOR' }),
    Experiment: (vars) => ({
      data: {
        experiment: {
          id: vars.id,
          name: 'paper table',
          description: null,
          setups: ['nominal', 'ada'],
          seeds: [0, 1],
          preset: 'quick',
          createdAt: '2026-01-01T00:00:00.000Z',
          tags: [],
          runs: {
            totalCount: 1,
            nodes: [
              {
                id: 'nominal-0',
                setup: 'nominal',
                seed: 0,
                status: 'SUCCEEDED',
                createdAt: '2026-01-01T00:00:00.000Z',
                progress: null,
              },
            ],
          },
          resultTable: {
            groupBy: vars.groupBy,
            table1: rows.map(({ robust: _r, ...t1 }) => t1),
            table2: rows.map(({ label, setup, seeds, runIds, robust }) => ({
              label,
              setup,
              seeds,
              runIds,
              robust,
            })),
          },
        },
      },
    }),
    StartRun: (vars) => ({
      data: {
        startRun: { id: `started-${(vars.input as { seed: number }).seed}`, status: 'QUEUED' },
      },
    }),
  });
}

const setupsInOrder = (table: HTMLElement): string[] =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('rowheader')[0]!.textContent!);

/** The experiment page of an operator, its start-run form ready. */
async function startRunForm() {
  const fake = api();
  renderApp(fake, '#/experiments/e1', 'op');
  const user = userEvent.setup();
  const button = await screen.findByRole('button', { name: 'Start run' });
  await waitFor(() => expect(button.matches(':disabled')).toBe(false));
  return { fake, user, button };
}

/** The input of the startRun mutation the page sent (waits for it). */
async function startRunInput(fake: FakeApi): Promise<unknown> {
  await waitFor(() => expect(fake.calls.some((c) => c.operation === 'StartRun')).toBe(true));
  return fake.calls.find((c) => c.operation === 'StartRun')!.variables.input;
}

describe('ExperimentPage', () => {
  it('Table 1: mean ± sd in percent, the best per column bold and announced', async () => {
    renderApp(api(), '#/experiments/e1', 'op');
    const t1 = await screen.findByRole('table', { name: /Table 1/ });
    const [, nominal, ada] = within(t1).getAllByRole('row');
    expect(nominal!.textContent).toContain('95.0 ± 1.0');
    expect(ada!.textContent).toContain('15.0 ± 2.0');
    // clean: nominal is best; mCE: ada is best
    expect(within(nominal!).getAllByRole('cell')[1]!.textContent).toBe('95.0 ± 1.0 (best)');
    expect(within(ada!).getAllByRole('cell')[2]!.textContent).toBe('15.0 ± 2.0 (best)');
    expect(within(ada!).getAllByRole('cell')[1]!.textContent).toBe('93.0 ± 1.0');
  });

  it('sorts by a column with the keyboard; aria-sort follows', async () => {
    renderApp(api(), '#/experiments/e1', 'op');
    const t1 = await screen.findByRole('table', { name: /Table 1/ });
    expect(setupsInOrder(t1)).toEqual(['nominal', 'ada']);
    const user = userEvent.setup();
    const mce = within(t1).getByRole('button', { name: /^mCE/ });
    mce.focus();
    await user.keyboard('{Enter}');
    expect(setupsInOrder(t1)).toEqual(['ada', 'nominal']);
    expect(mce.closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    await user.keyboard('{Enter}');
    expect(setupsInOrder(t1)).toEqual(['nominal', 'ada']);
    expect(mce.closest('th')!.getAttribute('aria-sort')).toBe('descending');
  });

  it('Table 2: robust accuracy per norm and ε, best marked', async () => {
    renderApp(api(), '#/experiments/e1', 'op');
    const t2 = await screen.findByRole('table', { name: /Table 2/ });
    expect(within(t2).getByRole('button', { name: /ℓ∞ ε = 1\/255/ })).toBeTruthy();
    expect(t2.textContent).toContain('45.0 ± 0.5 (best)');
  });

  it('rows per run: asks the API for groupBy RUN', async () => {
    const fake = api();
    renderApp(fake, '#/experiments/e1', 'op');
    await screen.findByRole('table', { name: /Table 1/ });
    await userEvent.setup().click(screen.getByLabelText(/one per run/));
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.operation === 'Experiment').at(-1)!.variables.groupBy).toBe(
        'RUN',
      ),
    );
  });

  it('starts a run of a chosen setup and seed, then opens its page', async () => {
    const { fake, user, button } = await startRunForm();
    await user.selectOptions(screen.getByLabelText('Setup'), 'ada');
    await user.clear(screen.getByLabelText('Seed'));
    await user.type(screen.getByLabelText('Seed'), '1');
    await user.type(screen.getByLabelText('Config overrides (JSON)'), '{{"train": {{"epochs": 1}}');
    await user.click(button);
    await waitFor(() => expect(window.location.hash).toBe('#/runs/started-1'));
    expect(fake.calls.find((c) => c.operation === 'StartRun')!.variables.input).toEqual({
      experimentId: 'e1',
      setup: 'ada',
      seed: 1,
      preset: 'quick',
      config: { train: { epochs: 1 } },
      // Figure 2 by default every epoch, as ada run records it.
      historyEvery: 1,
    });
  });

  it('Figure 2 every: a chosen interval is sent, a bad one is named', async () => {
    const { fake, user, button } = await startRunForm();
    const every = screen.getByLabelText('Figure 2 every (epochs)');
    await user.clear(every);
    await user.type(every, '1.5');
    await user.click(button);
    expect((await screen.findByRole('alert')).textContent).toContain(
      "Figure 2 every: '1.5' is not a whole number >= 0",
    );
    expect(fake.calls.some((c) => c.operation === 'StartRun')).toBe(false);
    await user.clear(every);
    await user.type(every, '3');
    await user.click(button);
    expect(await startRunInput(fake)).toMatchObject({ historyEvery: 3 });
  });

  it('Figure 2 every left empty: no historyEvery, the preset decides', async () => {
    const { fake, user, button } = await startRunForm();
    await user.clear(screen.getByLabelText('Figure 2 every (epochs)'));
    await user.click(button);
    expect(await startRunInput(fake)).not.toHaveProperty('historyEvery');
  });
});
