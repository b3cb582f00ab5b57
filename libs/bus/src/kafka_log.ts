import { logLevel, type logCreator, type LogEntry } from 'kafkajs';

/**
 * Where the Kafka client's own log goes: any structured logger with these four methods (the
 * service kit's `Logger` is one). A record is `msg` plus fields.
 */
export interface BusLogger {
  debug(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Whether `debug` records are written (then kafkajs's INFO lines are passed on too). */
  enabled?(level: 'debug'): boolean;
}

/**
 * Broker answers that kafkajs retries on its own and that every start meets: a topic created a
 * moment ago has no leader yet, the group coordinator is still loading or moving, a member
 * joining the group (a second worker starting) makes the others' heartbeats answer "rebalancing"
 * and they re-join. kafkajs logs each such answer at ERROR; they are expected, so they go to
 * debug. When the retries run out the caller gets the error, and kafkajs's own crash or give-up
 * lines stay errors.
 */
const RETRIED_AT_START = [
  'There is no leader for this topic-partition', // LEADER_NOT_AVAILABLE
  'This server does not host this topic-partition', // UNKNOWN_TOPIC_OR_PARTITION
  'This server is not the leader for that topic-partition', // NOT_LEADER_FOR_PARTITION
  'The group coordinator is not available', // GROUP_COORDINATOR_NOT_AVAILABLE
  'This is not the correct coordinator for this group', // NOT_COORDINATOR_FOR_GROUP
  'The coordinator is loading and hence', // GROUP_LOAD_IN_PROGRESS
  'The group is rebalancing, so a rejoin is needed', // REBALANCE_IN_PROGRESS
] as const;

/**
 * Whether a kafkajs log entry reports a broker answer that kafkajs is retrying (see above): a
 * `Connection` line about one response (`error` is the broker's answer), or a retrier's line
 * (with `retryCount`). A line that merely quotes such an answer (a consumer `Crash` after the
 * retries ran out) is not one.
 */
export function isRetriedBrokerAnswer(entry: LogEntry): boolean {
  const { message, error, retryCount } = entry.log as {
    message?: unknown;
    error?: unknown;
    retryCount?: unknown;
  };
  const known = (text: unknown) =>
    typeof text === 'string' && RETRIED_AT_START.some((answer) => text.includes(answer));
  return (
    (entry.namespace === 'Connection' && known(error)) ||
    (typeof retryCount === 'number' && (known(message) || known(error)))
  );
}

/**
 * A kafkajs `logCreator` that writes the client's log through `logger`: ERROR -> error (but
 * retried broker answers -> debug), WARN -> warn, INFO and DEBUG -> debug. The record's `msg` is
 * kafkajs's message, its fields the entry's data plus `namespace` (`Connection`, `Consumer`).
 *
 * ```ts
 * new Kafka({ brokers, logLevel: kafkaLogLevel(logger), logCreator: kafkaLogCreator(logger) });
 * ```
 */
export function kafkaLogCreator(logger: BusLogger): logCreator {
  return () => (entry) => {
    const { message, timestamp: _ts, logger: _name, ...fields } = entry.log;
    const record = { namespace: entry.namespace, ...fields };
    const msg = `kafka: ${String(message)}`;
    switch (entry.level) {
      case logLevel.ERROR:
        if (isRetriedBrokerAnswer(entry)) logger.debug(msg, record);
        else logger.error(msg, record);
        return;
      case logLevel.WARN:
        logger.warn(msg, record);
        return;
      case logLevel.INFO:
      case logLevel.DEBUG:
        logger.debug(msg, record);
        return;
      default:
        logger.debug(msg, record);
    }
  };
}

/** The kafkajs level that feeds `logger`: INFO when it writes debug records, else WARN. */
export function kafkaLogLevel(logger: BusLogger): logLevel {
  return logger.enabled?.('debug') === true ? logLevel.INFO : logLevel.WARN;
}
