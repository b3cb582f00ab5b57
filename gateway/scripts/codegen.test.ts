import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateResolverTypes, RESOLVERS_PATH } from './generate_types.ts';

describe('generated resolver types', () => {
  it('src/generated/resolvers.ts is what schema.graphql generates (run `npm run codegen -w @ada/gateway` when this fails)', async () => {
    const expected = await generateResolverTypes();
    expect(readFileSync(RESOLVERS_PATH, 'utf8') === expected).toBe(true);
  });
});
