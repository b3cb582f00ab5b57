/**
 * What the images ship: one entry per deployable (the four services and the gateway), the
 * TypeScript entry its bundle starts from, and extra entries for worker threads. The
 * Dockerfiles, the bundler and the manifest checks all read this list.
 */
export interface Deployable {
  /** Image, bundle folder (`dist/<name>`) and Kubernetes Deployment name. */
  name: string;
  /** Process entry, relative to the repository root. */
  entry: string;
  /** Worker-thread entries compiled beside `main.js`, as `<name>.js`. */
  workers?: Record<string, string>;
}

export const DEPLOYABLES: readonly Deployable[] = [
  { name: 'corruption-service', entry: 'services/corruption-service/src/main.ts' },
  { name: 'trainer-service', entry: 'services/trainer-service/src/main.ts' },
  { name: 'metrics-service', entry: 'services/metrics-service/src/main.ts' },
  {
    name: 'attack-service',
    entry: 'services/attack-service/src/main.ts',
    workers: { attack_worker: 'services/attack-service/src/attack_worker.ts' },
  },
  { name: 'gateway', entry: 'gateway/src/main.ts' },
];
