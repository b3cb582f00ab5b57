/**
 * A process that starts the attack worker thread, stops it and exits 0: what a graceful
 * SIGTERM of the attack service does to the TensorFlow library (test helper; its exit code is
 * the process's).
 */
import { AttackWorkerClient } from '../attack_worker_client.ts';

const client = new AttackWorkerClient();
await client.start();
await client.close();
process.exit(0);
