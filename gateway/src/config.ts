import { ConfigError, envReader, platformConfig, type PlatformConfig } from '@ada/service-kit';
import type { ApiKeyEntry, AuthOptions } from './auth.ts';
import type { QueryLimits } from './limits.ts';

/**
 * The gateway process's configuration, read once from the environment at start-up (a bad value
 * stops the process, exit 2, naming the variable):
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `ADA_GATEWAY_PORT` | `4000` | GraphQL HTTP + WebSocket port (`0` picks a free one) |
 * | `ADA_GATEWAY_HOST` | `127.0.0.1` | interface of the GraphQL server |
 * | `ADA_GATEWAY_HEALTH_PORT` | `8085` | the service-style health server (`/healthz`, `/readyz`) |
 * | `ADA_GATEWAY_API_KEYS` | - | `subject:ROLE:sha256hex,...` (ROLE = VIEWER or OPERATOR) |
 * | `ADA_GATEWAY_JWT_SECRET` | - | HS256 secret (>= 32 characters) of accepted JWTs |
 * | `ADA_GATEWAY_JWT_ISSUER` / `_AUDIENCE` | - | required `iss` / `aud` claims |
 * | `ADA_GATEWAY_ANONYMOUS_VIEWER` | `0` | `1`: requests without credentials may read |
 * | `ADA_GATEWAY_URL_SECRET` | random | HMAC secret (>= 32 characters) of signed artifact links; give every replica the same |
 * | `ADA_GATEWAY_PUBLIC_URL` | listen address | base URL written into signed links |
 * | `ADA_GATEWAY_MAX_DEPTH` / `_MAX_COST` | `12` / `10000` | query limits |
 * | `ADA_GATEWAY_MAX_BODY_BYTES` | `4194304` | largest request body |
 * | `ADA_GATEWAY_CORS_ORIGINS` | empty | comma-separated origins (`https://host[:port]`) allowed to call `/graphql` cross-origin (`cors.ts`); empty: same origin only |
 * | `NODE_ENV` | - | `production`: introspection and landing page off |
 *
 * plus the variables every service reads (`platformConfig` of `@ada/service-kit`):
 * `KAFKA_BROKERS` (required; `ada serve` runs the gateway embedded instead), `ADA_HEALTH_HOST`
 * (the health server's interface), `ADA_DATA_DIR`, `S3_*`, `LOG_LEVEL`. At least one credential
 * source (API keys or a JWT secret) must be configured.
 */
export interface GatewayConfig extends Omit<PlatformConfig, 'host'> {
  port: number;
  host: string;
  healthPort: number;
  healthHost: string;
  auth: AuthOptions;
  urlSecret?: Uint8Array;
  publicUrl?: string;
  limits: QueryLimits;
  maxBodyBytes: number;
  /** Origins allowed cross-origin (empty: none). */
  corsOrigins: string[];
  production: boolean;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The non-empty entries of a comma-separated list, trimmed. */
function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Parses `subject:ROLE:sha256,...`; throws `ConfigError` naming the bad entry. */
export function parseApiKeys(value: string, variable = 'ADA_GATEWAY_API_KEYS'): ApiKeyEntry[] {
  return commaList(value).map((entry, i) => {
    const [subject, role, sha256, ...rest] = entry.split(':');
    if (
      rest.length > 0 ||
      !subject ||
      !/^[A-Za-z0-9._@-]{1,100}$/.test(subject) ||
      (role !== 'VIEWER' && role !== 'OPERATOR') ||
      !SHA256_HEX.test(sha256 ?? '')
    ) {
      throw new ConfigError(
        `${variable} entry ${i + 1} must be subject:VIEWER|OPERATOR:<sha256 hex of the key>`,
        { variable },
      );
    }
    return { subject, role, sha256: sha256! };
  });
}

const ORIGIN = /^https?:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

/**
 * Parses the origins allowed cross-origin (`cors.ts`), comma-separated
 * (`https://dash.example.com,http://localhost:5173`): scheme, host and optional port, no path,
 * no wildcard; lower-cased as browsers send them. Empty: none.
 */
export function parseCorsOrigins(value: string, variable = 'ADA_GATEWAY_CORS_ORIGINS'): string[] {
  return commaList(value).map((entry, i) => {
    const origin = entry.toLowerCase();
    if (!ORIGIN.test(origin)) {
      throw new ConfigError(
        `${variable} entry ${i + 1} must be an origin http(s)://host[:port] without path or wildcard, got '${entry}'`,
        { variable },
      );
    }
    return origin;
  });
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = envReader(env);
  const { optional, int } = e;
  const { host: healthHost, ...platform } = platformConfig(e);
  const keys = optional('ADA_GATEWAY_API_KEYS');
  const apiKeys = keys === undefined ? [] : parseApiKeys(keys);
  const jwtSecret = optional('ADA_GATEWAY_JWT_SECRET');
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) {
    throw new ConfigError('ADA_GATEWAY_JWT_SECRET must have at least 32 characters', {
      variable: 'ADA_GATEWAY_JWT_SECRET',
    });
  }
  if (apiKeys.length === 0 && jwtSecret === undefined) {
    throw new ConfigError(
      'set ADA_GATEWAY_API_KEYS (subject:ROLE:sha256,...) or ADA_GATEWAY_JWT_SECRET: the gateway refuses to run without credentials',
    );
  }
  const anonymous = optional('ADA_GATEWAY_ANONYMOUS_VIEWER');
  if (anonymous !== undefined && anonymous !== '0' && anonymous !== '1') {
    throw ConfigError.invalid('ADA_GATEWAY_ANONYMOUS_VIEWER', '0 or 1', anonymous);
  }
  const urlSecret = optional('ADA_GATEWAY_URL_SECRET');
  if (urlSecret !== undefined && Buffer.byteLength(urlSecret) < 32) {
    throw new ConfigError('ADA_GATEWAY_URL_SECRET must have at least 32 characters', {
      variable: 'ADA_GATEWAY_URL_SECRET',
    });
  }
  const publicUrl = optional('ADA_GATEWAY_PUBLIC_URL');
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+$/.test(publicUrl)) {
    throw ConfigError.invalid('ADA_GATEWAY_PUBLIC_URL', 'http(s)://host[:port]', publicUrl);
  }
  const issuer = optional('ADA_GATEWAY_JWT_ISSUER');
  const audience = optional('ADA_GATEWAY_JWT_AUDIENCE');
  return {
    ...platform,
    port: int('ADA_GATEWAY_PORT', 4000, 0, 65535),
    host: optional('ADA_GATEWAY_HOST') ?? '127.0.0.1',
    healthPort: int('ADA_GATEWAY_HEALTH_PORT', 8085, 0, 65535),
    healthHost,
    auth: {
      apiKeys,
      ...(jwtSecret === undefined
        ? {}
        : {
            jwt: {
              secret: new TextEncoder().encode(jwtSecret),
              ...(issuer ? { issuer } : {}),
              ...(audience ? { audience } : {}),
            },
          }),
      ...(anonymous === '1' ? { anonymousRole: 'VIEWER' as const } : {}),
    },
    ...(urlSecret ? { urlSecret: new TextEncoder().encode(urlSecret) } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    limits: {
      maxDepth: int('ADA_GATEWAY_MAX_DEPTH', 12, 2, 100),
      maxCost: int('ADA_GATEWAY_MAX_COST', 10_000, 10, 10_000_000),
    },
    maxBodyBytes: int('ADA_GATEWAY_MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    corsOrigins: parseCorsOrigins(optional('ADA_GATEWAY_CORS_ORIGINS') ?? ''),
    production: env['NODE_ENV'] === 'production',
  };
}
