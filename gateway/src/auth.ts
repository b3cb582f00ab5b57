import { createHash, timingSafeEqual } from 'node:crypto';
import { jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from './generated/resolvers.ts';
import { AuthenticationError, ForbiddenError } from './errors.ts';

/**
 * Who is calling, from the request's credentials: an API key or an HS256 JWT, each granting a
 * role. A VIEWER runs queries and subscriptions; an OPERATOR runs mutations too. No credentials
 * give the `anonymousRole` when one is configured (only ever VIEWER), otherwise nothing; bad
 * credentials are always refused (never downgraded to anonymous).
 *
 * API keys are configured by their sha256, so the configuration holds no secret that opens the
 * API. Tokens travel as `Authorization: Bearer <token>` (HTTP and the WebSocket upgrade) or as
 * the graphql-ws `connectionParams.authorization`.
 *
 * ```ts
 * const auth = new Authenticator({ apiKeys: [{ subject: 'ci', role: 'OPERATOR', sha256: hashApiKey(key) }] });
 * const who = await auth.authenticate(`Bearer ${key}`);   // { subject: 'ci', role: 'OPERATOR', via: 'api-key' }
 * requireRole(who, 'OPERATOR', 'mutation');
 * ```
 */
export interface ApiKeyEntry {
  /** Who the key belongs to (shown by `viewer`, written in logs). */
  subject: string;
  role: Role;
  /** Lowercase hex sha256 of the key. */
  sha256: string;
}

export interface JwtOptions {
  /** HS256 secret, at least 32 bytes. */
  secret: Uint8Array;
  issuer?: string;
  audience?: string;
}

export interface AuthOptions {
  apiKeys?: readonly ApiKeyEntry[];
  jwt?: JwtOptions;
  /** Role of requests without credentials; undefined refuses them (the default). */
  anonymousRole?: 'VIEWER';
}

export interface Principal {
  subject: string;
  role: Role;
  via: 'api-key' | 'jwt' | 'anonymous';
}

const ROLE_RANK: Readonly<Record<Role, number>> = { VIEWER: 1, OPERATOR: 2 };
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The sha256 (lowercase hex) under which an API key is configured. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export class Authenticator {
  private readonly keys: readonly { entry: ApiKeyEntry; digest: Buffer }[];
  private readonly jwt: JwtOptions | undefined;
  private readonly anonymousRole: 'VIEWER' | undefined;

  constructor(options: AuthOptions) {
    this.keys = (options.apiKeys ?? []).map((entry, i) => {
      if (!SHA256_HEX.test(entry.sha256)) {
        throw new TypeError(
          `Argument 'apiKeys[${i}].sha256' passed to 'Authenticator' must be a lowercase hex sha256`,
        );
      }
      if (entry.role !== 'VIEWER' && entry.role !== 'OPERATOR') {
        throw new TypeError(
          `Argument 'apiKeys[${i}].role' passed to 'Authenticator' must be VIEWER or OPERATOR`,
        );
      }
      return { entry, digest: Buffer.from(entry.sha256, 'hex') };
    });
    if (options.jwt !== undefined && options.jwt.secret.byteLength < 32) {
      throw new TypeError(
        `Argument 'jwt.secret' passed to 'Authenticator' must have at least 32 bytes, got ${options.jwt.secret.byteLength}`,
      );
    }
    this.jwt = options.jwt;
    this.anonymousRole = options.anonymousRole;
  }

  /** Whether any credential can be accepted at all. */
  get configured(): boolean {
    return this.keys.length > 0 || this.jwt !== undefined;
  }

  /**
   * The principal of an `Authorization` header value (or a bare token); undefined without
   * credentials and without an anonymous role. Throws `AuthenticationError` for bad credentials.
   */
  async authenticate(authorization: string | undefined | null): Promise<Principal | undefined> {
    const raw = (authorization ?? '').trim();
    if (raw === '') {
      return this.anonymousRole === undefined
        ? undefined
        : { subject: 'anonymous', role: this.anonymousRole, via: 'anonymous' };
    }
    const match = /^Bearer\s+(\S+)$/i.exec(raw);
    const token = match ? match[1]! : /\s/.test(raw) ? undefined : raw;
    if (token === undefined || token.length > 8192) {
      throw new AuthenticationError(
        'malformed credentials: expected Authorization: Bearer <token>',
      );
    }
    return token.split('.').length === 3 && this.jwt !== undefined
      ? this.verifyJwt(token)
      : this.lookupKey(token);
  }

  private lookupKey(token: string): Principal {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    // Compare against every key in constant time per key, so timing tells nothing about which.
    let found: ApiKeyEntry | undefined;
    for (const { entry, digest: known } of this.keys) {
      if (timingSafeEqual(known, digest)) found = entry;
    }
    if (found === undefined) throw new AuthenticationError('unknown API key or token');
    return { subject: found.subject, role: found.role, via: 'api-key' };
  }

  private async verifyJwt(token: string): Promise<Principal> {
    const jwt = this.jwt!;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, jwt.secret, {
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
        ...(jwt.issuer ? { issuer: jwt.issuer } : {}),
        ...(jwt.audience ? { audience: jwt.audience } : {}),
      }));
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired;
      throw new AuthenticationError(expired ? 'token expired' : 'invalid token');
    }
    const role = typeof payload['role'] === 'string' ? payload['role'].toUpperCase() : '';
    if (role !== 'VIEWER' && role !== 'OPERATOR') {
      throw new AuthenticationError("invalid token: claim 'role' must be 'viewer' or 'operator'");
    }
    return { subject: String(payload.sub), role, via: 'jwt' };
  }
}

/** Throws unless `principal` holds at least `role`; `what` names the operation refused. */
export function requireRole(
  principal: Principal | undefined,
  role: Role,
  what: string,
): asserts principal is Principal {
  if (principal === undefined) throw new AuthenticationError();
  if (ROLE_RANK[principal.role] < ROLE_RANK[role]) {
    throw new ForbiddenError(
      `${what} needs the ${role} role; '${principal.subject}' has ${principal.role}`,
    );
  }
}

/** The role an operation type needs: mutations OPERATOR, queries and subscriptions VIEWER. */
export function roleFor(operation: 'query' | 'mutation' | 'subscription'): Role {
  return operation === 'mutation' ? 'OPERATOR' : 'VIEWER';
}
