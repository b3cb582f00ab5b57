#!/usr/bin/env python3
"""The GPU port's AugMix (`augmix_np.py`, NumPy only) against the Pillow fixtures the TypeScript
AugMix is tested on (`libs/augment/fixtures/augmix/`, made by
`libs/augment/scripts/make_augmix_fixtures.py`), with the TypeScript tests' tolerances:

  python3 bench/gpu/test_augmix_np.py

- ops: `ops/ops.test.ts` (MAE <= 2/255 and max |diff| <= 1 per case over the 6 inputs);
- mix: `augment_and_mix.test.ts` (max |diff| < 1e-5 against the reference's
  `np.random.seed(s); augment_and_mix(x)` for seeds 11..18, severity 3, width 3, depth -1).
"""
import json
import os
import sys
import time
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import augmix_np as am  # noqa: E402

FIXTURES = os.path.join(HERE, '..', '..', 'libs', 'augment', 'fixtures', 'augmix')
INPUTS = np.load(os.path.join(FIXTURES, 'inputs.npy'))  # uint8 [6, 32, 32, 3]
OPS = np.load(os.path.join(FIXTURES, 'ops.npy'))  # uint8 [18, 6, 32, 32, 3]
MIX = np.load(os.path.join(FIXTURES, 'mix.npy'))  # float32 [8, 32, 32, 3]
with open(os.path.join(FIXTURES, 'cases.json')) as f:
    META = json.load(f)


def input_float(i):
    """inputs[i] / 255 in float32, as the reference and the TypeScript test convert it."""
    return INPUTS[i].astype(np.float32) / np.float32(255)


class OpsVsPillow(unittest.TestCase):
    def test_covers_every_op(self):
        self.assertEqual({c['op'] for c in META['cases']}, set(am.OP_NAMES))

    def test_each_case_on_32x32x3_inputs(self):
        self.assertEqual(INPUTS.shape, (6, 32, 32, 3))
        for k, case in enumerate(META['cases']):
            op, param, resample = case['op'], case['param'], case.get('resample')
            label = f"{op}({'' if param is None else param}{', ' + resample if resample else ''})"
            diffs = []
            for i in range(len(INPUTS)):
                x = INPUTS[i].copy()
                out = am.rotate(x, param, resample) if resample else am.apply_op(op, x, param or 0)
                self.assertEqual((out.dtype, out.shape), (np.uint8, x.shape))
                np.testing.assert_array_equal(x, INPUTS[i])  # the input is left as it was
                diffs.append(np.abs(out.astype(np.int16) - OPS[k, i].astype(np.int16)))
            d = np.stack(diffs)
            mae, max_diff = d.mean() / 255, int(d.max())
            # Printed so the measured error per op can be reported.
            print(f'augmix_np op {label}: MAE {mae * 255:.4f}/255, max |diff| {max_diff}', file=sys.stderr)
            with self.subTest(case=label):
                self.assertLessEqual(mae, 2 / 255)
                self.assertLessEqual(max_diff, 1)


def loop_affine_bilinear(img, coeffs):
    """`affine_bilinear.ts` pixel by pixel (the vectorised port must equal it bit for bit)."""
    a0, a1, a2, a3, a4, a5 = coeffs
    h, w = img.shape[:2]
    out = np.zeros_like(img)
    for y in range(h):
        for x in range(w):
            xin = a0 * (x + 0.5) + a1 * (y + 0.5) + a2
            yin = a3 * (x + 0.5) + a4 * (y + 0.5) + a5
            if xin < 0 or xin >= w or yin < 0 or yin >= h:
                continue
            xin -= 0.5
            yin -= 0.5
            xf, yf = int(np.floor(xin)), int(np.floor(yin))
            dx, dy = xin - xf, yin - yf
            x0, x1 = min(max(xf, 0), w - 1), min(max(xf + 1, 0), w - 1)
            row0 = min(max(yf, 0), h - 1)
            for c in range(3):
                p00, p01 = float(img[row0, x0, c]), float(img[row0, x1, c])
                v1 = p00 + (p01 - p00) * dx
                v2 = v1
                if 0 <= yf + 1 < h:
                    p10, p11 = float(img[yf + 1, x0, c]), float(img[yf + 1, x1, c])
                    v2 = p10 + (p11 - p10) * dx
                out[y, x, c] = int(v1 + (v2 - v1) * dy)
    return out


def loop_affine_nearest(img, coeffs):
    """`affine_nearest.ts` step by step, in 16.16 fixed point."""
    a0, a1, a2, a3, a4, a5 = coeffs
    h, w = img.shape[:2]
    out = np.zeros_like(img)
    fix = am._fix16
    xo, yo = fix(a2 + a1 * 0.5 + a0 * 0.5), fix(a5 + a4 * 0.5 + a3 * 0.5)
    for y in range(h):
        xx, yy = xo, yo
        for x in range(w):
            xin, yin = xx // 65536, yy // 65536
            if 0 <= xin < w and 0 <= yin < h:
                out[y, x] = img[yin, xin]
            xx += fix(a0)
            yy += fix(a3)
        xo += fix(a1)
        yo += fix(a4)
    return out


class AffineVsLoops(unittest.TestCase):
    def test_random_maps_on_13x9_and_32x32_images(self):
        """The vectorised resamplers equal the TypeScript loops on random maps (edges, the row
        below the last, far-outside points), not only on the fixture cases."""
        rs = np.random.RandomState(7)
        for trial in range(60):
            h, w = (13, 9) if trial % 2 else (32, 32)
            img = rs.randint(0, 256, (h, w, 3)).astype(np.uint8)
            angle = rs.uniform(-np.pi, np.pi)
            scale = rs.uniform(0.5, 1.5)
            coeffs = [scale * np.cos(angle), scale * np.sin(angle), rs.uniform(-w, w),
                      -scale * np.sin(angle), scale * np.cos(angle), rs.uniform(-h, h)]
            if trial % 3 == 0:
                coeffs = [1, rs.uniform(-0.3, 0.3), rs.randint(-4, 5), rs.uniform(-0.3, 0.3), 1, rs.randint(-4, 5)]
            with self.subTest(trial=trial):
                np.testing.assert_array_equal(am.affine_bilinear(img, coeffs), loop_affine_bilinear(img, coeffs))
                np.testing.assert_array_equal(am.affine_nearest(img, coeffs), loop_affine_nearest(img, coeffs))


class MixVsReference(unittest.TestCase):
    def test_reproduces_the_reference_for_8_seeds(self):
        mix = META['mix']
        self.assertEqual((mix['severity'], mix['width'], mix['depth']), (3, 3, -1))
        for k, (seed, i) in enumerate(zip(mix['seeds'], mix['input_index'])):
            plan = am.sample_plan(np.random.RandomState(seed))
            out = am.apply_plan(input_float(i), plan)
            max_diff = float(np.abs(out.astype(np.float64) - MIX[k]).max())
            print(f'augmix_np mix seed {seed}: max |diff| {max_diff:.3g}', file=sys.stderr)
            with self.subTest(seed=seed):
                self.assertEqual(out.dtype, np.float32)
                self.assertLess(max_diff, 1e-5)

    def test_plan_ranges_for_50_seeds(self):
        for s in range(50):
            plan = am.sample_plan(np.random.RandomState(s))
            self.assertAlmostEqual(sum(plan.weights), 1, places=6)
            self.assertTrue(0 <= plan.skip <= 1)
            self.assertEqual(len(plan.chains), 3)
            for chain in plan.chains:
                self.assertTrue(1 <= len(chain) <= 3)
                for step in chain:
                    self.assertIn(step.op, am.OP_NAMES)

    def test_depth_2_width_4_gives_4_chains_of_2(self):
        plan = am.sample_plan(np.random.RandomState(3), width=4, depth=2)
        self.assertEqual(len(plan.weights), 4)
        self.assertEqual([len(c) for c in plan.chains], [2, 2, 2, 2])

    def test_weights_and_skip_are_numpys_legacy_draws(self):
        """Dirichlet(1) and Beta(1, 1) written out equal RandomState.dirichlet / .beta, and leave
        the generator in the same state (same number of draws)."""
        for s in range(200):
            for k in (1, 3, 4):
                ours, ref = np.random.RandomState(s), np.random.RandomState(s)
                self.assertEqual(am.dirichlet_ones(ours, k), list(ref.dirichlet([1.0] * k)))
                self.assertEqual(am.beta_ones(ours), ref.beta(1, 1))
                self.assertEqual(ours.random_sample(), ref.random_sample())

    def test_plan_is_the_reference_draw_order(self):
        """The plan's weights and skip are float32 casts of the first draws, and the ops' own
        draws come in the reference's order (checked by replaying the draws by hand)."""
        for s in range(20):
            plan = am.sample_plan(np.random.RandomState(s))
            rng = np.random.RandomState(s)
            ws = np.float32(rng.dirichlet([1.0] * 3))
            m = np.float32(rng.beta(1, 1))
            self.assertEqual(plan.weights, tuple(float(w) for w in ws))
            self.assertEqual(plan.skip, float(m))
            for chain in plan.chains:
                self.assertEqual(len(chain), rng.randint(1, 4))
                for step in chain:
                    self.assertEqual(step.op, am.OP_NAMES[rng.randint(0, 9)])
                    level = rng.uniform(low=0.1, high=3) if step.op not in ('autocontrast', 'equalize') else None
                    want = {
                        'autocontrast': lambda: 0,
                        'equalize': lambda: 0,
                        'posterize': lambda: 4 - int(level * 4 / 10),
                        'solarize': lambda: 256 - int(level * 256 / 10),
                        'rotate': lambda: int(level * 30 / 10),
                        'shear_x': lambda: float(level) * 0.3 / 10.0,
                        'shear_y': lambda: float(level) * 0.3 / 10.0,
                        'translate_x': lambda: int(level * (32 / 3) / 10),
                        'translate_y': lambda: int(level * (32 / 3) / 10),
                    }[step.op]()
                    if step.op in ('rotate', 'shear_x', 'shear_y', 'translate_x', 'translate_y'):
                        want = -want if rng.uniform() > 0.5 else want
                    self.assertEqual(step.param, want)


class Batch(unittest.TestCase):
    def test_batch_equals_per_image_and_stays_in_0_1(self):
        x = np.stack([input_float(b) for b in range(3)])
        y = am.augmix_batch(x, [101, 202, 303])
        self.assertEqual((y.dtype, y.shape), (np.float32, x.shape))
        np.testing.assert_array_equal(y[1], am.augmix_batch(x[1:2], [202])[0])
        for b, seed in enumerate([101, 202, 303]):  # one re-seeded generator == RandomState(seed)
            np.testing.assert_array_equal(y[b], am.apply_plan(x[b], am.sample_plan(np.random.RandomState(seed))))
        self.assertGreaterEqual(y.min(), 0)
        self.assertLessEqual(y.max(), 1)
        np.testing.assert_array_equal(x, np.stack([input_float(b) for b in range(3)]))  # input untouched

    def test_same_seed_same_output(self):
        x = np.random.RandomState(0).random_sample((4, 16, 16, 3)).astype(np.float32)
        a = am.augmix_batch(x, [5, 6, 7, 8], width=4, depth=2)
        b = am.augmix_batch(x, [5, 6, 7, 8], width=4, depth=2)
        np.testing.assert_array_equal(a, b)
        self.assertFalse(np.array_equal(a[0], am.augmix_batch(x[:1], [9], width=4, depth=2)[0]))

    def test_ops_on_a_non_square_image(self):
        img = (np.random.RandomState(1).random_sample((7, 12, 3)) * 256).astype(np.uint8)
        for name in am.OP_NAMES:
            param = {'posterize': 3, 'solarize': 128, 'rotate': 17, 'shear_x': 0.2, 'shear_y': -0.2,
                     'translate_x': 3, 'translate_y': -2}.get(name, 0)
            self.assertEqual(am.apply_op(name, img, param).shape, (7, 12, 3))
        np.testing.assert_array_equal(am.rotate(img, 360), img)
        np.testing.assert_array_equal(am.translate_x(img, 0), img)
        np.testing.assert_array_equal(am.posterize(img, 8), img)
        np.testing.assert_array_equal(am.solarize(img, 256), img)
        np.testing.assert_array_equal(am.solarize(img, 0), 255 - img)
        self.assertFalse(am.posterize(img, 0).any())


class BadInput(unittest.TestCase):
    def assert_raises(self, exc, pattern, fn, *args, **kwargs):
        with self.assertRaisesRegex(exc, pattern):
            fn(*args, **kwargs)

    def test_settings(self):
        rng = np.random.RandomState(0)
        self.assert_raises(ValueError, "'severity'", am.sample_plan, rng, severity=11)
        self.assert_raises(ValueError, "'severity'", am.sample_plan, rng, severity=float('nan'))
        self.assert_raises(ValueError, "'depth'", am.sample_plan, rng, depth=0)
        self.assert_raises(ValueError, "'depth'", am.sample_plan, rng, depth=-2)
        self.assert_raises(ValueError, "'width'", am.sample_plan, rng, width=0)
        self.assert_raises(ValueError, "'width'", am.sample_plan, rng, width=1.5)
        self.assert_raises(ValueError, "'ops'", am.sample_plan, rng, ops=[])
        self.assert_raises(ValueError, "'ops'", am.sample_plan, rng, ops=['blur'])
        self.assert_raises(TypeError, "'rng'", am.sample_plan, np.random.default_rng(0))

    def test_batch(self):
        x = np.zeros((2, 8, 8, 3), dtype=np.float32)
        self.assert_raises(ValueError, "'seeds'.*one seed per example", am.augmix_batch, x, [1])
        self.assert_raises(ValueError, "'seeds'.*2\\^32", am.augmix_batch, x, [1, -1])
        self.assert_raises(ValueError, "'seeds'", am.augmix_batch, x, [1, 2.5])
        one_channel = np.zeros((2, 8, 8, 1), np.float32)
        self.assert_raises(ValueError, "'x'.*\\[N, H, W, 3\\]", am.augmix_batch, one_channel, [1, 2])
        self.assert_raises(ValueError, "'x'.*\\[N, H, W, 3\\]", am.augmix_batch, x[0], [1])
        self.assert_raises(TypeError, "'x'.*float32", am.augmix_batch, x.astype(np.float64), [1, 2])
        self.assert_raises(ValueError, "'severity'", am.augmix_batch, x, [1, 2], severity=0)
        plan = am.sample_plan(np.random.RandomState(0))
        self.assert_raises(ValueError, "'pixels'.*\\[H, W, 3\\]", am.apply_plan, x, plan)

    def test_ops(self):
        img = INPUTS[0]
        self.assert_raises(TypeError, "'img' passed to 'equalize'.*uint8", am.equalize, img.astype(np.float32))
        self.assert_raises(ValueError, "'img' passed to 'autocontrast'.*\\[H, W, 3\\]", am.autocontrast, img[..., :2])
        self.assert_raises(ValueError, "'img' passed to 'rotate'", am.rotate, img[:0], 5)
        self.assert_raises(ValueError, "'bits'.*0..8", am.posterize, img, 9)
        self.assert_raises(ValueError, "'bits'", am.posterize, img, 2.5)
        self.assert_raises(ValueError, "'threshold'.*0..256", am.solarize, img, 257)
        self.assert_raises(ValueError, "'degrees'.*finite", am.rotate, img, float('inf'))
        self.assert_raises(ValueError, "'resample'", am.rotate, img, 5, 'bicubic')
        self.assert_raises(ValueError, "'level'.*finite", am.shear_x, img, float('nan'))
        self.assert_raises(ValueError, "'pixels'.*finite", am.translate_y, img, float('inf'))
        self.assert_raises(ValueError, "'coeffs'", am.affine_bilinear, img, [1, 0, 0, 0, 1])
        self.assert_raises(ValueError, "'name'", am.apply_op, 'blur', img, 0)


class Speed(unittest.TestCase):
    def test_report_speed(self):
        """Not a check: prints ms per op on 32x32 and per image of augmix_batch on 64 images."""
        img = INPUTS[0]
        params = {'posterize': 3, 'solarize': 180, 'rotate': 8, 'shear_x': 0.25, 'shear_y': -0.12,
                  'translate_x': 3, 'translate_y': -2}
        for name in am.OP_NAMES:
            t = time.perf_counter()
            for _ in range(200):
                am.apply_op(name, img, params.get(name, 0))
            print(f'augmix_np {name}: {(time.perf_counter() - t) / 200 * 1e3:.3f} ms on 32x32x3', file=sys.stderr)
        x = np.stack([input_float(b % 6) for b in range(64)])
        t = time.perf_counter()
        am.augmix_batch(x, list(range(64)))
        ms = (time.perf_counter() - t) / 64 * 1e3
        print(f'augmix_np augmix_batch: {ms:.3f} ms per image (64 images, severity 3, width 3, depth -1)',
              file=sys.stderr)


if __name__ == '__main__':
    unittest.main()
