"""Fixtures for spatter's OpenCV primitives (canny, distanceTransform5x5, boxBlur3x3,
equalizeHist, gaussianFilterF32) on spatter-like liquid layers.

Run from libs/corruptions: python3 scripts/make_spatter_fixtures.py
Needs pip: numpy scipy opencv-python-headless.
Writes fixtures/primitives/spatter_*.npy and fixtures/primitives/spatter_manifest.json.
"""
import json
import os

import cv2
import numpy as np
import scipy
from scipy import ndimage

# The reference ran Debian's OpenCV, built without Intel IPP; pip wheels ship IPP, whose
# distanceTransform uses float metrics instead of OpenCV's own 16-bit fixed point.
cv2.ipp.setUseIPP(False)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'primitives')
os.makedirs(OUT, exist_ok=True)
rs = np.random.RandomState(9090)
N = 12
layers, edges, dists, blur_f, blur_u8, eqs, gauss = [], [], [], [], [], [], []
for k in range(N):
    std = [0.1, 0.3][k % 2]
    sigma = [0.7, 0.8, 1.0][k % 3]
    liquid = ndimage.gaussian_filter(rs.normal(0.65, std, size=(32, 32)), sigma, mode='nearest')
    liquid[liquid < 0.69] = 0
    l8 = (np.clip(liquid, 0, 1) * 255).astype(np.uint8)
    e = cv2.Canny(l8, 50, 150)
    d = cv2.distanceTransform(255 - e, cv2.DIST_L2, 5)
    _, dt = cv2.threshold(d, 20, 20, cv2.THRESH_TRUNC)
    bf = cv2.blur(dt, (3, 3))
    d8 = bf.astype(np.uint8)
    eq = cv2.equalizeHist(d8)
    layers.append(l8)
    edges.append(e)
    dists.append(d)
    blur_f.append(bf)
    blur_u8.append(cv2.blur(eq, (3, 3)))
    eqs.append(eq)
    mask = (liquid > 0.69).astype(np.float32)
    out = np.empty_like(mask)
    ndimage.gaussian_filter(mask, [0.5, 0.6][k % 2], output=out, mode='nearest')
    gauss.append(out)
for name, arr in [('layers', layers), ('canny', edges), ('dist', dists), ('blur_f32', blur_f),
                  ('equalized', eqs), ('blur_u8', blur_u8), ('mud_gauss', gauss)]:
    np.save(os.path.join(OUT, f'spatter_{name}.npy'), np.stack(arr))
with open(os.path.join(OUT, 'spatter_manifest.json'), 'w') as f:
    json.dump({'versions': {'numpy': np.__version__, 'scipy': scipy.__version__, 'opencv': cv2.__version__},
               'ipp': cv2.ipp.useIPP(), 'count': N, 'shape': [32, 32], 'mud_sigmas': [0.5, 0.6],
               'chain': 'layers -> canny(50,150) -> distanceTransform(255 - canny, L2, 5) -> '
                        'trunc 20 -> blur_f32 -> uint8 -> equalized -> blur_u8 (of equalized); '
                        'mud_gauss = gaussian_filter(float32 (liquid > 0.69), sigma k % 2)'}, f, indent=1)
print('wrote spatter fixtures to', OUT)
