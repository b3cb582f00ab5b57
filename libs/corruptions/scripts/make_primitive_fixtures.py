"""Reference fixtures for the numerical primitives of libs/corruptions (scipy / scikit-image).

Run from libs/corruptions: python3 scripts/make_primitive_fixtures.py
Writes fixtures/primitives/*.npy (small arrays) and fixtures/primitives/manifest.json.
Needs numpy, scipy and Pillow (pip install numpy scipy pillow).
"""
import json
import os

import numpy as np
from scipy import ndimage

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'primitives')
os.makedirs(OUT, exist_ok=True)
rs = np.random.RandomState(20221)
manifest = {'versions': {'numpy': np.__version__, 'scipy': __import__('scipy').__version__}}

# gaussian_filter on a 9x7x3 float64 image, sigma over the spatial axes only.
img = rs.uniform(0, 1, size=(9, 7, 3))
np.save(os.path.join(OUT, 'gauss_in.npy'), img)
cases = []
for mode in ['nearest', 'reflect', 'mirror', 'wrap', 'constant']:
    for sigma, truncate in [(0.4, 4.0), (0.7, 4.0), (1.5, 4.0), (2.2, 3.0), (3.0, 4.0)]:
        name = f'gauss_{mode}_{sigma}_{truncate}.npy'
        out = ndimage.gaussian_filter(img, (sigma, sigma, 0), mode=mode, truncate=truncate)
        np.save(os.path.join(OUT, name), out)
        cases.append({'file': name, 'mode': mode, 'sigma': sigma, 'truncate': truncate})
manifest['gaussian_filter'] = {'input': 'gauss_in.npy', 'cases': cases}

# zoom order 1 of float32 crops (the zoom_blur / snow use), output cast to float32 by scipy.
zin = rs.uniform(0, 1, size=(32, 32, 3)).astype(np.float32)
np.save(os.path.join(OUT, 'zoom_in.npy'), zin)
zcases = []
for ch, z in [(32, 1.03), (31, 1.06), (29, 1.11), (28, 1.1500000000000001), (26, 1.2500000000000002),
              (26, 1.25), (19, 1.75), (15, 2.25), (7, 1.5)]:
    name = f'zoom_{ch}_{z!r}.npy'
    out = ndimage.zoom(zin[:ch, :ch], (z, z, 1), order=1)
    np.save(os.path.join(OUT, name), out)
    zcases.append({'file': name, 'crop': ch, 'factor': z, 'shape': list(out.shape)})
manifest['zoom'] = {'input': 'zoom_in.npy', 'cases': zcases}

# Pillow resize of a 13x11 RGB image (BOX and BILINEAR, down and up).
from PIL import Image  # noqa: E402

pin = rs.randint(0, 256, size=(13, 11, 3)).astype(np.uint8)
np.save(os.path.join(OUT, 'resize_in.npy'), pin)
rcases = []
for filt, const in [('box', Image.BOX), ('bilinear', Image.BILINEAR)]:
    for w, h in [(8, 6), (11, 5), (5, 13), (17, 20), (3, 3)]:
        name = f'resize_{filt}_{h}x{w}.npy'
        im = Image.fromarray(pin)
        out = np.asarray(im.resize((w, h), const))
        # The port follows Pillow 9.4's C resampler: horizontal pass first. Newer Pillow may
        # order the passes differently for some shapes; keep only cases where both agree.
        hv = np.asarray(im.resize((w, 13), const).resize((w, h), const)) if h != 13 else out
        if not np.array_equal(out, hv):
            print('skipping', filt, (h, w), ': this Pillow does the vertical pass first')
            continue
        np.save(os.path.join(OUT, name), out)
        rcases.append({'file': name, 'filter': filt, 'height': h, 'width': w})
manifest['pillow_resize'] = {'input': 'resize_in.npy', 'cases': rcases}
manifest['versions']['pillow'] = Image.__version__

# Pillow JPEG round trips (libjpeg-turbo, 4:2:0 default) of odd-sized RGB images.
import io  # noqa: E402

jcases = []
for h, w, q in [(13, 21, 10), (17, 9, 50), (1, 1, 75), (8, 8, 95), (31, 33, 40), (2, 3, 80)]:
    src = rs.randint(0, 256, size=(h, w, 3)).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(src).save(buf, 'JPEG', quality=q)
    out = np.asarray(Image.open(io.BytesIO(buf.getvalue())))
    name = f'jpeg_{h}x{w}_q{q}'
    np.save(os.path.join(OUT, name + '_in.npy'), src)
    np.save(os.path.join(OUT, name + '_out.npy'), out)
    jcases.append({'input': name + '_in.npy', 'output': name + '_out.npy', 'height': h, 'width': w, 'quality': q})
manifest['jpeg'] = {'cases': jcases}

with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(manifest, f, indent=1)
print('wrote', len(cases), 'gaussian and', len(zcases), 'zoom cases to', OUT)
