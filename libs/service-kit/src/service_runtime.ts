import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBus, Subscription } from '@ada/bus';
import { createLogger, type Logger } from './logger.ts';

/**
 * The process shell every service runs in: health and readiness over HTTP, lifecycle hooks
 * (start, drain, stop) and graceful shutdown on SIGTERM/SIGINT.
 *
 * - `GET /healthz`: 200 `{"status":"ok"}` while the process serves (liveness).
 * - `GET /readyz`: 200 when started, not shutting down and every readiness check passes;
 *   otherwise 503 with the failing checks (`{"status":"not-ready","failing":["kafka"]}`).
 * - `shutdown()`: readiness goes false first, then the hooks' `drain` (stop taking work: close
 *   consumers, which finish and commit the message in flight) and then `stop` (flush a checkpoint,
 *   disconnect the bus), both in reverse registration order, then the HTTP server closes.
 *
 * ```ts
 * const runtime = new ServiceRuntime({ name: 'corruption-service', port: 8081, log });
 * runtime.use(busHook(bus)).use(subscriptionHook(() => sub));
 * runtime.readinessCheck('store', async () => store.exists('health'));
 * await runtime.start();
 * runtime.installSignalHandlers();
 * ```
 */
export interface LifecycleHook {
  name: string;
  start?(): Promise<void>;
  /** Stop taking new work and finish what is in flight. */
  drain?(): Promise<void>;
  /** Release resources (after every hook drained). */
  stop?(): Promise<void>;
}

export interface ServiceRuntimeOptions {
  name: string;
  /** HTTP port for health/readiness (0 picks a free one; default 0). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Upper bound for drain + stop before giving up (default 30000 ms). */
  shutdownTimeoutMs?: number;
  /** Where lifecycle records go (default: a logger of `name` on stderr). */
  log?: Logger;
}

type State = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

export class ServiceRuntime {
  readonly name: string;
  private readonly hooks: LifecycleHook[] = [];
  private readonly checks = new Map<string, () => Promise<boolean>>();
  private readonly options: Required<Omit<ServiceRuntimeOptions, 'log'>>;
  private readonly log: Logger;
  private server: Server | undefined;
  private state: State = 'created';
  private stopping: Promise<void> | undefined;

  constructor(options: ServiceRuntimeOptions) {
    if (typeof options?.name !== 'string' || options.name.length === 0) {
      throw new TypeError("Argument 'options.name' passed to 'ServiceRuntime' must be non-empty");
    }
    this.name = options.name;
    this.options = {
      name: options.name,
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      shutdownTimeoutMs: options.shutdownTimeoutMs ?? 30_000,
    };
    this.log = options.log ?? createLogger({ service: options.name });
  }

  /** Registers a hook; hooks start in registration order and drain/stop in reverse. */
  use(hook: LifecycleHook): this {
    if (this.state !== 'created') throw new Error(`cannot add hook '${hook.name}' after start`);
    this.hooks.push(hook);
    return this;
  }

  /** Adds a readiness check (true or resolving = ready; false or throwing = not ready). */
  readinessCheck(name: string, check: () => Promise<boolean>): this {
    this.checks.set(name, check);
    return this;
  }

  /**
   * Serves `/healthz` and `/readyz` at once, then runs the hooks' `start`: while they run (Kafka
   * connecting, models loading) `/healthz` answers 200 and `/readyz` 503 with
   * `failing: ['state:starting']`, instead of the port refusing connections. A hook that fails to
   * start closes the server and rejects.
   */
  async start(): Promise<void> {
    if (this.state !== 'created') throw new Error(`${this.name}: start() called twice`);
    this.state = 'starting';
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
      if (path === '/healthz') return send(200, { status: 'ok', service: this.name });
      if (path === '/readyz') {
        void this.failingChecks().then((failing) =>
          failing.length === 0
            ? send(200, { status: 'ready', service: this.name })
            : send(503, { status: 'not-ready', service: this.name, failing }),
        );
        return;
      }
      send(404, { error: 'not found' });
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.options.port, this.options.host, () => resolve());
    });
    try {
      for (const hook of this.hooks) await hook.start?.();
    } catch (error) {
      this.state = 'stopped';
      await new Promise<void>((resolve) => this.server?.close(() => resolve()));
      throw error;
    }
    this.state = 'running';
    this.log.info('running', {
      health: `http://${this.options.host}:${this.port()}/healthz`,
      port: this.port(),
    });
  }

  /** The HTTP port (after start). */
  port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** Whether `/readyz` would answer 200 now (ignoring checks). */
  isRunning(): boolean {
    return this.state === 'running';
  }

  /** Graceful shutdown (idempotent): not ready, drain, stop, close HTTP. */
  shutdown(reason = 'shutdown requested'): Promise<void> {
    this.stopping ??= this.runShutdown(reason);
    return this.stopping;
  }

  /** SIGTERM/SIGINT shut down gracefully and exit 0 (1 on failure); a second signal exits 1. */
  installSignalHandlers(exit: (code: number) => void = (code) => process.exit(code)): void {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        this.log.warn('second signal, exiting now', { signal });
        exit(1);
        return;
      }
      signalled = true;
      this.shutdown(signal).then(
        () => exit(0),
        () => exit(1),
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  private async runShutdown(reason: string): Promise<void> {
    this.state = 'stopping';
    this.log.info('shutting down', { reason });
    const reversed = [...this.hooks].reverse();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${this.name}: shutdown exceeded ${this.options.shutdownTimeoutMs} ms`)),
        this.options.shutdownTimeoutMs,
      );
    });
    const errors: unknown[] = [];
    const phase = async (name: 'drain' | 'stop') => {
      for (const hook of reversed) {
        try {
          await hook[name]?.();
        } catch (e) {
          errors.push(e);
          this.log.error(`${name} failed`, { hook: hook.name, error: e });
        }
      }
    };
    try {
      await Promise.race([
        (async () => {
          await phase('drain');
          await phase('stop');
        })(),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
      await new Promise<void>((resolve) => {
        if (this.server === undefined) return resolve();
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
      this.state = 'stopped';
    }
    if (errors.length > 0) {
      throw new AggregateError(
        errors,
        `${this.name}: ${errors.length} hook(s) failed to shut down`,
      );
    }
    this.log.info('stopped');
  }

  private async failingChecks(): Promise<string[]> {
    if (this.state !== 'running') return [`state:${this.state}`];
    const failing: string[] = [];
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          if ((await check()) === false) failing.push(name);
        } catch {
          failing.push(name);
        }
      }),
    );
    return failing.sort();
  }
}

/** Hook that closes a subscription on drain (finishing and committing the message in flight). */
export function subscriptionHook(subscription: () => Subscription | undefined): LifecycleHook {
  return {
    name: 'subscription',
    drain: async () => {
      await subscription()?.close();
    },
  };
}

/** Hook that closes the bus (every remaining subscription, producer, admin) on stop. */
export function busHook(bus: EventBus): LifecycleHook {
  return { name: 'bus', stop: () => bus.close() };
}
