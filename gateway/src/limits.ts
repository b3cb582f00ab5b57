import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { QueryLimitError } from './errors.ts';

/**
 * Depth and cost limits of one operation, checked after validation and before execution (HTTP
 * and WebSocket alike), so a hostile query is refused before any resolver runs.
 *
 * - depth: the longest chain of nested field selections (`{ runs { nodes { id } } }` is 3);
 * - cost: every field costs 1; a field with a `first` argument multiplies the cost of its
 *   selection by `first` (its connection's `edges`/`nodes` lists then count once); any other
 *   list field multiplies by `listSize` (default 10). Introspection fields (`__schema`, ...)
 *   count 0: they are bounded by the schema and disabled in production.
 *
 * ```ts
 * checkLimits(schema, document, { operationName, variables }, { maxDepth: 12, maxCost: 10000 });
 * // throws QueryLimitError (QUERY_TOO_DEEP / QUERY_TOO_COSTLY) naming the limit
 * ```
 */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** Multiplier of list fields without `first` (default 10). */
  listSize?: number;
}

export const DEFAULT_LIMITS: Readonly<Required<QueryLimits>> = {
  maxDepth: 12,
  maxCost: 10_000,
  listSize: 10,
};

export interface OperationRef {
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
}

export interface OperationMeasure {
  depth: number;
  cost: number;
}

/** Measures the operation `ref` selects in `document` (validated against `schema`). */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  ref: OperationRef,
  listSize = DEFAULT_LIMITS.listSize,
): OperationMeasure {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    ref.operationName == null
      ? operations[0]
      : operations.find((o) => o.name?.value === ref.operationName);
  if (operation === undefined) return { depth: 0, cost: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return { depth: 0, cost: 0 };
  const variables = ref.variables ?? {};

  const walk = (
    set: SelectionSetNode,
    parent: GraphQLNamedType,
    flatLists: boolean,
    seen: ReadonlySet<string>,
  ): OperationMeasure => {
    let depth = 0;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
        const def = fields[name];
        if (def === undefined) continue;
        let multiplier = 1;
        const firstArg = def.args.find((a) => a.name === 'first');
        if (firstArg !== undefined) {
          const node = selection.arguments?.find((a) => a.name.value === 'first');
          const value =
            node === undefined
              ? firstArg.defaultValue
              : valueFromAST(node.value, firstArg.type, variables as Record<string, unknown>);
          multiplier = typeof value === 'number' && value > 0 ? value : listSize;
        } else if (isListType(getNullableType(def.type)) && !flatLists) {
          multiplier = listSize;
        }
        if (selection.selectionSet === undefined) {
          cost += 1;
          depth = Math.max(depth, 1);
          continue;
        }
        const inner = walk(
          selection.selectionSet,
          getNamedType(def.type),
          firstArg !== undefined,
          seen,
        );
        cost += 1 + multiplier * inner.cost;
        depth = Math.max(depth, 1 + inner.depth);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName === undefined ? parent : (schema.getType(typeName) ?? parent);
        const inner = walk(selection.selectionSet, type, flatLists, seen);
        cost += inner.cost;
        depth = Math.max(depth, inner.depth);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment === undefined || seen.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) ?? parent;
        const inner = walk(fragment.selectionSet, type, flatLists, new Set([...seen, name]));
        cost += inner.cost;
        depth = Math.max(depth, inner.depth);
      }
    }
    return { depth, cost };
  };
  return walk(operation.selectionSet, root, false, new Set());
}

/** Throws `QueryLimitError` when the operation is deeper or costlier than `limits`. */
export function checkLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  ref: OperationRef,
  limits: QueryLimits,
): OperationMeasure {
  const measure = measureOperation(schema, document, ref, limits.listSize);
  if (measure.depth > limits.maxDepth) {
    throw new QueryLimitError(
      'QUERY_TOO_DEEP',
      `query depth ${measure.depth} exceeds the limit of ${limits.maxDepth}`,
      limits.maxDepth,
    );
  }
  if (measure.cost > limits.maxCost) {
    throw new QueryLimitError(
      'QUERY_TOO_COSTLY',
      `query cost ${measure.cost} exceeds the limit of ${limits.maxCost} (lower 'first' or select fewer fields)`,
      limits.maxCost,
    );
  }
  return measure;
}
