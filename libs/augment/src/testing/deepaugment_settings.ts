/** The generation the resume test runs in a child and in-process (same settings both ways). */
export const DEEPAUGMENT_CHILD_SETTINGS = {
  n: 6,
  size: 8,
  seed: 1234,
  copies: 3,
  shardSize: 4,
  groupSize: 3,
} as const;
