import { parseApiKeys, type AuthOptions } from '@ada/gateway';

/**
 * The credentials `ada serve` accepts: `ADA_GATEWAY_API_KEYS` (`subject:ROLE:sha256,...`) and/or
 * `ADA_GATEWAY_JWT_SECRET`, as the gateway process reads them; undefined when neither is set
 * (then `ada serve` makes keys of its own).
 */
export function loadEmbeddedAuth(env: NodeJS.ProcessEnv): AuthOptions | undefined {
  const keys = env['ADA_GATEWAY_API_KEYS']?.trim();
  const secret = env['ADA_GATEWAY_JWT_SECRET']?.trim();
  if (!keys && !secret) return undefined;
  if (secret && Buffer.byteLength(secret) < 32) {
    throw new Error('ADA_GATEWAY_JWT_SECRET must have at least 32 characters');
  }
  return {
    apiKeys: keys ? parseApiKeys(keys) : [],
    ...(secret ? { jwt: { secret: new TextEncoder().encode(secret) } } : {}),
  };
}
