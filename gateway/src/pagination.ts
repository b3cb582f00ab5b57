import { UserInputError } from './errors.ts';

/**
 * Cursor pagination over a sorted list (Relay connection shape). The cursor is the position's
 * sort key and id, so a page stays stable when items are added before it; it is opaque to
 * clients (base64url JSON).
 *
 * ```ts
 * const page = paginate(runs, { key: (r) => r.createdAt, id: (r) => r.id, direction: 'DESC' },
 *   { first: 20, after });
 * page.pageInfo.endCursor;   // pass as `after` for the next page
 * ```
 */
export type SortValue = string | number | null;

export interface SortSpec<T> {
  key: (item: T) => SortValue;
  id: (item: T) => string;
  direction: 'ASC' | 'DESC';
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export function encodeCursor(value: SortValue, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): [SortValue, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (parsed[0] === null || typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string'
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // falls through to the input error
  }
  throw new UserInputError([
    {
      field,
      code: 'INVALID_FORMAT',
      message: 'is not a cursor of this list (use pageInfo.endCursor)',
    },
  ]);
}

/** Missing values sort last in both directions. */
function compareValues(a: SortValue, b: SortValue, direction: 'ASC' | 'DESC'): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const order = a < b ? -1 : 1;
  return direction === 'ASC' ? order : -order;
}

export function paginate<T>(
  items: readonly T[],
  sort: SortSpec<T>,
  page: { first: number; after?: string | null },
): Page<T> {
  const compare = (a: [SortValue, string], b: [SortValue, string]) =>
    compareValues(a[0], b[0], sort.direction) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const keyed = items
    .map((item) => ({ item, k: [sort.key(item), sort.id(item)] as [SortValue, string] }))
    .sort((a, b) => compare(a.k, b.k));
  let start = 0;
  if (page.after) {
    const cursor = decodeCursor(page.after);
    start = keyed.findIndex((e) => compare(e.k, cursor) > 0);
    if (start < 0) start = keyed.length;
  }
  const slice = keyed.slice(start, start + page.first);
  const edges = slice.map((e) => ({ cursor: encodeCursor(e.k[0], e.k[1]), node: e.item }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: start + page.first < keyed.length,
      endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null,
    },
    totalCount: keyed.length,
  };
}
