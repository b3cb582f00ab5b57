import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONTRACTS,
  ContractError,
  ContractValidationError,
  MalformedPayloadError,
  TOPIC_NAMES,
  decodeEvent,
  encodeEvent,
  type EventContract,
  inlineTensorBytes,
  type TopicName,
} from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const folderOf: Record<TopicName, string> = {
  'ada.runs.v1': 'runs',
  'ada.batches.clean.v1': 'batches_clean',
  'ada.batches.corrupted.v1': 'batches_corrupted',
  'ada.eval.requests.v1': 'eval_requests',
  'ada.eval.results.v1': 'eval_results',
  'ada.dlq.v1': 'dlq',
  'ada.augment.requests.v1': 'augment_requests',
  'ada.augment.results.v1': 'augment_results',
  'ada.run.commands.v1': 'run_commands',
};

interface Case {
  file: string;
  valid: boolean;
  field?: string;
}

function fixture(topic: TopicName, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(here, folderOf[topic], 'v1', 'fixtures', file)));
}

describe('saved v1 fixtures decode as recorded', () => {
  for (const topic of TOPIC_NAMES) {
    const cases = JSON.parse(
      readFileSync(join(here, folderOf[topic], 'v1', 'fixtures', 'cases.json'), 'utf8'),
    ) as Case[];
    const contract = CONTRACTS[topic] as EventContract<unknown>;
    it(`${topic}: has valid and invalid fixtures`, () => {
      expect(cases.some((c) => c.valid)).toBe(true);
      expect(cases.some((c) => !c.valid)).toBe(true);
    });
    for (const c of cases) {
      it(`${topic}: ${c.file} ${c.valid ? 'decodes' : `is rejected at '${c.field ?? '(payload)'}'`}`, () => {
        const bytes = fixture(topic, c.file);
        if (c.valid) {
          const value = decodeEvent(contract, bytes, { key: 'k' });
          // Round trip: re-encoding the decoded value gives the same JSON value.
          const again = decodeEvent(contract, encodeEvent(contract, value));
          expect(again).toEqual(value);
          expect(contract.keyOf(value).length).toBeGreaterThan(0);
          return;
        }
        let error: unknown;
        try {
          decodeEvent(contract, bytes, { key: 'k' });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ContractError);
        const err = error as ContractError;
        expect(err.retriable).toBe(false);
        expect(err.topic).toBe(topic);
        expect(err.key).toBe('k');
        expect(err.message).toContain(topic);
        if (c.field === undefined) {
          expect(err).toBeInstanceOf(MalformedPayloadError);
        } else {
          expect(err).toBeInstanceOf(ContractValidationError);
          expect(err.field).toBe(c.field);
          expect(err.message).toContain(`field '${c.field}'`);
        }
      });
    }
  }
});

describe('decoded fixture values', () => {
  it('ada.batches.clean.v1 valid-inline: [2, 2, 2, 3] uint8 images, labels [3, 7]', () => {
    const batch = decodeEvent(
      CONTRACTS['ada.batches.clean.v1'],
      fixture('ada.batches.clean.v1', 'valid-inline.json'),
    );
    expect(batch.labels).toEqual([3, 7]);
    expect(batch.images.shape).toEqual([2, 2, 2, 3]);
    if (batch.images.encoding !== 'inline') throw new Error('expected inline images');
    const bytes = inlineTensorBytes(batch.images);
    expect(bytes.length).toBe(24);
    expect(Array.from(bytes.slice(0, 3))).toEqual([11, 48, 85]);
    expect(batch.config).toEqual({ network: 'edsr', nu: 0.015, steps: 10, ssimThreshold: 0.3 });
    // offsets, residual and stepRule are optional additions to v1: older producers omit them
    const base = JSON.parse(
      new TextDecoder().decode(fixture('ada.batches.clean.v1', 'valid-inline.json')),
    ) as { config: Record<string, unknown> };
    const withConfig = (extra: Record<string, unknown>): Uint8Array =>
      new TextEncoder().encode(JSON.stringify({ ...base, config: { ...base.config, ...extra } }));
    expect(
      decodeEvent(
        CONTRACTS['ada.batches.clean.v1'],
        withConfig({ offsets: 'shared', residual: true, stepRule: 'l2-block' }),
      ).config,
    ).toMatchObject({ offsets: 'shared', residual: true, stepRule: 'l2-block' });
    expect(() =>
      decodeEvent(CONTRACTS['ada.batches.clean.v1'], withConfig({ stepRule: 'adam' })),
    ).toThrow(/stepRule/);
    expect(() =>
      decodeEvent(CONTRACTS['ada.batches.clean.v1'], withConfig({ offsets: 'all' })),
    ).toThrow(/offsets/);
  });

  it('ada.runs.v1 progress: step 100 of 1000, loss 1.25', () => {
    const e = decodeEvent(CONTRACTS['ada.runs.v1'], fixture('ada.runs.v1', 'valid-progress.json'));
    expect(e.type).toBe('progress');
    if (e.type !== 'progress') return;
    expect([e.step, e.totalSteps, e.metrics['loss']]).toEqual([100, 1000, 1.25]);
  });
});

describe('encodeEvent', () => {
  it('rejects an invalid value before it reaches the wire, naming the field', () => {
    const contract = CONTRACTS['ada.eval.requests.v1'];
    const bad = {
      requestId: 'e 1',
      at: '2026-01-02T03:04:05.000Z',
      kind: 'clean',
      checkpoint: { key: 'k', step: 0 },
      params: {},
    } as const;
    expect(() => encodeEvent(contract, bad, { key: 'e 1' })).toThrow(
      /field 'requestId'.*|requestId/,
    );
  });

  it('rejects payloads over maxBytes with PayloadTooLargeError', () => {
    const contract = CONTRACTS['ada.batches.clean.v1'];
    const value = decodeEvent(contract, fixture('ada.batches.clean.v1', 'valid-inline.json'));
    expect(() => encodeEvent(contract, value, { maxBytes: 100 })).toThrow(
      /exceeds the limit of 100/,
    );
    expect(() => decodeEvent(contract, encodeEvent(contract, value), { maxBytes: 100 })).toThrow(
      /exceeds the limit of 100/,
    );
  });

  it('rejects non-UTF-8 bytes and null values as malformed', () => {
    const contract = CONTRACTS['ada.runs.v1'];
    expect(() => decodeEvent(contract, new Uint8Array([0xff, 0xfe]))).toThrow(/not UTF-8/);
    expect(() => decodeEvent(contract, null)).toThrow(/no value/);
  });
});
