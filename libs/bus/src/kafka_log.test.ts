import { logLevel, type LogEntry } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogCreator, kafkaLogLevel, type BusLogger } from './kafka_log.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';

function recorder(debug = false) {
  const records: Array<{ level: Level; msg: string; fields: Record<string, unknown> }> = [];
  const at =
    (level: Level) =>
    (msg: string, fields: Readonly<Record<string, unknown>> = {}) =>
      void records.push({ level, msg, fields: { ...fields } });
  const logger: BusLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    enabled: () => debug,
  };
  return { logger, records, write: kafkaLogCreator(logger)(logLevel.INFO) };
}

/** A kafkajs log entry as its Connection/Consumer loggers emit them. */
function entry(level: logLevel, namespace: string, log: Record<string, unknown>): LogEntry {
  const label = logLevel[level];
  return {
    namespace,
    level,
    label,
    log: { timestamp: '2026-12-06T21:00:00.000Z', logger: 'kafkajs', message: '', ...log },
  };
}

describe('kafkaLogCreator', () => {
  it.each([
    [
      'no leader for a topic created a moment ago (Metadata response)',
      entry(logLevel.ERROR, 'Connection', {
        message: 'Response Metadata(key: 3, version: 6)',
        broker: '127.0.0.1:19092',
        clientId: 'trainer-service',
        error:
          'There is no leader for this topic-partition as we are in the middle of a leadership election',
        correlationId: 3,
        size: 96,
      }),
    ],
    [
      'group coordinator not available yet (FindCoordinator response)',
      entry(logLevel.ERROR, 'Connection', {
        message: 'Response GroupCoordinator(key: 10, version: 2)',
        error: 'The group coordinator is not available',
        correlationId: 4,
      }),
    ],
    [
      'coordinator still loading the group',
      entry(logLevel.ERROR, 'Connection', {
        message: 'Response JoinGroup(key: 11, version: 5)',
        error: "The coordinator is loading and hence can't process requests for this group",
      }),
    ],
    [
      'a heartbeat while a second worker joins the group (kafkajs re-joins)',
      entry(logLevel.ERROR, 'Connection', {
        message: 'Response Heartbeat(key: 12, version: 3)',
        error: 'The group is rebalancing, so a rejoin is needed',
        correlationId: 9,
        size: 10,
      }),
    ],
    [
      'metadata refresh retried by the broker pool',
      entry(logLevel.ERROR, 'BrokerPool', {
        message:
          'There is no leader for this topic-partition as we are in the middle of a leadership election',
        retryCount: 1,
        retryTime: 240,
      }),
    ],
  ])('a retry kafkajs logs at ERROR at start (%s) is written at debug, not error', (_, e) => {
    const { records, write } = recorder();
    write(e);
    expect(records).toHaveLength(1);
    expect(records[0]!.level).toBe('debug');
    expect(records[0]!.msg).toBe(`kafka: ${String(e.log.message)}`);
    expect(records[0]!.fields).toMatchObject({ namespace: e.namespace });
    expect(records[0]!.fields).not.toHaveProperty('timestamp');
  });

  it('real failures stay errors; WARN is warn; INFO is debug', () => {
    const { records, write } = recorder();
    write(
      entry(logLevel.ERROR, 'BrokerPool', {
        message:
          'Failed to connect to seed broker, trying another broker from the list: Connection error: connect ECONNREFUSED 127.0.0.1:19092',
        retryCount: 0,
      }),
    );
    write(
      entry(logLevel.ERROR, 'Connection', {
        message: 'Response Produce(key: 0, version: 7)',
        error:
          'The request included a message larger than the max message size the server will accept',
      }),
    );
    write(
      entry(logLevel.ERROR, 'Consumer', {
        message: 'Crash: KafkaJSNumberOfRetriesExceeded: The group coordinator is not available',
      }),
    );
    write(entry(logLevel.WARN, 'Runner', { message: 'The group is rebalancing, re-joining' }));
    write(entry(logLevel.INFO, 'Consumer', { message: 'Starting', groupId: 'g' }));
    expect(records.map((r) => r.level)).toEqual(['error', 'error', 'error', 'warn', 'debug']);
  });

  it('asks kafkajs for INFO lines only when the logger writes debug records', () => {
    expect(kafkaLogLevel(recorder(true).logger)).toBe(logLevel.INFO);
    expect(kafkaLogLevel(recorder(false).logger)).toBe(logLevel.WARN);
  });
});
