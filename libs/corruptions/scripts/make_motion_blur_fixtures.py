"""Fixtures for the ImageMagick motion-blur primitive (src/primitives/motion_blur.ts).

Runs ImageMagick 6's MagickMotionBlurImage through Wand the way the CIFAR-10-C reference does:
PIL writes the uint8 image as PNG, Wand reads it, blurs it and writes PNG, OpenCV decodes it.
Run from libs/corruptions: python3 scripts/make_motion_blur_fixtures.py
Needs ImageMagick 6 (Debian: libmagickwand-6.q16-6), pip: Wand numpy pillow opencv-python-headless.
Writes fixtures/primitives/motion_*.npy and fixtures/primitives/motion_manifest.json.
"""
import ctypes
import json
import os
from io import BytesIO

import cv2
import numpy as np
from PIL import Image
from wand.api import library as wandlibrary
from wand.image import Image as WandImage
from wand.version import MAGICK_VERSION

wandlibrary.MagickMotionBlurImage.argtypes = (ctypes.c_void_p, ctypes.c_double, ctypes.c_double,
                                              ctypes.c_double)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'primitives')
os.makedirs(OUT, exist_ok=True)


def blur(arr, radius, sigma, angle):
    buf = BytesIO()
    Image.fromarray(arr).save(buf, format='PNG')
    img = WandImage(blob=buf.getvalue())
    wandlibrary.MagickMotionBlurImage(img.wand, radius, sigma, angle)
    return cv2.imdecode(np.frombuffer(img.make_blob('PNG'), np.uint8), cv2.IMREAD_UNCHANGED)


rs = np.random.RandomState(4242)
rgb = rs.randint(0, 256, size=(12, 16, 3)).astype(np.uint8)
grey = (rs.uniform(0, 1, size=(16, 16)) ** 3 * 255).astype(np.uint8)  # sparse bright, like snow
angles = [-180.0, -135.0, -112.7, -90.0, -61.3, -45.0, -7.468, 0.0, 21.5, 44.9, 90.0, 137.2]
params = [(6, 1), (6, 2), (9, 2.5), (10, 4), (12, 6), (14, 12)]
cases = [{'radius': r, 'sigma': s, 'angle': a} for (r, s) in params for a in angles]
rgb_out = np.stack([blur(rgb, c['radius'], c['sigma'], c['angle'])[..., ::-1] for c in cases])
grey_out = np.stack([blur(grey, c['radius'], c['sigma'], c['angle']) for c in cases])
np.save(os.path.join(OUT, 'motion_rgb_in.npy'), rgb)
np.save(os.path.join(OUT, 'motion_rgb_out.npy'), np.ascontiguousarray(rgb_out))
np.save(os.path.join(OUT, 'motion_grey_in.npy'), grey)
np.save(os.path.join(OUT, 'motion_grey_out.npy'), grey_out)

manifest = {
    'imagemagick': MAGICK_VERSION,
    'rgb': {'input': 'motion_rgb_in.npy', 'output': 'motion_rgb_out.npy'},
    'grey': {'input': 'motion_grey_in.npy', 'output': 'motion_grey_out.npy'},
    'cases': cases,
}
with open(os.path.join(OUT, 'motion_manifest.json'), 'w') as f:
    json.dump(manifest, f, indent=1)
print('wrote', len(cases), 'motion blur cases to', OUT)
