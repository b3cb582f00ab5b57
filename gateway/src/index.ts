/**
 * @ada/gateway: the GraphQL API of the platform (Apollo Server 5, graphql-ws), over the run
 * records and the event bus. See `../README.md` for the schema, auth and examples.
 *
 * ```ts
 * import { createGateway, embeddedGatewayDeps } from '@ada/gateway';
 * const gateway = createGateway({ deps: await embeddedGatewayDeps({ bus, store }), auth });
 * await gateway.listen(4000);
 * ```
 */
export { createGateway } from './server.ts';
export { loadTypeDefs } from './sdl.ts';
export type { Gateway, GatewayOptions } from './server.ts';
export { gatewayDeps } from './deps.ts';
export type { GatewayDepsOptions } from './deps.ts';
export { Authenticator, hashApiKey, requireRole, roleFor } from './auth.ts';
export type { ApiKeyEntry, AuthOptions, JwtOptions, Principal } from './auth.ts';
export {
  ERROR_CODES,
  FIELD_ERROR_CODES,
  GatewayError,
  AuthenticationError,
  ForbiddenError,
  UserInputError,
  NotFoundError,
  ConflictError,
  UnavailableError,
  QueryLimitError,
  formatError,
  mapDomainError,
} from './errors.ts';
export type { FieldErrorInfo } from './errors.ts';
export { checkLimits, measureOperation, DEFAULT_LIMITS } from './limits.ts';
export type { QueryLimits } from './limits.ts';
export { BusRunCommands } from './commands.ts';
export type { RunCommands, StartRunCommand, CancelRunCommand } from './commands.ts';
export { LiveRunFeed, isFinalEvent } from './live.ts';
export { JobService } from './jobs.ts';
export { RouteUrlSigner, PresignedUrlSigner, canPresign } from './urls.ts';
export type { ArtifactUrlSigner } from './urls.ts';
export { loadGatewayConfig, parseApiKeys } from './config.ts';
export type { GatewayConfig } from './config.ts';
