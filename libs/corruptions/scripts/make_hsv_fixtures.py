"""Fixtures for rgb2hsv / hsv2rgb (src/primitives/*.ts) from scikit-image.

Run from libs/corruptions: python3 scripts/make_hsv_fixtures.py
Needs pip: numpy scikit-image. Writes fixtures/primitives/hsv_*.npy and hsv_manifest.json.
"""
import json
import os

import numpy as np
import skimage
from skimage.color import hsv2rgb, rgb2hsv

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'primitives')
os.makedirs(OUT, exist_ok=True)
rs = np.random.RandomState(5150)
special = [[0, 0, 0], [255, 255, 255], [128, 128, 128], [255, 0, 0], [0, 255, 0], [0, 0, 255],
           [255, 255, 0], [0, 255, 255], [255, 0, 255], [200, 200, 10], [10, 200, 200], [200, 10, 200],
           [255, 0, 1], [255, 1, 0], [1, 0, 0], [0, 1, 1], [37, 37, 36], [36, 37, 37]]
rgb = np.concatenate([np.array(special), rs.randint(0, 256, size=(238, 3))]).astype(np.uint8)
x = (rgb / 255.).reshape(16, 16, 3)
hsv = rgb2hsv(x)
hsv_in = rs.uniform(0, 1, size=(16, 16, 3))
hsv_in[0, :4, 0] = [1.0, 0.0, 1 / 6, 5 / 6]
np.save(os.path.join(OUT, 'hsv_rgb_in.npy'), rgb.reshape(16, 16, 3))
np.save(os.path.join(OUT, 'hsv_rgb2hsv_out.npy'), hsv)
np.save(os.path.join(OUT, 'hsv_hsv_in.npy'), hsv_in)
np.save(os.path.join(OUT, 'hsv_hsv2rgb_out.npy'), hsv2rgb(hsv_in))
with open(os.path.join(OUT, 'hsv_manifest.json'), 'w') as f:
    json.dump({'versions': {'numpy': np.__version__, 'scikit-image': skimage.__version__},
               'rgb2hsv': 'rgb2hsv(hsv_rgb_in / 255.)', 'hsv2rgb': 'hsv2rgb(hsv_hsv_in)'}, f, indent=1)
print('wrote hsv fixtures to', OUT)
