import { describe, expect, it } from 'vitest';
import { accuracyHistory, accuracyName, curvePoints } from './metrics.ts';

describe('accuracyName', () => {
  it('reads the corruption from the usual key forms', () => {
    expect(accuracyName('accuracy/fog')).toBe('fog');
    expect(accuracyName('accuracy.clean')).toBe('clean');
    expect(accuracyName('gaussian_noise_accuracy')).toBe('gaussian_noise');
    expect(accuracyName('loss')).toBeUndefined();
    expect(accuracyName('accuracy')).toBeUndefined();
    expect(accuracyName('train_accuracy')).toBeUndefined();
  });
});

describe('accuracyHistory', () => {
  it('one point per epoch, clean first, other keys ignored', () => {
    const pts = (vals: number[]) =>
      vals.map((value, i) => ({ step: 10 * (i + 1), epoch: i + 1, value }));
    const { rows, history } = accuracyHistory([
      { key: 'accuracy/fog', hasMore: false, points: pts([0.2, 0.3]) },
      { key: 'accuracy/clean', hasMore: false, points: pts([0.4, 0.6]) },
      { key: 'loss', hasMore: false, points: pts([2, 1]) },
    ]);
    expect(rows).toEqual(['clean', 'fog']);
    expect(history).toEqual([
      { epoch: 1, accuracy: { fog: 0.2, clean: 0.4 } },
      { epoch: 2, accuracy: { fog: 0.3, clean: 0.6 } },
    ]);
  });
});

describe('curvePoints', () => {
  it('merges history and live metrics by step, live values win', () => {
    const pts = curvePoints(
      [{ key: 'loss', hasMore: false, points: [{ step: 1, epoch: 0, value: 2 }] }],
      [
        { key: 'loss', value: 1.5, step: 1, epoch: 0 },
        { key: 'loss', value: 1.2, step: 2, epoch: 0 },
        { key: 'loss', value: 9, step: null, epoch: null },
      ],
    );
    expect(pts).toEqual([
      { metric: 'loss', step: 1, value: 1.5 },
      { metric: 'loss', step: 2, value: 1.2 },
    ]);
  });
});
