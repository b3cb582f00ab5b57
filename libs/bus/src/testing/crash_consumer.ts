/**
 * A Kafka consumer to be killed with SIGKILL by the bus contract suite (at-least-once after a
 * crash). Joins `groupId` on `topic`, prints `{"received": value}` per message on stdout and
 * never finishes the message whose value is `hangOn`, so it dies holding it uncommitted.
 *
 * Usage: node --import tsx crash_consumer.ts <topic> <groupId> <hangOn>   (KAFKA_BROKERS set)
 */
import { logLevel } from 'kafkajs';
import { KafkaBus, kafkaOptionsFromEnv } from '../index.ts';

const [topic, groupId, hangOn] = process.argv.slice(2);
const options = kafkaOptionsFromEnv('crash-victim');
if (topic === undefined || groupId === undefined || hangOn === undefined || options === undefined) {
  process.stderr.write('usage: crash_consumer.ts <topic> <groupId> <hangOn> with KAFKA_BROKERS\n');
  process.exit(2);
}
const bus = new KafkaBus({ ...options, logLevel: logLevel.NOTHING });
await bus.subscribe({
  topic,
  groupId,
  sessionTimeoutMs: 3000,
  handler: async (message) => {
    const value = new TextDecoder().decode(message.value ?? new Uint8Array(0));
    process.stdout.write(`${JSON.stringify({ received: value })}\n`);
    if (value === hangOn) await new Promise<never>(() => undefined);
  },
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
