import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi, renderApp, VIEWER_ANSWER } from '../testing.tsx';

const experiment = {
  id: 'e1',
  name: 'ada vs nominal',
  description: 'first try',
  setups: ['nominal', 'ada'],
  seeds: [0, 1],
  preset: 'quick',
  createdAt: '2026-01-02T03:04:05.000Z',
  tags: [],
  runs: { totalCount: 4 },
};

function api(): FakeApi {
  return new FakeApi({
    Viewer: VIEWER_ANSWER({ v: 'VIEWER', op: 'OPERATOR' }),
    Experiments: () => ({
      data: {
        experiments: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [experiment],
        },
      },
    }),
    CreateExperiment: (vars) => {
      const input = vars.input as { name: string };
      return input.name === 'taken'
        ? {
            errors: [
              {
                message: 'Invalid input',
                extensions: {
                  code: 'BAD_USER_INPUT',
                  fieldErrors: [
                    { field: 'input.name', code: 'DUPLICATE', message: 'already used' },
                  ],
                },
              },
            ],
          }
        : { data: { createExperiment: { id: 'e2', name: input.name } } };
    },
  });
}

/** Waits until the API has confirmed the operator key (the form's fieldset is enabled). */
async function formEnabled(): Promise<void> {
  await waitFor(() =>
    expect(screen.getByRole('button', { name: 'Create experiment' }).matches(':disabled')).toBe(
      false,
    ),
  );
}

describe('ExperimentsPage', () => {
  it('lists experiments with their setups, seeds and run count, linking to each', async () => {
    renderApp(api(), '#/', 'v');
    const row = (await screen.findByRole('link', { name: 'ada vs nominal' })).closest('tr')!;
    expect(within(row).getByText('nominal, ada')).toBeTruthy();
    expect(within(row).getByText('0, 1')).toBeTruthy();
    expect(within(row).getByText('4')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'ada vs nominal' }).getAttribute('href')).toBe(
      '#/experiments/e1',
    );
  });

  it('a viewer key cannot create: the form is disabled and says why', async () => {
    renderApp(api(), '#/', 'v');
    await screen.findByText(/viewer role; this needs an operator key/);
    expect(screen.getByRole('button', { name: 'Create experiment' }).matches(':disabled')).toBe(
      true,
    );
  });

  it('an operator creates an experiment: the mutation gets parsed setups and seeds', async () => {
    const fake = api();
    renderApp(fake, '#/', 'op');
    const user = userEvent.setup();
    await formEnabled();
    await user.type(screen.getByLabelText(/^Name/), 'my exp');
    await user.clear(screen.getByLabelText(/^Setups/));
    await user.type(screen.getByLabelText(/^Setups/), 'nominal, ada+augmix');
    await user.clear(screen.getByLabelText(/^Seeds/));
    await user.type(screen.getByLabelText(/^Seeds/), '0-2');
    await user.click(screen.getByRole('button', { name: 'Create experiment' }));
    await waitFor(() => expect(window.location.hash).toBe('#/experiments/e2'));
    const call = fake.calls.find((c) => c.operation === 'CreateExperiment')!;
    expect(call.token).toBe('op');
    expect(call.variables.input).toEqual({
      name: 'my exp',
      setups: ['nominal', 'ada+augmix'],
      seeds: [0, 1, 2],
      preset: 'quick',
    });
  });

  it('shows the field the API refused', async () => {
    renderApp(api(), '#/', 'op');
    const user = userEvent.setup();
    await formEnabled();
    await user.type(screen.getByLabelText(/^Name/), 'taken');
    await user.click(screen.getByRole('button', { name: 'Create experiment' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Invalid input (input.name: already used) [BAD_USER_INPUT]',
    );
  });

  it('refuses a bad seed list before calling the API', async () => {
    const fake = api();
    renderApp(fake, '#/', 'op');
    const user = userEvent.setup();
    await formEnabled();
    await user.type(screen.getByLabelText(/^Name/), 'x');
    await user.clear(screen.getByLabelText(/^Seeds/));
    await user.type(screen.getByLabelText(/^Seeds/), 'one');
    await user.click(screen.getByRole('button', { name: 'Create experiment' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Seeds: 'one' is not a whole number/,
    );
    expect(fake.calls.some((c) => c.operation === 'CreateExperiment')).toBe(false);
  });
});
