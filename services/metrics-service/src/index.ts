/**
 * @ada/metrics-service: evaluates classifier checkpoints on request (see README.md).
 *
 * ```ts
 * import { createMetricsService } from '@ada/metrics-service';
 * const metrics = createMetricsService({ bus, store });
 * await metrics.start();
 * ```
 */
export { createMetricsService } from './service.ts';
export type { MetricsService, MetricsServiceOptions, MetricsServiceStats } from './service.ts';
export { evaluate, METRICS_KINDS, isMetricsKind } from './evaluations.ts';
export { EvalRequestError } from '@ada/eval-requests';
export type { EvalContext, EvalOutput, MetricsKind } from './evaluations.ts';
export { loadConfig, ConfigError } from './config.ts';
export type { MetricsConfig } from './config.ts';
