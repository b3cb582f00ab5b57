import { render, type RenderResult } from '@testing-library/react';
import { App } from './App.tsx';
import { GraphQLClient, type ApiEndpoints, type SubscriptionSink } from './api/client.ts';

/** What a fake API answers for one operation: data, or GraphQL errors. */
export type Answer = { data: unknown } | { errors: unknown[] };
export type Handler = (variables: Record<string, unknown>, token: string | undefined) => Answer;

/**
 * A GraphQL API for component tests, behind the real client's HTTP path (a `fetch` that answers
 * by operation name) and with subscriptions the test pushes events into. The real gateway is
 * exercised by the end-to-end test in test/dashboard.
 */
export class FakeApi {
  readonly calls: { operation: string; variables: Record<string, unknown>; token?: string }[] = [];
  private readonly sinks = new Map<string, SubscriptionSink<unknown>[]>();
  constructor(private readonly handlers: Record<string, Handler>) {}

  readonly fetch: typeof fetch = async (_url, init) => {
    const body = JSON.parse(String(init?.body)) as {
      query: string;
      variables: Record<string, unknown>;
    };
    const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '?';
    const auth = new Headers(init?.headers).get('authorization') ?? undefined;
    const token = auth?.replace(/^Bearer /, '');
    this.calls.push({ operation, variables: body.variables, ...(token ? { token } : {}) });
    const handler = this.handlers[operation];
    const answer: Answer = handler
      ? handler(body.variables, token)
      : { errors: [{ message: `no handler for ${operation}`, extensions: { code: 'TEST' } }] };
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };

  /** Sends `data` to every open subscription of that name. */
  push(operation: string, data: unknown): void {
    for (const s of this.sinks.get(operation) ?? []) s.next(data);
  }

  subscriptions(operation: string): number {
    return this.sinks.get(operation)?.length ?? 0;
  }

  client(endpoints: ApiEndpoints, apiKey: string | undefined): GraphQLClient {
    const sinks = this.sinks;
    return new (class extends GraphQLClient {
      override subscribe<T>(
        query: string,
        _variables: Record<string, unknown>,
        sink: SubscriptionSink<T>,
      ): () => void {
        const op = /^\s*subscription\s+(\w+)/.exec(query)?.[1] ?? '?';
        const list = sinks.get(op) ?? [];
        list.push(sink as SubscriptionSink<unknown>);
        sinks.set(op, list);
        return () =>
          sinks.set(
            op,
            (sinks.get(op) ?? []).filter((s) => s !== sink),
          );
      }
    })(endpoints, apiKey, this.fetch);
  }
}

export const VIEWER_ANSWER =
  (roles: Record<string, 'VIEWER' | 'OPERATOR'>): Handler =>
  (_v, token) =>
    token && roles[token]
      ? { data: { viewer: { subject: `key-${token}`, role: roles[token] } } }
      : { errors: [{ message: 'unknown API key', extensions: { code: 'UNAUTHENTICATED' } }] };

/** Renders the whole dashboard at `hash` with `apiKey` entered, against `api`. */
export function renderApp(api: FakeApi, hash: string, apiKey?: string): RenderResult {
  if (apiKey) window.localStorage.setItem('ada.dashboard.apiKey', apiKey);
  window.location.hash = hash;
  const endpoints = { graphqlUrl: '/graphql', wsUrl: '/graphql' };
  return render(<App endpoints={endpoints} makeClient={(e, k) => api.client(e, k)} />);
}
