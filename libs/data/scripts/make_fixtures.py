"""Writes the small reference fixtures of libs/data's tests with the reference libraries.

- fixtures/npy/*.npy: arrays saved by numpy.lib.format.write_array (format versions 1.0 and
  2.0; uint8, float32, int64; 1-d and 4-d; plus a Fortran-ordered and a big-endian file that the
  reader must reject), and fixtures/npy/expected.json with each file's dtype, shape, format
  version and values as numpy reads them.
- fixtures/png/*.png: small PNGs written by Pillow (RGB, grayscale, RGBA, palette, 16-bit
  grayscale), and fixtures/png/expected.json with the RGB pixels Pillow decodes from each.

Usage (from the repository root): python3 libs/data/scripts/make_fixtures.py
Needs numpy and Pillow (pip install numpy pillow).
"""

import json
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
NPY = os.path.join(HERE, "..", "fixtures", "npy")
PNG = os.path.join(HERE, "..", "fixtures", "png")


def save(name, arr, version):
    with open(os.path.join(NPY, name), "wb") as f:
        np.lib.format.write_array(f, arr, version=version, allow_pickle=False)


def main():
    os.makedirs(NPY, exist_ok=True)
    os.makedirs(PNG, exist_ok=True)
    rng = np.random.RandomState(7)
    arrays = {
        "u8_1d_v1.npy": (rng.randint(0, 256, size=7).astype(np.uint8), (1, 0)),
        "u8_4d_v1.npy": (rng.randint(0, 256, size=(2, 3, 4, 3)).astype(np.uint8), (1, 0)),
        "u8_4d_v2.npy": (rng.randint(0, 256, size=(3, 2, 2, 3)).astype(np.uint8), (2, 0)),
        "f32_1d_v1.npy": (rng.standard_normal(5).astype(np.float32), (1, 0)),
        "f32_4d_v2.npy": (rng.uniform(0, 1, size=(2, 2, 3, 3)).astype(np.float32), (2, 0)),
        "i64_1d_v1.npy": (rng.randint(0, 10, size=9).astype(np.int64), (1, 0)),
    }
    expected = {}
    for name, (arr, version) in arrays.items():
        save(name, arr, version)
        back = np.load(os.path.join(NPY, name))
        expected[name] = {
            "dtype": str(back.dtype),
            "shape": list(back.shape),
            "version": list(version),
            "values": [float(v) if back.dtype.kind == "f" else int(v) for v in back.ravel()],
        }
    save("f32_2d_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)), (1, 0))
    save("f32_1d_bigendian.npy", np.arange(3, dtype=">f4"), (1, 0))
    with open(os.path.join(NPY, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)

    rgb = rng.randint(0, 256, size=(5, 4, 3)).astype(np.uint8)
    images = {
        "rgb_4x5.png": Image.fromarray(rgb),
        "gray_4x5.png": Image.fromarray(rgb[:, :, 0]),
        "rgba_4x5.png": Image.fromarray(np.dstack([rgb, rgb[:, :, :1]])),
        "palette_4x5.png": Image.fromarray(rgb).quantize(colors=8),
        "gray16_4x5.png": Image.fromarray(rgb[:, :, 1].astype(np.uint16) * 257),
    }
    expected_png = {}
    for name, img in images.items():
        img.save(os.path.join(PNG, name))
        back = Image.open(os.path.join(PNG, name))
        if back.mode == "I;16":
            arr = (np.asarray(back).astype(np.uint32) >> 8).astype(np.uint8)
            arr = np.dstack([arr, arr, arr])
        else:
            arr = np.asarray(back.convert("RGB"))
        expected_png[name] = {"mode": back.mode, "height": arr.shape[0], "width": arr.shape[1], "rgb": arr.ravel().tolist()}
    with open(os.path.join(PNG, "expected.json"), "w") as f:
        json.dump(expected_png, f)


if __name__ == "__main__":
    main()
