#!/usr/bin/env python3
"""The GPU port's line-search root rule (`line_search_rule.py`, NumPy only) against the
TypeScript one (`chooseGamma`), on the cases `line_search_cases.ts` wrote with the TypeScript
results:

  python3 bench/gpu/test_line_search_rule.py

`libs/ada/src/gamma_choice.test.ts` runs this file when python3 has NumPy.
"""
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from line_search_rule import RULES, choose_gamma, guard_gamma  # noqa: E402


class AgainstTypeScript(unittest.TestCase):
    def test_fixture_cases(self):
        with open(os.path.join(HERE, 'fixtures', 'line_search_cases.json')) as f:
            fx = json.load(f)
        self.assertGreaterEqual(len(fx['cases']), 10)
        for case in fx['cases']:
            for rule in RULES:
                want = case['expected'][rule]
                gamma, grid_gamma, from_root = choose_gamma(fx['grid'], case['values'], rule, fx['tolerance'])
                with self.subTest(case=case['name'], rule=rule):
                    self.assertAlmostEqual(gamma, want['gamma'], places=9)
                    self.assertEqual(grid_gamma, want['gridGamma'])
                    self.assertEqual(from_root, want['fromRoot'])

    def test_the_port_bug(self):
        """Roots 2.63 and 0.642: the old port clipped 2.63 to 1 and kept the destroyed image."""
        grid = [k / 8 for k in range(9)]
        values = [0.7 * (g - 2.63) * (g - 0.642) / (2.63 * 0.642) for g in grid]
        self.assertAlmostEqual(choose_gamma(grid, values)[0], 0.642, places=9)
        self.assertEqual(choose_gamma(grid, values, 'closest-to-1')[0], 1.0)

    def test_guard_and_bad_input(self):
        self.assertEqual(guard_gamma(0.8, 0.75, 0.28, 0.3), 0.75)  # measured below t - 0.01
        self.assertEqual(guard_gamma(0.8, 0.75, 0.295, 0.3), 0.8)
        self.assertEqual(guard_gamma(0.6, 0.75, 0.5, 0.3), 0.75)  # a larger grid gamma is feasible
        with self.assertRaises(ValueError):
            choose_gamma([0, 1], [1, 0])
        with self.assertRaises(ValueError):
            choose_gamma([0, 0.5, 1], [1, 0, -1], 'largest')


if __name__ == '__main__':
    unittest.main()
