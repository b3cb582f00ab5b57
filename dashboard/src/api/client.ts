import { createClient, type Client } from 'graphql-ws';

/** Where the GraphQL API is, as `config.json` next to the page says (see server/static.ts). */
export interface ApiEndpoints {
  graphqlUrl: string;
  wsUrl: string;
}

/** One refused input field, from `errors[].extensions.fieldErrors`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** An error the API returned: its public code, message and, for bad input, the fields at fault. */
export class ApiError extends Error {
  readonly code: string;
  readonly fieldErrors: readonly FieldError[];
  constructor(message: string, code: string, fieldErrors: readonly FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

interface GraphQLErrorJson {
  message?: string;
  extensions?: { code?: string; fieldErrors?: FieldError[] };
}

function toApiError(errors: readonly GraphQLErrorJson[]): ApiError {
  const first = errors[0] ?? {};
  return new ApiError(
    first.message ?? 'The API returned an error',
    first.extensions?.code ?? 'INTERNAL_SERVER_ERROR',
    first.extensions?.fieldErrors ?? [],
  );
}

/** Reads `config.json` beside the page; the same origin's `/graphql` when there is none. */
export async function loadEndpoints(fetchFn: typeof fetch = fetch): Promise<ApiEndpoints> {
  const fallback = { graphqlUrl: '/graphql', wsUrl: '/graphql' };
  try {
    const res = await fetchFn('./config.json', { cache: 'no-store' });
    if (!res.ok) return fallback;
    const json = (await res.json()) as Partial<ApiEndpoints>;
    return {
      graphqlUrl: typeof json.graphqlUrl === 'string' ? json.graphqlUrl : fallback.graphqlUrl,
      wsUrl: typeof json.wsUrl === 'string' ? json.wsUrl : fallback.wsUrl,
    };
  } catch {
    return fallback;
  }
}

/** `ws://host/graphql` for a relative or http(s) URL, against the page's location. */
export function toWebSocketUrl(url: string, base: string): string {
  const u = new URL(url, base);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  return u.toString();
}

/** Handlers of one subscription; `complete` when the server ends it. */
export interface SubscriptionSink<T> {
  next: (data: T) => void;
  error: (err: ApiError) => void;
  complete?: () => void;
}

/**
 * The dashboard's only way to the platform: queries and mutations over HTTP POST, subscriptions
 * over graphql-ws, all with the API key as a bearer token.
 */
export class GraphQLClient {
  private ws: Client | undefined;
  constructor(
    private readonly endpoints: ApiEndpoints,
    private readonly apiKey: string | undefined,
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  get hasKey(): boolean {
    return Boolean(this.apiKey);
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(this.endpoints.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      throw new ApiError(
        `The API at ${this.endpoints.graphqlUrl} cannot be reached (${err instanceof Error ? err.message : String(err)})`,
        'UNAVAILABLE',
      );
    }
    let body: { data?: T | null; errors?: GraphQLErrorJson[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new ApiError(`The API answered HTTP ${res.status} without JSON`, 'UNAVAILABLE');
    }
    if (body.errors && body.errors.length > 0) throw toApiError(body.errors);
    if (!res.ok || body.data == null)
      throw new ApiError(`The API answered HTTP ${res.status}`, 'INTERNAL_SERVER_ERROR');
    return body.data;
  }

  /** Starts a subscription; returns the function that ends it. */
  subscribe<T>(
    query: string,
    variables: Record<string, unknown>,
    sink: SubscriptionSink<T>,
  ): () => void {
    this.ws ??= createClient({
      url: toWebSocketUrl(this.endpoints.wsUrl, window.location.href),
      lazy: true,
      retryAttempts: 5,
      connectionParams: this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {},
    });
    return this.ws.subscribe<T>(
      { query, variables },
      {
        next: (msg) => {
          if (msg.errors && msg.errors.length > 0) sink.error(toApiError(msg.errors));
          else if (msg.data) sink.next(msg.data);
        },
        error: (err) => {
          const errors = Array.isArray(err) ? (err as GraphQLErrorJson[]) : [];
          sink.error(
            errors.length > 0
              ? toApiError(errors)
              : new ApiError('The live connection to the API was lost', 'UNAVAILABLE'),
          );
        },
        complete: () => sink.complete?.(),
      },
    );
  }

  /** Closes the WebSocket, if one was opened. */
  dispose(): void {
    void this.ws?.dispose();
    this.ws = undefined;
  }
}
