import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `vite build` puts the dashboard's static bundle. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../dist', import.meta.url));

/** What the browser reads from `/config.json` to find the GraphQL API. */
export interface DashboardConfig {
  /** HTTP endpoint of the gateway, absolute or relative to the page (default `/graphql`). */
  graphqlUrl: string;
  /** WebSocket endpoint for subscriptions; relative URLs are resolved against the page. */
  wsUrl: string;
}

export interface DashboardHandlerOptions {
  /** The built bundle (default: this package's `dist/`). */
  distDir?: string;
  /** URL prefix the dashboard is mounted under, e.g. `/` or `/dashboard/` (default `/`). */
  basePath?: string;
  /** Served as `<basePath>config.json`. */
  config?: Partial<DashboardConfig>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * A `node:http` request handler that serves the dashboard's static bundle and its
 * `config.json`; mount it in any server (`ada serve`'s gateway, or `server/main.ts` alone in
 * cluster mode). It answers GET and HEAD under `basePath` and returns false for every other
 * request, so the caller can pass it on (e.g. to `/graphql`). Unknown paths under `basePath`
 * get `index.html` (the dashboard routes in the URL's hash, so this only matters for reloads).
 *
 * ```ts
 * const dashboard = createDashboardHandler({ config: { graphqlUrl: '/graphql', wsUrl: '/graphql' } });
 * http.createServer(async (req, res) => { if (!(await dashboard(req, res))) next(req, res); });
 * ```
 */
export function createDashboardHandler(
  options: DashboardHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const dist = resolve(options.distDir ?? DASHBOARD_DIST);
  const base = options.basePath ?? '/';
  if (!base.startsWith('/') || !base.endsWith('/'))
    throw new RangeError(
      `Option 'basePath' passed to 'createDashboardHandler' must start and end with '/', got '${base}'`,
    );
  const config: DashboardConfig = {
    graphqlUrl: options.config?.graphqlUrl ?? '/graphql',
    wsUrl: options.config?.wsUrl ?? '/graphql',
  };
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(base) && `${path}/` !== base) return false;
    const rel = path.slice(base.length);
    if (rel === 'config.json') {
      send(res, req, 200, TYPES['.json']!, Buffer.from(JSON.stringify(config)), 'no-store');
      return true;
    }
    const index = join(dist, 'index.html');
    if (!existsSync(index)) {
      send(
        res,
        req,
        503,
        TYPES['.txt']!,
        Buffer.from('The dashboard is not built: run `npm run build -w dashboard`.\n'),
        'no-store',
      );
      return true;
    }
    const file = normalize(join(dist, rel));
    const inside = file === dist || file.startsWith(dist + sep);
    let target = index;
    if (inside && rel !== '') {
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) target = file;
    }
    const body = await readFile(target);
    const hashed = target.includes(`${sep}assets${sep}`);
    send(
      res,
      req,
      200,
      TYPES[extname(target)] ?? 'application/octet-stream',
      body,
      hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    return true;
  };
}

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  type: string,
  body: Buffer,
  cache: string,
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'self'; img-src 'self' data: blob: http: https:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss: http: https:",
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
