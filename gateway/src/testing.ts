import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { InProcessBus, type EventBus } from '@ada/bus';
import { silentLogger, type Logger } from '@ada/service-kit';
import { FsArtifactStore, type ArtifactStore } from '@ada/store';
import { hashApiKey, type AuthOptions } from './auth.ts';
import { gatewayDeps } from './deps.ts';
import type { QueryLimits } from './limits.ts';
import { createGateway, type Gateway } from './server.ts';

/**
 * A gateway on a free loopback port for tests and benchmarks: an in-process bus and a filesystem
 * store in a temporary folder (or the ones given), one VIEWER and one OPERATOR API key, and
 * clients over real HTTP (`gql`) and WebSocket (`ws`).
 *
 * ```ts
 * const t = await startTestGateway();
 * const { status, body } = await t.gql('{ viewer { role } }', {}, t.keys.viewer);
 * await t.close();
 * ```
 */
export interface TestGateway {
  gateway: Gateway;
  url: string;
  bus: EventBus;
  store: ArtifactStore;
  keys: { viewer: string; operator: string };
  gql(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<{ status: number; body: GqlBody }>;
  /** A graphql-ws client; `token` goes in `connectionParams.authorization`. */
  ws(token?: string | null): Client;
  close(): Promise<void>;
}

export interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: {
    message: string;
    extensions?: { code?: string; [key: string]: unknown };
    path?: (string | number)[];
  }[];
}

export interface TestGatewayOptions {
  bus?: EventBus;
  store?: ArtifactStore;
  production?: boolean;
  limits?: QueryLimits;
  maxBodyBytes?: number;
  auth?: Partial<AuthOptions>;
  jobTimeoutMs?: number;
  /** Structured log (default: a logger of `gateway` on stderr; tests: silent). */
  log?: Logger;
  corsOrigins?: readonly string[];
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dir = options.store === undefined ? mkdtempSync(join(tmpdir(), 'ada-gateway-')) : undefined;
  const store = options.store ?? new FsArtifactStore({ root: join(dir!, 'store') });
  const bus = options.bus ?? new InProcessBus();
  const keys = {
    viewer: `v-${randomBytes(16).toString('hex')}`,
    operator: `o-${randomBytes(16).toString('hex')}`,
  };
  const gateway = createGateway({
    deps: gatewayDeps({
      bus,
      store,
      ...(options.jobTimeoutMs ? { jobTimeoutMs: options.jobTimeoutMs } : {}),
    }),
    auth: {
      apiKeys: [
        { subject: 'viewer-1', role: 'VIEWER', sha256: hashApiKey(keys.viewer) },
        { subject: 'operator-1', role: 'OPERATOR', sha256: hashApiKey(keys.operator) },
      ],
      ...options.auth,
    },
    ...(options.production === undefined ? {} : { production: options.production }),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    log: options.log ?? silentLogger('gateway'),
  });
  const port = await gateway.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const clients: Client[] = [];
  return {
    gateway,
    url,
    bus,
    store,
    keys,
    async gql(query, variables = {}, token = keys.viewer) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return { status: response.status, body: JSON.parse(text) as GqlBody };
    },
    ws(token = keys.viewer) {
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.dispose()));
      await gateway.stop();
      if (options.bus === undefined) await bus.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects a subscription's events until it completes or `until` returns true. */
export function collect<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
  until: (data: T, all: T[]) => boolean = () => false,
): { done: Promise<T[]>; ready: Promise<void> } {
  const seen: T[] = [];
  let unsubscribe: () => void = () => undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const done = new Promise<T[]>((resolve, reject) => {
    client.on('connected', () => markReady());
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) {
            reject(Object.assign(new Error(value.errors[0]!.message), { errors: value.errors }));
            return;
          }
          seen.push(value.data as T);
          if (until(value.data as T, seen)) {
            unsubscribe();
            resolve(seen);
          }
        },
        error: (error) => {
          // graphql-ws reports refused operations as a list of GraphQL errors, closed sockets
          // as a CloseEvent (`code`, `reason`).
          const first = Array.isArray(error)
            ? (error[0] as { message?: string } | undefined)
            : undefined;
          reject(
            error instanceof Error
              ? error
              : Object.assign(new Error(first?.message ?? 'subscription failed'), {
                  detail: error,
                }),
          );
        },
        complete: () => resolve(seen),
      },
    );
  });
  return { done, ready };
}
