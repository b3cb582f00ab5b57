import {
  DLQ_REASONS,
  decodeEvent,
  dlqV1,
  runsV1,
  type DlqEntryV1,
  type RunEventV1,
} from '@ada/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MemoryIdempotencyStore,
  PermanentHandlerError,
  RetriableHandlerError,
  idempotent,
  partitionForKey,
  publishEvents,
  subscribeEvents,
} from './index.ts';
import {
  HARNESSES,
  bytes,
  closeAll,
  collect,
  text,
  titleOf,
  unique,
  waitFor,
} from './testing/harness.ts';

/**
 * The EventBus contract: one suite, run against the in-process bus and against a real Kafka
 * broker (skipped, with the reason in its title, when KAFKA_BROKERS is not set; `npm run
 * test:all` starts one and sets it). Every test uses its own topics and consumer groups.
 */
afterAll(closeAll);

for (const h of HARNESSES) {
  describe.skipIf(h.skip !== undefined)(titleOf('EventBus contract', h), () => {
    it('3 partitions, 5 keys x 12 messages: each key arrives in publish order on one partition', async () => {
      const bus = await h.create();
      const topic = unique('order');
      await bus.ensureTopics([{ topic, partitions: 3 }]);
      const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
      for (let i = 0; i < 12; i++) {
        await bus.publish(
          topic,
          keys.map((key) => ({ key, value: bytes(`${key}:${i}`) })),
        );
      }
      const { messages, sub } = await collect(bus, topic);
      await waitFor(() => messages.length >= 60, '60 messages');
      await sub.close();
      for (const key of keys) {
        const mine = messages.filter((m) => m.key === key);
        expect(mine.map(text)).toEqual(Array.from({ length: 12 }, (_, i) => `${key}:${i}`));
        expect(new Set(mine.map((m) => m.partition))).toEqual(new Set([partitionForKey(key, 3)]));
      }
    });

    it('4 partitions, 2 members of one group: partitions split, every message handled once', async () => {
      const bus = await h.create();
      const topic = unique('group');
      const groupId = unique('group');
      await bus.ensureTopics([{ topic, partitions: 4 }]);
      const a = await collect(bus, topic, groupId);
      const b = await collect(bus, topic, groupId);
      await waitFor(() => {
        const pa = a.sub.assignedPartitions();
        const pb = b.sub.assignedPartitions();
        return pa.length > 0 && pb.length > 0 && pa.length + pb.length === 4;
      }, 'both members to own partitions');
      const keys = Array.from({ length: 16 }, (_, i) => `key-${i}`);
      expect(new Set(keys.map((k) => partitionForKey(k, 4))).size).toBe(4);
      await bus.publish(
        topic,
        keys.flatMap((key) => [0, 1, 2].map((i) => ({ key, value: bytes(`${key}:${i}`) }))),
      );
      await waitFor(() => a.messages.length + b.messages.length >= 48, '48 messages');
      const all = [...a.messages, ...b.messages].map(text).sort();
      expect(all).toEqual(keys.flatMap((k) => [0, 1, 2].map((i) => `${k}:${i}`)).sort());
      expect(a.messages.length).toBeGreaterThan(0);
      expect(b.messages.length).toBeGreaterThan(0);
      const pa = new Set(a.messages.map((m) => m.partition));
      for (const m of b.messages) expect(pa.has(m.partition)).toBe(false);
      await Promise.all([a.sub.close(), b.sub.close()]);
    });

    it('one publish of 80 x 256 KiB (20 MiB, over the broker request limit) arrives whole', async () => {
      const bus = await h.create();
      const topic = unique('big');
      const records = Array.from({ length: 80 }, (_, i) => ({
        key: 'run-1',
        value: new Uint8Array(256 * 1024).fill(i),
      }));
      await bus.publish(topic, records);
      const { messages, sub } = await collect(bus, topic);
      await waitFor(() => messages.length >= 80, '80 large messages');
      expect(messages.map((m) => [m.value?.length, m.value?.[1000]])).toEqual(
        records.map((_, i) => [256 * 1024, i]),
      );
      await sub.close();
    });

    it('2 groups on one topic: each group receives every message', async () => {
      const bus = await h.create();
      const topic = unique('fanout');
      await bus.publish(
        topic,
        [1, 2, 3].map((i) => ({ key: 'k', value: bytes(`m${i}`) })),
      );
      const g1 = await collect(bus, topic);
      const g2 = await collect(bus, topic);
      await waitFor(() => g1.messages.length >= 3 && g2.messages.length >= 3, 'both groups');
      expect(g1.messages.map(text)).toEqual(['m1', 'm2', 'm3']);
      expect(g2.messages.map(text)).toEqual(['m1', 'm2', 'm3']);
      await Promise.all([g1.sub.close(), g2.sub.close()]);
    });

    it('a member crashing on m4 of m0..m9: the next member resumes at its last commit, m4 included (at-least-once, no loss)', async () => {
      const bus = await h.create();
      const topic = unique('crash');
      const groupId = unique('crash');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      await bus.publish(
        topic,
        Array.from({ length: 10 }, (_, i) => ({ key: 'run-1', value: bytes(`m${i}`) })),
      );
      const victim = await h.startVictim(bus, topic, groupId, 'm4');
      await waitFor(() => victim.received.includes('m4'), 'the victim to hold m4');
      await victim.crash();
      expect(victim.received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
      const next = await collect(bus, topic, groupId);
      await waitFor(() => next.messages.some((m) => text(m) === 'm9'), 'm9 after the crash');
      // Everything after the last commit comes again, m4 (held uncommitted) included, in order:
      // at least once, nothing lost. Kafka commits every second, so m0..m3 may come again too.
      const got = next.messages.map(text);
      const first = Number(got[0]?.slice(1));
      expect(first).toBeLessThanOrEqual(4);
      expect(got).toEqual(Array.from({ length: 10 - first }, (_, i) => `m${first + i}`));
      await next.sub.close();
    });

    it('a handler running 2.5x the session timeout keeps its partition (heartbeats) and is not redelivered', async () => {
      const bus = await h.create();
      const topic = unique('slow');
      const calls: string[] = [];
      const sub = await bus.subscribe({
        topic,
        groupId: unique('slow'),
        sessionTimeoutMs: 2000,
        handler: async (m) => {
          calls.push(text(m));
          if (text(m) === 'slow') await new Promise((r) => setTimeout(r, 5000));
        },
      });
      await bus.publish(topic, [
        { key: 'k', value: bytes('slow') },
        { key: 'k', value: bytes('after') },
      ]);
      await waitFor(() => calls.includes('after'), 'the message after the slow one');
      expect(calls).toEqual(['slow', 'after']);
      expect(sub.assignedPartitions()).toEqual([0]);
      await sub.close();
    });

    it('invalid messages go to the dead-letter topic with reason, field and payload', async () => {
      const bus = await h.create();
      const topic = unique('runs');
      const dlq = unique('dlq');
      const at = '2026-01-02T03:04:05.000Z';
      const good: RunEventV1 = { eventId: 'e1', runId: 'r1', at, type: 'started' };
      const handled: RunEventV1[] = [];
      const sub = await subscribeEvents(bus, {
        contract: runsV1,
        topic,
        groupId: unique('runs'),
        deadLetterTopic: dlq,
        handler: async (event) => void handled.push(event),
      });
      const badJson = bytes('{"eventId": "e2", ');
      const badShape = bytes(JSON.stringify({ ...good, eventId: 'e3', type: 'exploded' }));
      const nan = bytes(
        '{"eventId":"e4","runId":"r1","at":"' + at + '","type":"progress","step":NaN}',
      );
      await bus.publish(topic, [
        { key: 'r1', value: badJson },
        { key: 'r1', value: badShape },
      ]);
      await publishEvents(bus, runsV1, [good], { topic });
      await bus.publish(topic, [{ key: 'r1', value: nan }]);
      const dead = await collect(bus, dlq);
      await waitFor(() => dead.messages.length >= 3 && handled.length >= 1, '3 dead letters');
      expect(handled).toEqual([good]);
      const entries = dead.messages.map((m) => decodeEvent(dlqV1, m.value) as DlqEntryV1);
      expect(
        entries.map((e) => [e.reason, e.error.name, e.error.field ?? null, e.attempts]),
      ).toEqual([
        ['invalid', 'MalformedPayloadError', null, 1],
        ['invalid', 'ContractValidationError', 'type', 1],
        ['invalid', 'MalformedPayloadError', null, 1],
      ]);
      expect(entries.map((e) => e.source.offset)).toEqual(['0', '1', '3']);
      expect(entries.every((e) => e.source.topic === topic && e.source.key === 'r1')).toBe(true);
      expect(Buffer.from(entries[1]?.payload ?? '', 'base64').equals(Buffer.from(badShape))).toBe(
        true,
      );
      expect(entries[1]?.error.message).toContain(`topic '${topic}'`);
      expect(DLQ_REASONS).toContain(entries[0]?.reason);
      await Promise.all([sub.close(), dead.sub.close()]);
    });

    it('failing handlers: retriable x3 -> retries-exhausted, permanent -> failed, flaky -> handled', async () => {
      const bus = await h.create();
      const topic = unique('fail');
      const dlq = unique('dlq');
      const attempts = new Map<string, number>();
      const handled: string[] = [];
      const sub = await bus.subscribe({
        topic,
        groupId: unique('fail'),
        deadLetterTopic: dlq,
        maxAttempts: 3,
        retryBackoffMs: 10,
        handler: async (m, ctx) => {
          const v = text(m);
          attempts.set(v, ctx.attempt);
          if (v === 'always') throw new RetriableHandlerError('dependency down');
          if (v === 'perm') throw new PermanentHandlerError('unknown checkpoint');
          if (v === 'flaky' && ctx.attempt === 1) throw new Error('transient');
          handled.push(v);
        },
      });
      await bus.publish(
        topic,
        ['always', 'perm', 'flaky', 'ok'].map((v) => ({ key: 'k', value: bytes(v) })),
      );
      const dead = await collect(bus, dlq);
      await waitFor(() => handled.includes('ok') && dead.messages.length >= 2, 'all four');
      expect(handled).toEqual(['flaky', 'ok']);
      expect(Object.fromEntries(attempts)).toEqual({ always: 3, perm: 1, flaky: 2, ok: 1 });
      const entries = dead.messages.map((m) => decodeEvent(dlqV1, m.value) as DlqEntryV1);
      expect(
        entries.map((e) => [e.reason, e.attempts, e.error.message, e.error.retriable]),
      ).toEqual([
        ['retries-exhausted', 3, 'dependency down', true],
        ['failed', 1, 'unknown checkpoint', false],
      ]);
      await Promise.all([sub.close(), dead.sub.close()]);
    });

    it('idempotent(): a batch id delivered twice is handled once', async () => {
      const bus = await h.create();
      const topic = unique('idem');
      const effects: string[] = [];
      const duplicates: string[] = [];
      const sub = await bus.subscribe({
        topic,
        groupId: unique('idem'),
        handler: idempotent(async (m) => void effects.push(text(m)), {
          seen: new MemoryIdempotencyStore(),
          onDuplicate: (id) => duplicates.push(id),
        }),
      });
      const record = (id: string, v: string) => ({
        key: 'r1',
        value: bytes(v),
        headers: { 'ada-message-id': id },
      });
      await bus.publish(topic, [
        record('b1', 'first'),
        record('b2', 'second'),
        record('b1', 'again'),
      ]);
      await bus.publish(topic, [record('b3', 'third')]);
      await waitFor(() => effects.includes('third'), 'the last message');
      expect(effects).toEqual(['first', 'second', 'third']);
      expect(duplicates).toEqual(['b1']);
      await sub.close();
    });
  });
}
