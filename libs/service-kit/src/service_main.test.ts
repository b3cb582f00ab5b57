import { describe, expect, it } from 'vitest';
import { ConfigError, envReader } from './env.ts';
import { parseLogLines, type LogRecord } from './logger.ts';
import { connectPlatform, platformConfig } from './platform.ts';
import { runServiceMain, type ServiceContext } from './service_main.ts';

/** Runs `main` under `runServiceMain` with `env`, capturing its records and exit code. */
async function run(
  env: NodeJS.ProcessEnv,
  main: (context: ServiceContext) => Promise<void>,
): Promise<{ code: number | undefined; records: LogRecord[] }> {
  const lines: string[] = [];
  let code: number | undefined;
  await runServiceMain('svc', main, {
    env,
    write: (line) => lines.push(line),
    exit: (c) => (code = c),
  });
  return { code, records: parseLogLines(lines.join('\n')) };
}

describe('runServiceMain', () => {
  it('a ConfigError exits 2 with one error record naming the variable', async () => {
    const { code, records } = await run({ ADA_SVC_PORT: 'eighty' }, async ({ env }) => {
      env.int('ADA_SVC_PORT', 8080, 0, 65535);
    });
    expect(code).toBe(2);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      level: 'error',
      service: 'svc',
      msg: 'configuration invalid',
      fields: {
        variable: 'ADA_SVC_PORT',
        error: "ADA_SVC_PORT must be an integer in [0, 65535], got 'eighty'",
      },
    });
  });

  it('a service given no KAFKA_BROKERS in cluster mode refuses to start (exit 2), it does not fall back to an in-process bus', async () => {
    let connected = false;
    const { code, records } = await run({ ADA_DATA_DIR: '.ada-unused' }, async ({ env, log }) => {
      const platform = platformConfig(env);
      await connectPlatform(platform, { clientId: 'svc', log });
      connected = true;
    });
    expect(code).toBe(2);
    expect(connected).toBe(false);
    expect(records[0]?.fields?.['variable']).toBe('KAFKA_BROKERS');
    expect(String(records[0]?.fields?.['error'])).toMatch(/^KAFKA_BROKERS must be/);
  });

  it('an invalid LOG_LEVEL is a configuration error too', async () => {
    let ran = false;
    const { code, records } = await run({ LOG_LEVEL: 'loud' }, async () => {
      ran = true;
    });
    expect([code, ran]).toEqual([2, false]);
    expect(records[0]?.fields?.['variable']).toBe('LOG_LEVEL');
  });

  it('any other failure exits 1 with the error and its stack; LOG_LEVEL sets the level', async () => {
    const { code, records } = await run({ LOG_LEVEL: 'warn' }, async ({ log }) => {
      log.info('dropped at warn');
      throw new TypeError('model file is corrupt');
    });
    expect(code).toBe(1);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      level: 'error',
      msg: 'failed',
      fields: { error: { name: 'TypeError', message: 'model file is corrupt' } },
    });
    expect(String(records[0]?.fields?.['stack'])).toContain('model file is corrupt');
  });

  it('a main that resolves leaves the process running (no exit)', async () => {
    const { code, records } = await run({}, async ({ log }) => log.info('ready'));
    expect(code).toBeUndefined();
    expect(records.map((r) => r.msg)).toEqual(['ready']);
  });
});

describe('platformConfig', () => {
  it('reads the shared variables with their defaults', () => {
    expect(platformConfig(envReader({ KAFKA_BROKERS: 'k:9092', S3_PREFIX: 'p' }))).toEqual({
      brokers: ['k:9092'],
      host: '127.0.0.1',
      dataDir: '.ada',
      bucket: 'ada',
      prefix: 'p',
    });
  });

  it.each([
    [{ S3_ENDPOINT: 'ftp://x' }, 'S3_ENDPOINT'],
    [{ S3_ENDPOINT: 'http://x:1' }, 'S3_ACCESS_KEY'],
    [{ MINIO_ENDPOINT: 'http://x:1', S3_ACCESS_KEY: 'a' }, 'S3_SECRET_KEY'],
  ])('%j is a ConfigError naming %s', (env, variable) => {
    let error: unknown;
    try {
      platformConfig(envReader({ KAFKA_BROKERS: 'k:9092', ...env }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
  });
});
