import {
  batchesCleanV1,
  decodeEvent,
  dlqV1,
  inlineTensor,
  type CleanBatchV1,
  type DlqEntryV1,
} from '@ada/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import type { BusRecord } from './bus.ts';
import { publishEvents, subscribeEvents } from './index.ts';
import { HARNESSES, closeAll, collect, titleOf, unique, waitFor } from './testing/harness.ts';

/**
 * Fuzz: thousands of malformed `ada.batches.clean.v1` messages (bad JSON, wrong shapes, NaN,
 * truncated tensors, oversized, non-UTF-8, wrong types) interleaved with valid ones, through
 * `subscribeEvents`. The consumer must survive, hand each valid batch to the handler exactly
 * once, in order, and dead-letter every malformed one with reason `invalid` and an error naming
 * what is wrong. Runs on every bus implementation.
 */
afterAll(closeAll);

const MAX_BYTES = 64 * 1024;
const at = '2026-01-02T03:04:05.000Z';

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function validBatch(i: number): CleanBatchV1 {
  const n = 1 + (i % 3);
  const pixels = Uint8Array.from({ length: n * 4 * 4 * 3 }, (_, j) => (i * 13 + j) % 256);
  return {
    batchId: `b-${i}`,
    runId: 'fuzz-run',
    step: i,
    at,
    seed: i,
    checkpoint: { key: 'runs/fuzz-run/ckpt/0/manifest.json', step: 0 },
    config: { network: 'edsr', nu: 0.015, steps: 10, ssimThreshold: 0.3 },
    images: inlineTensor('uint8', [n, 4, 4, 3], pixels),
    labels: Array.from({ length: n }, (_, j) => (i + j) % 10),
  };
}

const KINDS = [
  'bad-json',
  'wrong-shape',
  'labels-count',
  'nan',
  'truncated-tensor',
  'oversized',
  'not-utf8',
  'wrong-type',
  'missing-field',
  'infinite',
] as const;
type Kind = (typeof KINDS)[number];

function malformed(kind: Kind, i: number, random: () => number): Uint8Array {
  const enc = (v: unknown) =>
    new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
  const good = validBatch(i);
  const json = JSON.stringify(good);
  switch (kind) {
    case 'bad-json':
      return enc(json.slice(0, Math.floor(random() * (json.length - 1))));
    case 'wrong-shape': {
      const shape = [
        [2, 4, 4, 2],
        [16, 3],
        [1, 4, 4, 3, 1],
        [0.5, 4, 4, 3],
      ][i % 4];
      return enc({ ...good, images: { ...good.images, shape } });
    }
    case 'labels-count':
      return enc({ ...good, labels: [...good.labels, 1] });
    case 'nan':
      return enc(json.replace('"nu":0.015', '"nu":NaN'));
    case 'truncated-tensor': {
      if (good.images.encoding !== 'inline') throw new Error('unreachable');
      const raw = Buffer.from(good.images.data, 'base64');
      const cut = raw.subarray(0, raw.length - 1 - Math.floor(random() * (raw.length - 1)));
      return enc({ ...good, images: { ...good.images, data: cut.toString('base64') } });
    }
    case 'oversized':
      return enc({ ...good, padding: 'x'.repeat(MAX_BYTES) });
    case 'not-utf8':
      return Uint8Array.from({ length: 32 }, (_, j) =>
        j === 0 ? 0xff : Math.floor(random() * 256),
      );
    case 'wrong-type':
      return enc({ ...good, step: String(good.step) });
    case 'missing-field': {
      const { checkpoint: _dropped, ...rest } = good;
      return enc(rest);
    }
    case 'infinite':
      // Valid JSON: 1e999 parses to Infinity, which the schema rejects.
      return enc(json.replace(`"seed":${i}`, '"seed":1e999'));
  }
}

for (const h of HARNESSES) {
  describe.skipIf(h.skip !== undefined)(titleOf('dead-letter fuzz', h), () => {
    it('2000 malformed + 200 valid clean batches: every malformed one dead-lettered, valid ones handled once', async () => {
      const bus = await h.create();
      const topic = unique('fuzz');
      const dlq = unique('fuzz-dlq');
      const random = rng(20260102);
      const handled: string[] = [];
      const sub = await subscribeEvents(bus, {
        contract: batchesCleanV1,
        topic,
        groupId: unique('fuzz'),
        deadLetterTopic: dlq,
        maxBytes: MAX_BYTES,
        handler: async (batch) => void handled.push(batch.batchId),
      });
      const expectedKinds: Kind[] = [];
      const validIds: string[] = [];
      for (let chunk = 0; chunk < 20; chunk++) {
        const records: BusRecord[] = [];
        for (let j = 0; j < 100; j++) {
          const i = chunk * 100 + j;
          const kind = KINDS[Math.floor(random() * KINDS.length)] as Kind;
          expectedKinds.push(kind);
          records.push({ key: 'fuzz-run', value: malformed(kind, i, random) });
        }
        await bus.publish(topic, records);
        const valid = Array.from({ length: 10 }, (_, j) => validBatch(100_000 + chunk * 10 + j));
        validIds.push(...valid.map((b) => b.batchId));
        await publishEvents(bus, batchesCleanV1, valid, { topic });
      }
      const dead = await collect(bus, dlq);
      await waitFor(
        () => dead.messages.length >= 2000 && handled.length >= 200,
        '2000 dead letters and 200 handled batches',
        240_000,
      );
      await sub.close();
      expect(handled).toEqual(validIds);
      const entries = dead.messages.map((m) => decodeEvent(dlqV1, m.value) as DlqEntryV1);
      expect(entries).toHaveLength(2000);
      expect(new Set(entries.map((e) => e.reason))).toEqual(new Set(['invalid']));
      expect(new Set(entries.map((e) => e.source.offset)).size).toBe(2000);
      // Each kind is reported as what it is.
      const byKind = new Map<Kind, DlqEntryV1[]>();
      entries.forEach((e, n) => {
        const kind = expectedKinds[n] as Kind;
        byKind.set(kind, [...(byKind.get(kind) ?? []), e]);
      });
      expect([...byKind.keys()].sort()).toEqual([...KINDS].sort());
      const names = (k: Kind) => new Set(byKind.get(k)?.map((e) => e.error.name));
      for (const k of ['bad-json', 'nan', 'not-utf8'] as const) {
        expect(names(k)).toEqual(new Set(['MalformedPayloadError']));
      }
      expect(names('oversized')).toEqual(new Set(['PayloadTooLargeError']));
      expect(byKind.get('oversized')?.every((e) => e.truncated)).toBe(true);
      for (const k of [
        'wrong-shape',
        'labels-count',
        'truncated-tensor',
        'wrong-type',
        'missing-field',
        'infinite',
      ] as const) {
        expect(names(k)).toEqual(new Set(['ContractValidationError']));
      }
      const fields = (k: Kind) => new Set(byKind.get(k)?.map((e) => e.error.field));
      expect(fields('truncated-tensor')).toEqual(new Set(['images.data']));
      expect(fields('labels-count')).toEqual(new Set(['labels']));
      expect(fields('wrong-type')).toEqual(new Set(['step']));
      expect(fields('missing-field')).toEqual(new Set(['checkpoint']));
      expect(fields('infinite')).toEqual(new Set(['seed']));
      await dead.sub.close();
    });
  });
}
