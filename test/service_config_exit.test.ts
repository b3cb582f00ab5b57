import { startServiceProcess } from '@ada/service-kit/testing';
import { describe, expect, it } from 'vitest';

/**
 * Every process entry (the four services and the gateway) runs on the one service kit: a bad
 * variable or a missing `KAFKA_BROKERS` exits 2 with one structured record naming it, before
 * anything connects (no broker needed).
 */
const entries = [
  { service: 'attack-service', port: 'ADA_ATTACK_PORT' },
  { service: 'corruption-service', port: 'ADA_CORRUPTION_PORT' },
  { service: 'metrics-service', port: 'ADA_METRICS_PORT' },
  { service: 'trainer-service', port: 'ADA_TRAINER_PORT' },
  { service: 'gateway', port: 'ADA_GATEWAY_PORT' },
] as const;

const entry = (service: string) =>
  service === 'gateway' ? 'gateway/src/main.ts' : `services/${service}/src/main.ts`;

/** The one record a process that refused to start logged, and its exit code. */
async function refusal(service: string, env: Record<string, string | undefined>) {
  const svc = startServiceProcess(entry(service), {
    KAFKA_BROKERS: undefined,
    ADA_GATEWAY_API_KEYS: undefined,
    ADA_GATEWAY_JWT_SECRET: 'x'.repeat(32),
    ...env,
  });
  const code = await svc.exit;
  return { code, records: svc.records, output: svc.output() };
}

describe('service processes refuse a bad configuration', () => {
  it.each(entries)('$service exits 2 naming $port', async ({ service, port }) => {
    const { code, records, output } = await refusal(service, {
      KAFKA_BROKERS: '127.0.0.1:9',
      [port]: 'eighty',
    });
    expect(code, output).toBe(2);
    expect(records).toEqual([
      expect.objectContaining({
        level: 'error',
        service,
        msg: 'configuration invalid',
        fields: {
          variable: port,
          error: `${port} must be an integer in [0, 65535], got 'eighty'`,
        },
      }),
    ]);
  });

  it.each(entries)(
    '$service without KAFKA_BROKERS exits 2 naming it (no private in-process bus)',
    async ({ service }) => {
      const { code, records, output } = await refusal(service, {});
      expect(code, output).toBe(2);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        level: 'error',
        service,
        msg: 'configuration invalid',
        fields: { variable: 'KAFKA_BROKERS' },
      });
      expect(String(records[0]?.fields?.['error'])).toMatch(
        /^KAFKA_BROKERS must be a comma-separated list of host:port/,
      );
    },
  );
});
