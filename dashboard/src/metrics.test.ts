import { describe, expect, it } from 'vitest';
import { accuracyHistory, accuracyName, curvePoints } from './metrics.ts';

const pts = (vals: number[]) =>
  vals.map((value, i) => ({ step: 10 * (i + 1), epoch: i + 1, value }));

describe('accuracyName', () => {
  it('bare corruption names (as run records log them) and prefixed forms', () => {
    expect(accuracyName('fog')).toBe('fog');
    expect(accuracyName('clean')).toBe('clean');
    expect(accuracyName('accuracy/fog')).toBe('fog');
    expect(accuracyName('gaussian_noise_accuracy')).toBe('gaussian_noise');
  });
  it('not for loss, lr or progress fields', () => {
    for (const k of ['loss', 'lr', 'imagesPerSecond', 'train/loss', 'epoch'])
      expect(accuracyName(k)).toBeUndefined();
  });
});

describe('accuracyHistory', () => {
  it('one point per epoch, clean first; loss and series outside [0, 1] left out', () => {
    const { rows, history } = accuracyHistory([
      { key: 'fog', hasMore: false, points: pts([0.2, 0.3]) },
      { key: 'clean', hasMore: false, points: pts([0.4, 0.6]) },
      { key: 'loss', hasMore: false, points: pts([2, 1]) },
      { key: 'weird', hasMore: false, points: pts([0.5, 3]) },
    ]);
    expect(rows).toEqual(['clean', 'fog']);
    expect(history).toEqual([
      { epoch: 1, accuracy: { fog: 0.2, clean: 0.4 } },
      { epoch: 2, accuracy: { fog: 0.3, clean: 0.6 } },
    ]);
  });
});

describe('curvePoints', () => {
  it('merges step history and live metrics by step (live wins), adds epoch accuracies', () => {
    const points = curvePoints(
      [{ key: 'loss', hasMore: false, points: [{ step: 1, epoch: 0, value: 2 }] }],
      [
        { key: 'loss', value: 1.5, step: 1, epoch: 0 },
        { key: 'loss', value: 1.2, step: 2, epoch: 0 },
        { key: 'loss', value: 9, step: null, epoch: null },
      ],
      [
        { key: 'clean', hasMore: false, points: pts([0.5]) },
        { key: 'fog', hasMore: false, points: pts([0.2]) },
        { key: 'snow', hasMore: false, points: pts([0.4]) },
      ],
    );
    expect(points).toEqual([
      { metric: 'clean accuracy', step: 10, value: 0.5 },
      { metric: 'loss', step: 1, value: 1.5 },
      { metric: 'loss', step: 2, value: 1.2 },
      { metric: 'mean corrupted accuracy', step: 10, value: expect.closeTo(0.3, 12) },
    ]);
  });
});
