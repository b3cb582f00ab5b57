import { createServer } from 'node:http';
import { createDashboardHandler } from './static.ts';

/**
 * The dashboard alone (cluster mode): serves the static bundle and a `config.json` that points
 * the browser at the gateway. Configuration is read once here:
 *
 * - `PORT` (default 8080)
 * - `ADA_GATEWAY_URL`: the gateway's GraphQL HTTP endpoint as the browser sees it (default
 *   `/graphql`, i.e. the same origin behind an ingress)
 * - `ADA_GATEWAY_WS_URL`: its WebSocket endpoint (default: the HTTP one with ws:// or wss://)
 */
function loadConfig(env: NodeJS.ProcessEnv): { port: number; graphqlUrl: string; wsUrl: string } {
  const port = Number(env.PORT ?? 8080);
  if (!(Number.isInteger(port) && port > 0 && port < 65536))
    throw new RangeError(`PORT must be an integer in [1, 65535], got '${env.PORT}'`);
  const graphqlUrl = env.ADA_GATEWAY_URL ?? '/graphql';
  const wsUrl = env.ADA_GATEWAY_WS_URL ?? graphqlUrl.replace(/^http/, 'ws');
  return { port, graphqlUrl, wsUrl };
}

const config = loadConfig(process.env);
const handle = createDashboardHandler({
  config: { graphqlUrl: config.graphqlUrl, wsUrl: config.wsUrl },
});
const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return;
  }
  handle(req, res)
    .then((handled) => {
      if (!handled) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
});
server.listen(config.port, () => {
  process.stdout.write(
    `dashboard on http://localhost:${config.port}/ (API ${config.graphqlUrl})\n`,
  );
});
const stop = (): void => {
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
