/**
 * What the images ship: one entry per deployable (the four services and the gateway), the
 * TypeScript entry its bundle starts from, extra entries for worker threads, and what its image
 * needs to know (port, environment, GPU flavour). The bundler, the Dockerfile generator
 * (deploy/images/render.ts) and the manifest checks all read this list.
 */
export interface Deployable {
  /** Image, bundle folder (`dist/<name>`) and Kubernetes Deployment name. */
  name: string;
  /** Process entry, relative to the repository root, inside the deployable's npm workspace. */
  entry: string;
  /** Worker-thread entries compiled beside `main.js`, as `<name>.js`. */
  workers?: Record<string, string>;
  /** What the image is for: the first line of its Dockerfile. */
  summary: string;
  /** The variable that holds the HTTP port the image exposes and health-checks, and its value. */
  port: { variable: string; value: number };
  /** `ENV` of the image besides `NODE_ENV`, the port and `ADA_HEALTH_HOST=0.0.0.0`. */
  env?: Record<string, string>;
  /** A GPU flavour (`Dockerfile.gpu`, native TensorFlow backend), with its first line. */
  gpu?: { summary: string };
}

export const DEPLOYABLES: readonly Deployable[] = [
  {
    name: 'corruption-service',
    entry: 'services/corruption-service/src/main.ts',
    summary:
      'AdA corruption workers (clean batches in, corrupted batches out), CPU flavour (tfjs wasm backend)',
    port: { variable: 'ADA_CORRUPTION_PORT', value: 8081 },
    gpu: { summary: 'AdA corruption workers, on the native TensorFlow backend' },
  },
  {
    name: 'trainer-service',
    entry: 'services/trainer-service/src/main.ts',
    summary: 'trains AdA runs with remote corruption workers, CPU flavour (tfjs wasm backend)',
    port: { variable: 'ADA_TRAINER_PORT', value: 8082 },
    gpu: { summary: 'trains AdA runs, on the native TensorFlow backend' },
  },
  {
    name: 'metrics-service',
    entry: 'services/metrics-service/src/main.ts',
    summary: 'evaluates checkpoints (corruption benchmark, clean, SSIM) on request',
    port: { variable: 'ADA_METRICS_PORT', value: 8083 },
  },
  {
    name: 'attack-service',
    entry: 'services/attack-service/src/main.ts',
    workers: { attack_worker: 'services/attack-service/src/attack_worker.ts' },
    summary: 'l_p robust accuracy of checkpoints under the attack ensemble, on request',
    port: { variable: 'ADA_ATTACK_PORT', value: 8084 },
  },
  {
    name: 'gateway',
    entry: 'gateway/src/main.ts',
    summary: 'the GraphQL gateway the dashboard talks to',
    port: { variable: 'ADA_GATEWAY_PORT', value: 4000 },
    env: { ADA_GATEWAY_HOST: '0.0.0.0', ADA_GATEWAY_HEALTH_PORT: '8085' },
  },
];
