import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { createLogger, type LifecycleHook, type Logger } from '@ada/service-kit';
import { ObjectNotFoundError } from '@ada/store';
import { applyCors, varyOrigin } from './cors.ts';
import { Authenticator, requireRole, roleFor, type AuthOptions, type Principal } from './auth.ts';
import type { GatewayContext, GatewayDeps } from './context.ts';
import { AuthenticationError, formatError, GatewayError } from './errors.ts';
import type { ErrorCode } from './generated/resolvers.ts';
import { checkLimits, DEFAULT_LIMITS, type QueryLimits } from './limits.ts';
import { resolvers } from './resolvers/index.ts';
import { loadTypeDefs } from './sdl.ts';
import { ARTIFACT_ROUTE, RouteUrlSigner } from './urls.ts';

/**
 * The gateway: Apollo Server 5 on Node's HTTP server, graphql-ws on the same port for
 * subscriptions, health endpoints, and the signed artifact route of embedded mode.
 *
 * - `POST /graphql` (and `GET` for queries): GraphQL over HTTP; `Authorization: Bearer <key|JWT>`.
 * - `ws://.../graphql`: graphql-ws; the token in `connectionParams.authorization` or the upgrade
 *   request's `Authorization` header; refused connections close with 4403.
 * - `GET /healthz` (liveness, with the number of live subscriptions), `GET /readyz` (bus feed
 *   joined, store answering).
 * - `GET /artifacts/<key>?expires=&sig=`: a stored object while its signature holds.
 *
 * Every operation is checked, before any resolver runs, for its role (mutations need OPERATOR)
 * and its depth and cost (`limits`). In `production` mode introspection and the landing page are
 * off. Errors reach clients with public codes only (`errors.ts`); internal ones are logged with
 * an id.
 *
 * ```ts
 * const gateway = createGateway({ deps, auth: { apiKeys }, production: true });
 * await gateway.listen(4000, '127.0.0.1');
 * ...
 * await gateway.stop();
 * ```
 */
export interface GatewayOptions {
  /** The gateway's ports; `urls` may be left out to sign gateway routes (embedded mode). */
  deps: Omit<GatewayDeps, 'urls'> & Partial<Pick<GatewayDeps, 'urls'>>;
  auth: AuthOptions;
  /** Introspection and the landing page off (default: NODE_ENV === 'production'). */
  production?: boolean;
  limits?: QueryLimits;
  /** Largest accepted request body in bytes (default 4 MiB: room for a batch of images). */
  maxBodyBytes?: number;
  /** Largest accepted query document in characters (default 20000). */
  maxQueryChars?: number;
  /** HMAC secret of the signed artifact route (random per process when omitted). */
  urlSecret?: Uint8Array;
  /** Public base URL for signed links (default: the address listened on). */
  publicUrl?: string;
  /** Where lines go (default stderr). Never receives secrets or credentials. */
  /** Structured log (default: a logger of `gateway` on stderr; tests: silent). */
  log?: Logger;
  /**
   * Serves what the gateway's own routes do not (e.g. the dashboard's static bundle in embedded
   * mode); resolves true when it answered the request. Runs after `/healthz`, `/readyz`, the
   * artifact route and `/graphql`.
   */
  fallback?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /**
   * Origins (`https://host[:port]`) whose browser pages may call `/graphql` cross-origin
   * (`cors.ts`); default none: the dashboard is served from the gateway's own origin.
   */
  corsOrigins?: readonly string[];
}

export interface Gateway {
  readonly schema: GraphQLSchema;
  /** Starts Apollo, the feed and the jobs, then listens; resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /** `http://host:port` after `listen`. */
  url(): string;
  /** Live subscriptions this replica serves now. */
  subscriptions(): number;
  /** Graceful: stops taking requests, ends subscriptions, closes the feed and job clients. */
  stop(): Promise<void>;
  /** The lifecycle hook for a `ServiceRuntime` (start = listen on the given port). */
  hook(port: number, host?: string): LifecycleHook;
}

export function createGateway(options: GatewayOptions): Gateway {
  const production = options.production ?? process.env['NODE_ENV'] === 'production';
  const limits = options.limits ?? DEFAULT_LIMITS;
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const maxQueryChars = options.maxQueryChars ?? 20_000;
  const log = options.log ?? createLogger({ service: 'gateway' });
  const authenticator = new Authenticator(options.auth);
  const corsOrigins = new Set((options.corsOrigins ?? []).map((o) => o.toLowerCase()));
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
  const httpServer: Server = createServer();
  let baseUrl = options.publicUrl ?? '';
  const routeSigner = new RouteUrlSigner({
    baseUrl: () => baseUrl,
    ...(options.urlSecret ? { secret: options.urlSecret } : {}),
  });
  const deps: GatewayDeps = { ...options.deps, urls: options.deps.urls ?? routeSigner };
  const sink = (errorId: string, error: unknown) =>
    log.error('gateway.internal_error', { errorId, error: describeError(error) });
  const format = (formatted: GraphQLFormattedError, error: unknown) =>
    formatError(formatted, error, sink);
  const validationRules = production ? [NoSchemaIntrospectionCustomRule] : [];

  // --- WebSocket (graphql-ws) -------------------------------------------------------------
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: maxBodyBytes,
  });
  type WsExtra = { principal?: Principal };
  const wsCleanup = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        const param = ctx.connectionParams?.['authorization'];
        const header = ctx.extra.request.headers.authorization;
        try {
          const principal = await authenticator.authenticate(
            typeof param === 'string' ? param : header,
          );
          if (principal === undefined) return false;
          ctx.extra.principal = principal;
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          if (payload.query.length > maxQueryChars) {
            return [
              new GatewayError(
                'PAYLOAD_TOO_LARGE',
                `query longer than ${maxQueryChars} characters`,
              ),
            ];
          }
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('invalid query')];
        }
        const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
        if (errors.length > 0) return errors;
        try {
          const operation = findOperation(document, payload.operationName ?? null);
          requireRole(ctx.extra.principal, roleFor(operation.operation), operationLabel(operation));
          checkLimits(schema, document, payload, limits);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
        }
        const contextValue: GatewayContext = { ...deps, principal: ctx.extra.principal };
        return {
          schema,
          document,
          contextValue,
          ...(payload.operationName ? { operationName: payload.operationName } : {}),
          ...(payload.variables ? { variableValues: payload.variables } : {}),
        };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(wsFormatted(e), e)),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) }
          : undefined,
    },
    wsServer,
  );

  // --- Apollo ---------------------------------------------------------------------------
  const operationChecks: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (operation === undefined) return;
          requireRole(
            contextValue.principal,
            roleFor(operation.operation),
            operationLabel(operation),
          );
          checkLimits(
            schema,
            document,
            { operationName: request.operationName ?? null, variables: request.variables ?? null },
            limits,
          );
        },
      };
    },
  };
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    formatError: format,
    logger: quietLogger(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
      operationChecks,
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });

  // --- HTTP routes ----------------------------------------------------------------------
  httpServer.on('request', (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      sink('http', error);
      if (!res.headersSent)
        sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'internal server error'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname === '/healthz') {
      return sendJson(res, 200, {
        status: 'ok',
        service: 'gateway',
        subscriptions: deps.live.size,
      });
    }
    if (url.pathname === '/readyz') {
      const failing = await readinessFailures(deps);
      return sendJson(res, failing.length === 0 ? 200 : 503, {
        status: failing.length === 0 ? 'ready' : 'not-ready',
        service: 'gateway',
        ...(failing.length > 0 ? { failing } : {}),
      });
    }
    if (url.pathname.startsWith(ARTIFACT_ROUTE) && req.method === 'GET') {
      return serveArtifact(url, res);
    }
    if (url.pathname !== '/graphql') {
      if (options.fallback && (await options.fallback(req, res))) return;
      return sendJson(res, 404, { error: 'not found' });
    }
    const cors = applyCors(corsOrigins, req, res);
    if (cors === 'preflight') return;
    if (req.method !== 'POST' && req.method !== 'GET') {
      res.setHeader('allow', 'GET, POST');
      return sendJson(res, 405, { error: 'method not allowed' });
    }
    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBody(req, maxBodyBytes);
      if (raw === undefined) {
        return sendJson(
          res,
          413,
          errorBody('PAYLOAD_TOO_LARGE', `request body larger than ${maxBodyBytes} bytes`),
        );
      }
      try {
        body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
      } catch {
        return sendJson(res, 400, errorBody('GRAPHQL_PARSE_FAILED', 'request body is not JSON'));
      }
    }
    const query =
      req.method === 'POST'
        ? (body as { query?: unknown } | undefined)?.query
        : url.searchParams.get('query');
    if (typeof query === 'string' && query.length > maxQueryChars) {
      return sendJson(
        res,
        413,
        errorBody('PAYLOAD_TOO_LARGE', `query longer than ${maxQueryChars} characters`),
      );
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
      context: async () => {
        let principal: Principal | undefined;
        try {
          principal = await authenticator.authenticate(req.headers.authorization);
        } catch (error) {
          if (error instanceof AuthenticationError) throw error;
          throw new AuthenticationError('invalid credentials');
        }
        return { ...deps, principal };
      },
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (cors === 'allowed') varyOrigin(res);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  async function serveArtifact(url: URL, res: ServerResponse): Promise<void> {
    const key = url.pathname
      .slice(ARTIFACT_ROUTE.length)
      .split('/')
      .map((part) => decodeURIComponent(part))
      .join('/');
    const expires = Number(url.searchParams.get('expires'));
    const sig = url.searchParams.get('sig') ?? '';
    if (!routeSigner.verify(key, expires, sig)) {
      return sendJson(res, 403, errorBody('FORBIDDEN', 'the link is invalid or has expired'));
    }
    let stat;
    try {
      stat = await deps.store.stat(key);
    } catch (error) {
      if (error instanceof ObjectNotFoundError)
        return sendJson(res, 404, errorBody('NOT_FOUND', 'no such artifact'));
      throw error;
    }
    const stream = await deps.store.getStream(key);
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(stat.size),
      'x-checksum-sha256': stat.sha256,
    });
    stream.on('error', (error) => {
      sink('artifact', error);
      res.destroy();
    });
    stream.pipe(res);
  }

  let started = false;
  let stopping: Promise<void> | undefined;
  const gateway: Gateway = {
    schema,
    async listen(port, host = '127.0.0.1') {
      await Promise.all([deps.live.start(), deps.jobs.start()]);
      await apollo.start();
      started = true;
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve());
      });
      const address = httpServer.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      if (options.publicUrl === undefined) baseUrl = `http://${shownHost}:${address.port}`;
      log.info('gateway.listening', {
        graphql: `http://${shownHost}:${address.port}/graphql`,
        mode: production ? 'production' : 'development',
      });
      return address.port;
    },
    url: () => baseUrl,
    subscriptions: () => deps.live.size,
    stop() {
      stopping ??= (async () => {
        await deps.live.close();
        if (started) await apollo.stop();
        else {
          await wsCleanup.dispose();
          httpServer.close();
        }
        await deps.jobs.close();
      })();
      return stopping;
    },
    hook: (port, host) => ({
      name: 'gateway',
      start: async () => {
        await gateway.listen(port, host);
      },
      drain: () => gateway.stop(),
    }),
  };
  return gateway;
}

function findOperation(document: DocumentNode, name: string | null): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  );
  const found = name === null ? operations[0] : operations.find((o) => o.name?.value === name);
  if (found === undefined) throw new GatewayError('GRAPHQL_VALIDATION_FAILED', 'no such operation');
  return found;
}

function operationLabel(operation: OperationDefinitionNode): string {
  return `a ${operation.operation}${operation.name ? ` (${operation.name.value})` : ''}`;
}

function wsFormatted(error: GraphQLError): GraphQLFormattedError {
  return error.toJSON();
}

async function readinessFailures(deps: GatewayDeps): Promise<string[]> {
  const failing: string[] = [];
  if (!deps.live.running) failing.push('bus');
  try {
    await deps.store.exists('health/gateway');
  } catch {
    failing.push('store');
  }
  return failing;
}

/** The body, or undefined when it exceeds `limit` bytes (reading stops there). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function errorBody(code: ErrorCode, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** One line about an internal error: name and message, stack only outside production logs. */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause =
      error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

function quietLogger(log: Logger) {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (message: unknown) => log.warn(`apollo: ${String(message)}`),
    error: (message: unknown) => log.error(`apollo: ${String(message)}`),
  };
}
