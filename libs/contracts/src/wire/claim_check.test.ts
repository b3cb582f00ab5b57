import { describe, expect, it } from 'vitest';
import { ChecksumMismatchError } from '../errors.ts';
import { fromWireTensor, sha256Hex, toWireTensor, type ByteStore } from './claim_check.ts';

/** A Map-backed ByteStore: the claim check only needs put/get semantics. */
class MapStore implements ByteStore {
  readonly objects = new Map<string, Uint8Array>();
  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.objects.set(key, bytes.slice());
  }
  async get(key: string): Promise<Uint8Array> {
    const bytes = this.objects.get(key);
    if (bytes === undefined) throw Object.assign(new Error(`no ${key}`), { retriable: false });
    return bytes.slice();
  }
}

const images = (n: number) => Uint8Array.from({ length: n * 4 * 4 * 3 }, (_, i) => (i * 7) % 256);

describe('toWireTensor / fromWireTensor', () => {
  it('[2, 4, 4, 3] under the limit stays inline', async () => {
    const store = new MapStore();
    const wire = await toWireTensor('uint8', [2, 4, 4, 3], images(2), { store, inlineLimit: 96 });
    expect(wire.encoding).toBe('inline');
    expect(store.objects.size).toBe(0);
    expect(Array.from(await fromWireTensor(wire))).toEqual(Array.from(images(2)));
  });

  it('[3, 4, 4, 3] over the limit goes to the store as key + sha256', async () => {
    const store = new MapStore();
    const bytes = images(3);
    const wire = await toWireTensor('uint8', [3, 4, 4, 3], bytes, {
      store,
      inlineLimit: 96,
      keyPrefix: 'runs/r1/batches/',
    });
    expect(wire).toMatchObject({
      encoding: 'claim-check',
      key: `runs/r1/batches/${sha256Hex(bytes)}`,
      sha256: sha256Hex(bytes),
      bytes: 144,
    });
    expect(Array.from(await fromWireTensor(wire, { store }))).toEqual(Array.from(bytes));
  });

  it('detects a tampered object (same size, other bytes) as a checksum mismatch', async () => {
    const store = new MapStore();
    const wire = await toWireTensor('uint8', [3, 4, 4, 3], images(3), { store, inlineLimit: 0 });
    if (wire.encoding !== 'claim-check') throw new Error('expected a claim check');
    const tampered = images(3);
    tampered[5] = (tampered[5] ?? 0) ^ 1;
    store.objects.set(wire.key, tampered);
    await expect(fromWireTensor(wire, { store, field: 'images' })).rejects.toBeInstanceOf(
      ChecksumMismatchError,
    );
    store.objects.set(wire.key, tampered.slice(1));
    await expect(fromWireTensor(wire, { store })).rejects.toThrow(/holds 143 bytes, expected 144/);
  });

  it('a missing object keeps the store error as cause and its retriable flag', async () => {
    const store = new MapStore();
    const wire = await toWireTensor('uint8', [3, 4, 4, 3], images(3), { store, inlineLimit: 0 });
    store.objects.clear();
    const error = await fromWireTensor(wire, { store, field: 'images' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ retriable: false, field: 'images' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
