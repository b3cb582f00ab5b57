/**
 * NumPy's `SeedSequence` (the hash-based seeding of `np.random.default_rng(seed)`) for an
 * integer entropy without spawn key: mixes the entropy's 32-bit words into a pool of 4 words and
 * generates `nWords` 32-bit state words (`generate_state(nWords, np.uint32)`; two consecutive
 * words form one uint64, low word first).
 *
 * ```ts
 * seedSequenceState(12345, 8); // the words behind SeedSequence(12345).generate_state(4, np.uint64)
 * ```
 */
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const POOL_SIZE = 4;

export function seedSequenceState(entropy: number, nWords: number): Uint32Array {
  if (!Number.isSafeInteger(entropy) || entropy < 0) {
    throw new RangeError(
      `Argument 'entropy' passed to 'seedSequenceState' must be a non-negative safe integer, got ${entropy}`,
    );
  }
  // _coerce_to_uint32_array: little-endian 32-bit words, [0] for 0.
  const words: number[] = [];
  let e = entropy;
  do {
    words.push((e % 0x100000000) >>> 0);
    e = Math.floor(e / 0x100000000);
  } while (e > 0);

  let hashConst = INIT_A;
  const hashmix = (value: number): number => {
    let v = (value ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    v = Math.imul(v, hashConst) >>> 0;
    v = (v ^ (v >>> 16)) >>> 0;
    return v;
  };
  const mix = (x: number, y: number): number => {
    let r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    r = (r ^ (r >>> 16)) >>> 0;
    return r;
  };

  const pool = new Uint32Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < words.length ? words[i]! : 0);
  for (let src = 0; src < POOL_SIZE; src++)
    for (let dst = 0; dst < POOL_SIZE; dst++)
      if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!));
  for (let src = POOL_SIZE; src < words.length; src++)
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst]!, hashmix(words[src]!));

  const out = new Uint32Array(nWords);
  let hc = INIT_B;
  for (let i = 0; i < nWords; i++) {
    let v = (pool[i % POOL_SIZE]! ^ hc) >>> 0;
    hc = Math.imul(hc, MULT_B) >>> 0;
    v = Math.imul(v, hc) >>> 0;
    v = (v ^ (v >>> 16)) >>> 0;
    out[i] = v;
  }
  return out;
}
