import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkLimits, measureOperation } from './limits.ts';
import { loadTypeDefs } from './sdl.ts';

const schema = buildSchema(loadTypeDefs());
const measure = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  measureOperation(schema, parse(query), { variables, operationName: operationName ?? null });

describe('measureOperation', () => {
  it('depth counts nested field selections: { viewer { role } } is 2', () => {
    expect(measure('{ viewer { role } }')).toEqual({ depth: 2, cost: 2 });
  });

  it('first multiplies its selection; the connection nodes list counts once', () => {
    // runs: 1 + 20 * (nodes: 1 + 1 * (id + setup = 2)) = 61
    expect(measure('{ runs { nodes { id setup } } }').cost).toBe(61);
    expect(measure('{ runs(first: 5) { nodes { id setup } } }').cost).toBe(16);
    expect(measure('query($n: Int) { runs(first: $n) { nodes { id } } }', { n: 3 }).cost).toBe(7);
  });

  it('other lists multiply by 10; fragments and inline fragments count like inline fields', () => {
    // run: 1 + (checkpoints: 1 + 10 * 1) = 12
    expect(measure('{ run(id: "r") { checkpoints { step } } }').cost).toBe(12);
    const viaFragment = measure(
      'query { run(id: "r") { ...F } } fragment F on Run { checkpoints { ... on Checkpoint { step } } }',
    );
    expect(viaFragment).toEqual({ depth: 3, cost: 12 });
  });

  it('picks the named operation; introspection fields count 0', () => {
    const doc = 'query A { viewer { role } } query B { runs(first: 1) { totalCount } }';
    expect(measure(doc, {}, 'B')).toEqual({ depth: 2, cost: 2 });
    expect(measure('{ __schema { types { name fields { name } } } }').cost).toBe(0);
  });
});

describe('checkLimits', () => {
  it('throws QUERY_TOO_DEEP and QUERY_TOO_COSTLY naming the limit', () => {
    const doc = parse('{ runs(first: 50) { nodes { experiment { name } } } }');
    expect(() => checkLimits(schema, doc, {}, { maxDepth: 3, maxCost: 10_000 })).toThrow(
      /depth 4 exceeds the limit of 3/,
    );
    expect(() => checkLimits(schema, doc, {}, { maxDepth: 10, maxCost: 100 })).toThrow(
      /cost 151 exceeds the limit of 100/,
    );
    expect(checkLimits(schema, doc, {}, { maxDepth: 4, maxCost: 151 })).toEqual({
      depth: 4,
      cost: 151,
    });
  });
});
