import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  augmentRequestsV1,
  augmentResultsV1,
  batchesCleanV1,
  batchesCorruptedV1,
  decodeEvent,
  dlqV1,
  sha256Hex,
  type DlqEntryV1,
} from '@ada/contracts';
import { InProcessBus, publishEvents, type BusRecord } from '@ada/bus';
import { collect, waitFor } from '@ada/bus/testing';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@ada/service-kit';
import { createCorruptionService } from './index.ts';
import { augmentRequest, cleanBatch, saveTestClassifier, testImages } from './testing/fixtures.ts';

/**
 * Service-level fuzz: 150 malformed messages on each input topic (bad JSON, wrong shapes, NaN,
 * truncated tensors, oversized payloads, wrong or dangling claim-check checksums, non-UTF-8,
 * wrong types, missing fields), with one valid clean batch and one valid augment request among
 * them, each sent twice. The service must stay up, dead-letter every malformed message with
 * reason `invalid` and the error class, and produce exactly one result per valid message.
 */
const MAX_BYTES = 64 * 1024;
const KINDS = [
  'bad-json',
  'wrong-shape',
  'nan',
  'truncated-tensor',
  'oversized',
  'wrong-checksum',
  'dangling-claim',
  'not-utf8',
  'wrong-type',
  'missing-field',
] as const;
type Kind = (typeof KINDS)[number];

const EXPECTED_ERROR: Record<Kind, string> = {
  'bad-json': 'MalformedPayloadError',
  'wrong-shape': 'ContractValidationError',
  nan: 'MalformedPayloadError',
  'truncated-tensor': 'ContractValidationError',
  oversized: 'PayloadTooLargeError',
  'wrong-checksum': 'ChecksumMismatchError',
  'dangling-claim': 'ContractError',
  'not-utf8': 'MalformedPayloadError',
  'wrong-type': 'ContractValidationError',
  'missing-field': 'ContractValidationError',
};

const dir = mkdtempSync(join(tmpdir(), 'corruption-fuzz-'));
const store = new FsArtifactStore({ root: dir });
const bus = new InProcessBus();
const service = createCorruptionService({
  bus,
  store,
  config: { maxMessageBytes: MAX_BYTES },
  log: silentLogger('corruption-service'),
});
let ckpt: string;
const pixels = testImages(2, 16);
const storedKey = 'fuzz/claims/real';

beforeAll(async () => {
  await initBackend({ log: false });
  ckpt = await saveTestClassifier(store, 'runs/fuzz/ckpt/0', { step: 0 });
  await store.put(storedKey, pixels);
  await service.start();
});

afterAll(async () => {
  await service.drain();
  await service.stop();
  await bus.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A malformed variant of a valid message (as a plain object) of `kind`. */
function malformed(kind: Kind, valid: Record<string, unknown>, i: number): Uint8Array {
  // Its own id: a message reusing the valid one's id would be skipped as a duplicate.
  const good: Record<string, unknown> = {
    ...valid,
    ...('batchId' in valid ? { batchId: `bad:${i}` } : { requestId: `bad-${i}` }),
  };
  const enc = (v: unknown) =>
    new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
  const json = JSON.stringify(good);
  const images = good['images'] as { data: string; shape: number[] };
  switch (kind) {
    case 'bad-json':
      return enc(json.slice(0, 1 + ((i * 37) % (json.length - 2))));
    case 'wrong-shape':
      return enc({
        ...good,
        images: {
          ...images,
          shape: [
            [2, 16, 16, 2],
            [6, 256],
            [1, 2, 16, 16, 3],
          ][i % 3],
        },
      });
    case 'nan':
      return enc(json.replace('"seed":', '"seed":NaN,"x":'));
    case 'truncated-tensor': {
      const raw = Buffer.from(images.data, 'base64');
      return enc({
        ...good,
        images: { ...images, data: raw.subarray(0, raw.length - 1 - (i % 100)).toString('base64') },
      });
    }
    case 'oversized':
      return enc({ ...good, padding: 'x'.repeat(MAX_BYTES) });
    case 'wrong-checksum':
    case 'dangling-claim':
      return enc({
        ...good,
        labels: [0, 1],
        images: {
          encoding: 'claim-check',
          dtype: 'uint8',
          shape: [2, 16, 16, 3],
          key: kind === 'wrong-checksum' ? storedKey : `fuzz/claims/missing-${i}`,
          sha256: sha256Hex(new Uint8Array([i % 256, 1, 2])),
          bytes: pixels.length,
        },
      });
    case 'not-utf8':
      return Uint8Array.from({ length: 40 }, (_, j) => (j === 0 ? 0xff : (i * 31 + j * 7) % 256));
    case 'wrong-type':
      return enc({ ...good, labels: 'zero' });
    case 'missing-field': {
      const { images: _dropped, ...rest } = good;
      return enc(rest);
    }
  }
}

describe('corruption-service fuzz (in-process bus, filesystem store)', () => {
  it('150 malformed messages per input topic: each dead-lettered as invalid; the valid batch and request answered once', async () => {
    const dead = await collect(bus, 'ada.dlq.v1');
    const corrupted = await collect(bus, 'ada.batches.corrupted.v1');
    const replies = await collect(bus, 'ada.augment.results.v1');
    const batch = cleanBatch({
      batchId: 'fuzz:1',
      runId: 'fuzz',
      checkpoint: { key: ckpt, step: 0 },
      n: 2,
    });
    const request = augmentRequest({ requestId: 'fuzz-req', classifier: ckpt, n: 2 });
    for (const [topic, good] of [
      ['ada.batches.clean.v1', batch],
      ['ada.augment.requests.v1', request],
    ] as const) {
      for (let chunk = 0; chunk < 3; chunk++) {
        const records: BusRecord[] = [];
        for (let j = 0; j < 50; j++) {
          const i = chunk * 50 + j;
          const kind = KINDS[i % KINDS.length] as Kind;
          records.push({
            key: `k${i}`,
            value: malformed(kind, good, i),
            headers: { 'fuzz-kind': kind },
          });
        }
        await bus.publish(topic, records);
        // The valid message in the middle of the garbage, twice (a redelivery).
        if (chunk === 1) {
          if (topic === 'ada.batches.clean.v1')
            await publishEvents(bus, batchesCleanV1, [batch, batch]);
          else await publishEvents(bus, augmentRequestsV1, [request, request]);
        }
      }
    }
    await waitFor(
      () =>
        dead.messages.length >= 300 &&
        corrupted.messages.length >= 1 &&
        replies.messages.length >= 1,
      '300 dead letters, the corrupted batch and the reply',
      120_000,
    );
    await waitFor(() => service.stats().duplicates >= 2, 'both duplicates to be skipped');
    expect(service.isConsuming()).toBe(true);
    const entries = dead.messages.map((m) => decodeEvent(dlqV1, m.value) as DlqEntryV1);
    expect(entries).toHaveLength(300);
    expect(new Set(entries.map((e) => e.reason))).toEqual(new Set(['invalid']));
    for (const topic of ['ada.batches.clean.v1', 'ada.augment.requests.v1']) {
      const mine = entries.filter((e) => e.source.topic === topic);
      expect(mine).toHaveLength(150);
      const byKind = new Map<string, Set<string>>();
      for (const e of mine) {
        const kind = e.headers['fuzz-kind'] as Kind;
        byKind.set(kind, (byKind.get(kind) ?? new Set()).add(e.error.name));
        expect(e.error.message.length).toBeGreaterThan(0);
      }
      expect([...byKind.keys()].sort()).toEqual([...KINDS].sort());
      for (const kind of KINDS) expect(byKind.get(kind)).toEqual(new Set([EXPECTED_ERROR[kind]]));
    }
    expect(entries.find((e) => e.headers['fuzz-kind'] === 'wrong-checksum')?.error.field).toBe(
      'images',
    );
    expect(corrupted.messages).toHaveLength(1);
    expect(decodeEvent(batchesCorruptedV1, corrupted.messages[0]?.value ?? null).batchId).toBe(
      'fuzz:1',
    );
    expect(replies.messages).toHaveLength(1);
    expect(decodeEvent(augmentResultsV1, replies.messages[0]?.value ?? null)).toMatchObject({
      requestId: 'fuzz-req',
      status: 'ok',
    });
    for (const c of [dead, corrupted, replies]) await c.sub.close();
  });
});
