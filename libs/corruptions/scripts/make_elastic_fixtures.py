"""Fixtures for the elastic_transform primitives (getAffineTransform, warpAffine, mapCoordinates).

Run from libs/corruptions: python3 scripts/make_elastic_fixtures.py
Needs pip: numpy scipy opencv-python-headless.
Writes fixtures/primitives/elastic_*.npy and fixtures/primitives/elastic_manifest.json.
"""
import json
import os

import cv2
import numpy as np
import scipy
from scipy.ndimage import map_coordinates

cv2.ipp.setUseIPP(False)  # the reference's Debian OpenCV has no Intel IPP
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'primitives')
os.makedirs(OUT, exist_ok=True)
rs = np.random.RandomState(7071)

# Affine maps from three jittered points, as elastic_transform draws them (shifts up to 3 px).
img = rs.uniform(0, 1, size=(9, 11, 3)).astype(np.float32)
src = np.float32([[6, 6], [6, 2], [2, 2]])
mats, warps, dsts = [], [], []
for shift in [0.0, 0.5, 1.0, 2.0, 3.0, 3.0]:
    dst = src + rs.uniform(-shift, shift, size=(3, 2)).astype(np.float32)
    m = cv2.getAffineTransform(src, dst)
    dsts.append(dst)
    mats.append(m)
    warps.append(cv2.warpAffine(img, m, (11, 9), borderMode=cv2.BORDER_REFLECT_101))
np.save(os.path.join(OUT, 'elastic_warp_in.npy'), img)
np.save(os.path.join(OUT, 'elastic_warp_dst_points.npy'), np.stack(dsts))
np.save(os.path.join(OUT, 'elastic_affine.npy'), np.stack(mats))
np.save(os.path.join(OUT, 'elastic_warp_out.npy'), np.stack(warps))

# map_coordinates order 1 mode reflect, coordinates inside and far outside the 9x11 grid.
rows = rs.uniform(-12, 21, size=(9, 11))
cols = rs.uniform(-14, 25, size=(9, 11))
rows[0, :4] = [-0.5, -1e-16, 8.5, 9.0]
cols[0, :4] = [-1.0, 10.5, 11.0, -22.0]
z = np.broadcast_to(np.arange(3), (9, 11, 3))
idx = (np.repeat(rows[..., None], 3, -1).reshape(-1, 1), np.repeat(cols[..., None], 3, -1).reshape(-1, 1),
       z.reshape(-1, 1))
mapped = map_coordinates(img, idx, order=1, mode='reflect').reshape(9, 11, 3)
np.save(os.path.join(OUT, 'elastic_map_rows.npy'), rows)
np.save(os.path.join(OUT, 'elastic_map_cols.npy'), cols)
np.save(os.path.join(OUT, 'elastic_map_out.npy'), mapped)

with open(os.path.join(OUT, 'elastic_manifest.json'), 'w') as f:
    json.dump({'versions': {'numpy': np.__version__, 'scipy': scipy.__version__, 'opencv': cv2.__version__},
               'src_points': src.tolist(), 'image': [9, 11, 3]}, f, indent=1)
print('wrote elastic fixtures to', OUT)
