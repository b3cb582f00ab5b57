import { afterAll, describe, expect, it } from 'vitest';
import { collect, waitFor } from '@ada/bus/testing';
import { silentLogger } from '@ada/service-kit';
import { decodeEvent, evalResultsV1, type EvalRequestV1 } from '@ada/contracts';
import { StoreError } from '@ada/store';
import { EvalRequestError } from './errors.ts';
import { createEvalRequestHandler, type EvalAnswer } from './handler.ts';
import { ReplyArchive } from './reply_archive.ts';
import { storeAndBus } from './test_fixtures.ts';

const { store, bus, dispose } = storeAndBus('eval-requests-');
afterAll(dispose);

/** A request replying on a topic of its own (`test.replies.<requestId>`). */
const request = (requestId: string, kind: EvalRequestV1['kind'] = 'clean'): EvalRequestV1 => ({
  requestId,
  runId: 'run-1',
  at: new Date().toISOString(),
  kind,
  checkpoint: { key: 'runs/run-1/ckpt/3/manifest.json', step: 3 },
  params: {},
  replyTo: `test.replies.${requestId}`,
});

/** A handler whose evaluation answers from a queue of outcomes, counting its calls. */
function handlerWith(outcomes: Array<EvalAnswer | Error>) {
  const calls: string[] = [];
  const handler = createEvalRequestHandler({
    bus,
    store,
    log: silentLogger(),
    logPrefix: 'test',
    serves: (kind) => kind === 'clean',
    evaluate: async (r) => {
      calls.push(r.requestId);
      const next = outcomes.shift();
      if (next === undefined) throw new Error('no outcome left');
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return { handler, calls };
}

const answer: EvalAnswer = {
  metrics: { accuracy: 0.75 },
  table: { columns: ['clean'], rows: [{ label: 'run-1', values: [0.75] }] },
  markdown: '| setup | Clean |\n',
};

describe('createEvalRequestHandler', () => {
  it('evaluates once, stores table.json, table.md and reply.json, and replies on replyTo', async () => {
    const replies = await collect(bus, 'test.replies.ok-1');
    const { handler, calls } = handlerWith([answer]);
    const result = await handler.handle(request('ok-1'));
    expect(result).toMatchObject({
      requestId: 'ok-1',
      runId: 'run-1',
      kind: 'clean',
      status: 'ok',
      metrics: { accuracy: 0.75, seconds: expect.any(Number) },
      table: answer.table,
      tableKey: 'evals/ok-1/table.json',
    });
    expect(calls).toEqual(['ok-1']);
    const table = JSON.parse(new TextDecoder().decode(await store.get('evals/ok-1/table.json')));
    expect(table).toEqual(answer.table);
    expect(new TextDecoder().decode(await store.get('evals/ok-1/table.md'))).toBe(answer.markdown);
    expect(await new ReplyArchive(store).find('ok-1')).toEqual(result);
    await waitFor(() => replies.messages.length === 1, 'the reply');
    expect(decodeEvent(evalResultsV1, replies.messages[0]!.value)).toEqual(result);
    expect(handler.stats()).toEqual({ evaluated: 1, failed: 0, replayed: 0, ignored: 0 });
    await replies.sub.close();
  });

  it('replays a stored reply without evaluating again, and sends it again', async () => {
    const replies = await collect(bus, 'test.replies.replay-1');
    const first = handlerWith([answer]);
    const stored = await first.handler.handle(request('replay-1'));
    // A restarted service (fresh handler, same store) gets the same request again.
    const second = handlerWith([{ ...answer, metrics: { accuracy: 0.1 } }]);
    const replayed = await second.handler.handle(request('replay-1'));
    expect(replayed).toEqual(stored);
    expect(second.calls).toEqual([]);
    expect(second.handler.stats()).toEqual({ evaluated: 0, failed: 0, replayed: 1, ignored: 0 });
    await waitFor(() => replies.messages.length === 2, 'the reply and its replay');
    const sent = replies.messages.map((m) => decodeEvent(evalResultsV1, m.value));
    expect(sent[1]).toEqual(sent[0]);
    await replies.sub.close();
  });

  it('turns a request error into a stored failed reply with its message', async () => {
    const { handler } = handlerWith([
      new EvalRequestError("params.dataset 'x': no shard set", 'params.dataset'),
    ]);
    const result = await handler.handle(request('bad-1'));
    expect(result).toMatchObject({
      requestId: 'bad-1',
      status: 'failed',
      error: "params.dataset 'x': no shard set",
    });
    expect(await new ReplyArchive(store).find('bad-1')).toEqual(result);
    expect(handler.stats().failed).toBe(1);
  });

  it('throws a retriable error (a store outage) for the bus to retry, storing nothing', async () => {
    const outage = new StoreError('store down', { retriable: true });
    const { handler } = handlerWith([outage]);
    await expect(handler.handle(request('retry-1'))).rejects.toBe(outage);
    expect(await new ReplyArchive(store).find('retry-1')).toBeUndefined();
    expect(handler.stats()).toEqual({ evaluated: 0, failed: 0, replayed: 0, ignored: 0 });
  });

  it('skips kinds it does not serve: no evaluation, no reply', async () => {
    const { handler, calls } = handlerWith([answer]);
    await expect(handler.handle(request('skip-1', 'lp-robustness'))).resolves.toBeUndefined();
    expect(calls).toEqual([]);
    expect(await store.exists('evals/skip-1/reply.json')).toBe(false);
    expect(handler.stats().ignored).toBe(1);
  });
});
