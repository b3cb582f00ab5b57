import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Cross-origin access to `/graphql`, opt-in by an allow-list of origins (`corsOrigins` of
 * `createGateway`, `ADA_GATEWAY_CORS_ORIGINS` in cluster mode). The documented path needs none:
 * the dashboard and the gateway share one origin behind the Ingress. With a list, a browser page
 * on a listed origin may call the API from another origin (origins parsed by `config.ts`):
 *
 * - a preflight (`OPTIONS /graphql` with `Origin` and `Access-Control-Request-Method`) from a
 *   listed origin is answered 204 with the allowed methods (GET, POST), request headers
 *   (`authorization`, `content-type`, `apollo-require-preflight`) and a 10-minute max age;
 * - every other response to a listed origin carries `Access-Control-Allow-Origin: <origin>` and
 *   `Vary: Origin`;
 * - an unlisted origin gets no CORS header (the browser refuses to hand it the response) and its
 *   preflight is not answered (405 as any OPTIONS request).
 *
 * Credentials are bearer tokens in `Authorization`, never cookies, so no
 * `Access-Control-Allow-Credentials`. WebSocket subscriptions are not subject to CORS; they are
 * authenticated by their token like every request.
 */
/**
 * Applies the CORS rules above to a `/graphql` request: `none` for a request without a listed
 * origin (nothing set); `allowed` when it set the headers of a listed origin; `preflight` when
 * it has answered a preflight (the caller sends nothing more).
 */
export function applyCors(
  allowed: ReadonlySet<string>,
  req: IncomingMessage,
  res: ServerResponse,
): 'none' | 'allowed' | 'preflight' {
  const origin = req.headers.origin;
  if (allowed.size === 0 || origin === undefined || !allowed.has(origin.toLowerCase())) {
    return 'none';
  }
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight',
      'access-control-max-age': '600',
    });
    res.end();
    return 'preflight';
  }
  return 'allowed';
}

/** `Vary` with `Origin` added to what a later handler set (Apollo may set its own). */
export function varyOrigin(res: ServerResponse): void {
  const vary = res.getHeader('vary');
  const parts = String(vary ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (!parts.some((p) => p.toLowerCase() === 'origin')) parts.push('Origin');
  res.setHeader('vary', parts.join(', '));
}
