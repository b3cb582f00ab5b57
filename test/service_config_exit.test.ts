import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each service process with a bad port variable: exit 2 and a line naming the variable. */
const cases = [
  { service: 'attack-service', variable: 'ADA_ATTACK_PORT' },
  { service: 'metrics-service', variable: 'ADA_METRICS_PORT' },
  { service: 'trainer-service', variable: 'ADA_TRAINER_PORT' },
] as const;

describe('service processes refuse a bad configuration', () => {
  it.each(cases)('$service exits 2 naming $variable (no broker needed)', async (c) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'services', c.service, 'src', 'main.ts')],
      {
        cwd: root,
        // A broker list is given so the port check is the first one to fail.
        env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:9', [c.variable]: 'eighty' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((r) => child.once('exit', (x) => r(x)));
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${c.service}: configuration: ${c.variable} must be an integer in [0, 65535], got 'eighty'`,
    );
  });

  it.each(['attack-service', 'metrics-service', 'trainer-service'])(
    '%s without KAFKA_BROKERS exits 2 naming it (no private in-process bus)',
    async (service) => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env['KAFKA_BROKERS'];
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(root, 'services', service, 'src', 'main.ts')],
        { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const code = await new Promise<number | null>((r) => child.once('exit', (x) => r(x)));
      expect(code).toBe(2);
      expect(stderr).toContain(`${service}: configuration: KAFKA_BROKERS must be set`);
    },
  );
});
