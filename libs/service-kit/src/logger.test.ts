import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLines, silentLogger } from './logger.ts';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const log = createLogger({
    service: 'trainer-service',
    ...(level === undefined ? {} : { level }),
    write: (line) => lines.push(line),
    now: () => new Date('2026-12-06T21:00:00.000Z'),
  });
  return { log, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line: ts, level, service, msg, fields', () => {
    const { log, lines } = capture();
    log.info('trainer.run_summary', { runId: 'r1', mce: 0.41 });
    log.warn('no fields');
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({
      ts: '2026-12-06T21:00:00.000Z',
      level: 'info',
      service: 'trainer-service',
      msg: 'trainer.run_summary',
      fields: { runId: 'r1', mce: 0.41 },
    });
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual([
      'ts',
      'level',
      'service',
      'msg',
      'fields',
    ]);
    expect(JSON.parse(lines[1]!)).toEqual({
      ts: '2026-12-06T21:00:00.000Z',
      level: 'warn',
      service: 'trainer-service',
      msg: 'no fields',
    });
  });

  it('drops records below its level (default info)', () => {
    const { log, lines } = capture();
    log.debug('hidden');
    log.error('shown');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
    expect(log.enabled('debug')).toBe(false);
    const verbose = capture('debug');
    verbose.log.debug('kept');
    expect(verbose.lines).toHaveLength(1);
    expect(verbose.log.enabled('debug')).toBe(true);
  });

  it('child loggers add fields; a record’s own fields win', () => {
    const { log, lines } = capture();
    log.child({ runId: 'r1', step: 1 }).info('step', { step: 2 });
    expect((JSON.parse(lines[0]!) as { fields: unknown }).fields).toEqual({ runId: 'r1', step: 2 });
  });

  it('writes errors as name, message and code, without a stack; newlines stay escaped', () => {
    const { log, lines } = capture();
    const error = Object.assign(new Error('broker down\nat start'), { code: 'BUS_ERROR' });
    log.error('publish failed', { error });
    expect(lines).toHaveLength(1);
    expect((JSON.parse(lines[0]!) as { fields: unknown }).fields).toEqual({
      error: { name: 'Error', message: 'broker down\nat start', code: 'BUS_ERROR' },
    });
  });

  it('names the argument at fault', () => {
    expect(() => createLogger({ service: '' })).toThrow(/'options.service'/);
    expect(() => createLogger({ service: 's', level: 'verbose' as unknown as 'info' })).toThrow(
      /'options.level' .* got 'verbose'/,
    );
  });

  it('silentLogger writes nothing; parseLogLines reads records back and skips other lines', () => {
    expect(silentLogger().enabled('error')).toBe(false);
    const { log, lines } = capture();
    log.info('a', { x: 1 });
    const records = parseLogLines(['banner: not json', ...lines, '{"broken"', ''].join('\n'));
    expect(records).toEqual([
      {
        ts: '2026-12-06T21:00:00.000Z',
        level: 'info',
        service: 'trainer-service',
        msg: 'a',
        fields: { x: 1 },
      },
    ]);
  });
});
