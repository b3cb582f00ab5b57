import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logLevel } from 'kafkajs';
import type { DeliveredMessage, EventBus, Subscription } from '../bus.ts';
import { InProcessBus } from '../in_process_bus.ts';
import { KafkaBus, kafkaOptionsFromEnv } from '../kafka_bus.ts';
import { waitFor as waitForCondition } from '@ada/test-helpers';

/**
 * Test harnesses of the EventBus contract suites: one per implementation, with the way to
 * crash a group member (in-process: drop it; Kafka: SIGKILL a real consumer process). The Kafka
 * harness is skipped, with the reason, when KAFKA_BROKERS is not set. Call `closeAll()` in
 * `afterAll`.
 *
 * ```ts
 * for (const h of HARNESSES) describe.skipIf(h.skip !== undefined)(titleOf(h), () => { ... });
 * ```
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');

export interface Victim {
  /** Values received so far. */
  received: string[];
  /** Dies without committing what it holds. */
  crash(): Promise<void>;
}

export interface Harness {
  name: string;
  skip: string | undefined;
  create(): Promise<EventBus>;
  /** A group member that hangs on message `hangOn` until crashed. */
  startVictim(bus: EventBus, topic: string, groupId: string, hangOn: string): Promise<Victim>;
}

const buses: EventBus[] = [];
const children: ChildProcess[] = [];
/** Kills leftover victims and closes every bus the harnesses created. */
export async function closeAll(): Promise<void> {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(buses.splice(0).map((b) => b.close()));
}

export const inProcess: Harness = {
  name: 'in-process',
  skip: undefined,
  async create() {
    const bus = new InProcessBus();
    buses.push(bus);
    return bus;
  },
  async startVictim(bus, topic, groupId, hangOn) {
    const received: string[] = [];
    const sub = await bus.subscribe({
      topic,
      groupId,
      handler: async (m) => {
        received.push(text(m));
        if (text(m) === hangOn) await new Promise<never>(() => undefined);
      },
    });
    return { received, crash: async () => (bus as InProcessBus).kill(sub) };
  },
};

const kafkaOptions = kafkaOptionsFromEnv('bus-contract');
export const kafka: Harness = {
  name: 'kafka',
  skip:
    kafkaOptions === undefined
      ? 'KAFKA_BROKERS not set (start a broker with deploy/local/stack start; eval "$(deploy/local/stack env)")'
      : undefined,
  async create() {
    if (kafkaOptions === undefined) throw new Error('unreachable: skipped without KAFKA_BROKERS');
    const bus = new KafkaBus({ ...kafkaOptions, logLevel: logLevel.NOTHING });
    buses.push(bus);
    return bus;
  },
  async startVictim(_bus, topic, groupId, hangOn) {
    // A real process, killed with SIGKILL: no commit, no LeaveGroup.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'crash_consumer.ts'), topic, groupId, hangOn],
      { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    const received: string[] = [];
    let ready = false;
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const event = JSON.parse(line) as { received?: string; ready?: boolean };
        if (event.ready === true) ready = true;
        if (event.received !== undefined) received.push(event.received);
      }
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await waitFor(() => ready || child.exitCode !== null, 'the victim consumer to start');
    if (child.exitCode !== null)
      throw new Error(`the victim consumer exited with ${child.exitCode}`);
    return {
      received,
      crash: async () => {
        child.kill('SIGKILL');
        await exited;
      },
    };
  },
};

export const text = (m: DeliveredMessage) => new TextDecoder().decode(m.value ?? new Uint8Array(0));
export const bytes = (s: string) => new TextEncoder().encode(s);
export const unique = (what: string) => `test.${what}.${randomUUID().slice(0, 8)}`;

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  await waitForCondition(condition, { what, timeoutMs });
}

/** Collects every value consumed by a fresh group on `topic`. */
export async function collect(
  bus: EventBus,
  topic: string,
  groupId = unique('collector'),
): Promise<{ messages: DeliveredMessage[]; sub: Subscription }> {
  const messages: DeliveredMessage[] = [];
  const sub = await bus.subscribe({ topic, groupId, handler: async (m) => void messages.push(m) });
  return { messages, sub };
}

/** Every harness, in-process first. */
export const HARNESSES: readonly Harness[] = [inProcess, kafka];

/** Suite title with the skip reason visible. */
export function titleOf(suite: string, h: Harness): string {
  return h.skip === undefined ? `${suite}: ${h.name}` : `${suite}: ${h.name} (skipped: ${h.skip})`;
}
