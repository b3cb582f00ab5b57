import { describe, expect, it } from 'vitest';
import { AdaError, isRetriable, publicCode } from './index.ts';

class StoreLikeError extends AdaError {}

describe('AdaError', () => {
  it('carries code, retriable, cause and its subclass name; instanceof works through subclasses', () => {
    const cause = new Error('ECONNRESET');
    const e = new StoreLikeError('broker hiccup', { code: 'UNAVAILABLE', retriable: true, cause });
    expect(e).toBeInstanceOf(AdaError);
    expect(e).toBeInstanceOf(StoreLikeError);
    expect(e).toMatchObject({
      name: 'StoreLikeError',
      code: 'UNAVAILABLE',
      retriable: true,
      cause,
    });
    expect(publicCode(e)).toBe('UNAVAILABLE');
    expect(isRetriable(e)).toBe(true);
  });
  it('defaults to INTERNAL, not retriable; foreign errors map to INTERNAL and count as retriable', () => {
    const e = new AdaError('x');
    expect([e.code, e.retriable, isRetriable(e)]).toEqual(['INTERNAL', false, false]);
    expect(publicCode(new Error('boom'))).toBe('INTERNAL');
    expect(isRetriable(new Error('boom'))).toBe(true);
    expect(isRetriable({ retriable: false })).toBe(false);
  });
  it('rejects a code that is not UPPER_SNAKE', () => {
    expect(() => new AdaError('x', { code: 'not found' })).toThrow(/UPPER_SNAKE/);
  });
});
