import type { Command } from 'commander';
import { initBackend } from '@ada/tensor';
import { startEmbeddedPlatform } from '../serve.ts';
import { loadEmbeddedAuth } from '../serve_auth.ts';

/**
 * `ada serve [--port 4000] [--host 127.0.0.1] [--store .ada/runs/quick] [--dataset-dir DIR]`: the
 * GraphQL gateway with the trainer, corruption, metrics and attack services in this process
 * (in-process bus, filesystem store rooted at `--store`: the output folder of `ada run`, whose
 * runs then show up). Without `ADA_GATEWAY_API_KEYS` it makes an OPERATOR and a VIEWER key for
 * this process and prints them once. Ctrl-C stops it gracefully.
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description('run the GraphQL gateway and the services in one process (embedded mode)')
    .option('--port <n>', 'GraphQL port (0 picks a free one)', '4000')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--store <dir>',
      'filesystem store: an ada run output folder (its runs show up)',
      '.ada/runs/quick',
    )
    .option('--dataset-dir <dir>', 'CIFAR-10 binary batches (default: the demo dataset)')
    .action(async (opts: { port: string; host: string; store: string; datasetDir?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port must be an integer in [0, 65535], got '${opts.port}'`);
      }
      await initBackend({ log: false });
      const auth = loadEmbeddedAuth(process.env);
      const platform = await startEmbeddedPlatform({
        storeDir: opts.store,
        port,
        host: opts.host,
        ...(opts.datasetDir ? { datasetDir: opts.datasetDir } : {}),
        ...(auth ? { auth } : {}),
      });
      const lines = [
        `ada serve: GraphQL on ${platform.url}/graphql (WebSocket on the same path)`,
        `dashboard on ${platform.url}/ (build it once with: npm run build -w dashboard)`,
      ];
      if (platform.keys) {
        lines.push(
          `operator key (mutations): ${platform.keys.operator}`,
          `viewer key (read only):   ${platform.keys.viewer}`,
          'send them as: Authorization: Bearer <key>   (set ADA_GATEWAY_API_KEYS to use your own)',
        );
      }
      process.stderr.write(`${lines.join('\n')}\n`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) process.exit(1);
        stopping = true;
        process.stderr.write(`ada serve: ${signal}, stopping\n`);
        platform.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
