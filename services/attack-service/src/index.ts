/** @ada/attack-service: l_p robustness evaluations over the bus (process entry: `main.ts`). */
export { createAttackService } from './service.ts';
export type { AttackService, AttackServiceOptions, AttackServiceStats } from './service.ts';
export { loadConfig, ConfigError } from './config.ts';
export type { AttackServiceConfig } from './config.ts';
export { parseLpParams } from './params.ts';
export { EvalRequestError } from '@ada/eval-requests';
export type { LpRobustnessParams } from './params.ts';
export { AttackWorkerClient, AttackWorkerError } from './attack_worker_client.ts';
