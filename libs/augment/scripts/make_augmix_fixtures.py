"""Reference fixtures for the AugMix operations of @ada/augment.

Runs the Pillow operations that google-research/augmix `augmentations.py` wraps, with fixed
parameters (the levels the reference samples are resolved to concrete values here), on a few
natural 32x32 patches, plus whole `augment_and_mix` draws seeded through NumPy's legacy global
generator. Writes, next to this script in `../fixtures/augmix/`:

- `inputs.npy`     uint8 [N, 32, 32, 3], the input patches
- `ops.npy`        uint8 [K, N, 32, 32, 3], op case k applied to every input
- `mix.npy`        float32 [S, 32, 32, 3] in [0, 1], augment_and_mix(inputs[i] / 255) with
                   np.random.seed(seed_i) set right before, de-normalised back to [0, 1]
- `cases.json`     the op cases (name, parameter), the mix seeds and image indices, versions

Usage: python make_augmix_fixtures.py PATH_TO_images.npy
(`images.npy` is the uint8 [32, 32, 32, 3] patch set of the reference data.)
Needs `pip install pillow numpy`.
"""

import json
import math
import os
import sys

import numpy as np
import PIL
from PIL import Image, ImageOps

IMAGE_SIZE = 32
PATCHES = [0, 6, 12, 17, 25, 31]  # portrait, cat, low-contrast wood, dark sky, near-black, grey

# Each case: (op name, parameter as our TypeScript op takes it[, resampling filter]).
CASES = [
    ("autocontrast", None),
    ("equalize", None),
    ("posterize", 4),
    ("posterize", 3),
    ("solarize", 230),
    ("solarize", 180),
    ("rotate", 8),
    ("rotate", -5),
    ("shear_x", 0.25),
    ("shear_x", -0.12),
    ("shear_y", 0.25),
    ("shear_y", -0.12),
    ("translate_x", 3),
    ("translate_x", -2),
    ("translate_y", 3),
    ("translate_y", -2),
    ("rotate", 8, "nearest"),
    ("rotate", -5, "nearest"),
]


def affine(img, coeffs):
    return img.transform((IMAGE_SIZE, IMAGE_SIZE), Image.AFFINE, coeffs, resample=Image.BILINEAR)


def apply_case(img, name, p, resample="bilinear"):
    if name == "autocontrast":
        return ImageOps.autocontrast(img)
    if name == "equalize":
        return ImageOps.equalize(img)
    if name == "posterize":
        return ImageOps.posterize(img, p)
    if name == "solarize":
        return ImageOps.solarize(img, p)
    if name == "rotate":
        return img.rotate(p, resample=Image.NEAREST if resample == "nearest" else Image.BILINEAR)
    if name == "shear_x":
        return affine(img, (1, p, 0, 0, 1, 0))
    if name == "shear_y":
        return affine(img, (1, 0, 0, p, 1, 0))
    if name == "translate_x":
        return affine(img, (1, 0, p, 0, 1, 0))
    if name == "translate_y":
        return affine(img, (1, 0, 0, 0, 1, p))
    raise ValueError(name)


# ---- the reference's sampled operations (same draws, same order as augmentations.py) ----


def int_parameter(level, maxval):
    return int(level * maxval / 10)


def float_parameter(level, maxval):
    return float(level) * maxval / 10.0


def sample_level(n):
    return np.random.uniform(low=0.1, high=n)


def op_autocontrast(img, _):
    return ImageOps.autocontrast(img)


def op_equalize(img, _):
    return ImageOps.equalize(img)


def op_posterize(img, level):
    level = int_parameter(sample_level(level), 4)
    return ImageOps.posterize(img, 4 - level)


def op_rotate(img, level):
    degrees = int_parameter(sample_level(level), 30)
    if np.random.uniform() > 0.5:
        degrees = -degrees
    return img.rotate(degrees, resample=Image.BILINEAR)


def op_solarize(img, level):
    level = int_parameter(sample_level(level), 256)
    return ImageOps.solarize(img, 256 - level)


def op_shear_x(img, level):
    level = float_parameter(sample_level(level), 0.3)
    if np.random.uniform() > 0.5:
        level = -level
    return affine(img, (1, level, 0, 0, 1, 0))


def op_shear_y(img, level):
    level = float_parameter(sample_level(level), 0.3)
    if np.random.uniform() > 0.5:
        level = -level
    return affine(img, (1, 0, 0, level, 1, 0))


def op_translate_x(img, level):
    level = int_parameter(sample_level(level), IMAGE_SIZE / 3)
    if np.random.random() > 0.5:
        level = -level
    return affine(img, (1, 0, level, 0, 1, 0))


def op_translate_y(img, level):
    level = int_parameter(sample_level(level), IMAGE_SIZE / 3)
    if np.random.random() > 0.5:
        level = -level
    return affine(img, (1, 0, 0, 0, 1, level))


AUGMENTATIONS = [
    op_autocontrast, op_equalize, op_posterize, op_rotate, op_solarize,
    op_shear_x, op_shear_y, op_translate_x, op_translate_y,
]

MEAN = np.array([0.4914, 0.4822, 0.4465])
STD = np.array([0.2023, 0.1994, 0.2010])


def normalize(image):
    return (image - MEAN) / STD


def apply_op(image, op, severity):
    image = np.clip(image * 255.0, 0, 255).astype(np.uint8)
    return np.asarray(op(Image.fromarray(image), severity)) / 255.0


def augment_and_mix(image, severity=3, width=3, depth=-1, alpha=1.0):
    ws = np.float32(np.random.dirichlet([alpha] * width))
    m = np.float32(np.random.beta(alpha, alpha))
    mix = np.zeros_like(image)
    for i in range(width):
        image_aug = image.copy()
        d = depth if depth > 0 else np.random.randint(1, 4)
        for _ in range(d):
            op = np.random.choice(AUGMENTATIONS)
            image_aug = apply_op(image_aug, op, severity)
        mix += ws[i] * normalize(image_aug)
    return (1 - m) * normalize(image) + m * mix


def main():
    images = np.load(sys.argv[1])
    inputs = images[PATCHES]
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "augmix")
    os.makedirs(out_dir, exist_ok=True)
    ops = np.stack(
        [np.stack([np.asarray(apply_case(Image.fromarray(x), *case)) for x in inputs]) for case in CASES]
    ).astype(np.uint8)
    mix_seeds = [11, 12, 13, 14, 15, 16, 17, 18]
    mix_images = [i % len(PATCHES) for i in range(len(mix_seeds))]
    mixed = []
    for seed, i in zip(mix_seeds, mix_images):
        np.random.seed(seed)
        out = augment_and_mix(inputs[i].astype(np.float32) / np.float32(255.0))
        mixed.append(out * STD + MEAN)
    np.save(os.path.join(out_dir, "inputs.npy"), inputs)
    np.save(os.path.join(out_dir, "ops.npy"), ops)
    np.save(os.path.join(out_dir, "mix.npy"), np.stack(mixed).astype(np.float32))
    meta = {
        "patches_of_images_npy": PATCHES,
        "cases": [
            {"op": c[0], "param": c[1], **({"resample": c[2]} if len(c) > 2 else {})} for c in CASES
        ],
        "mix": {"seeds": mix_seeds, "input_index": mix_images, "severity": 3, "width": 3, "depth": -1},
        "versions": {"pillow": PIL.__version__, "numpy": np.__version__},
    }
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print("wrote", out_dir, ops.shape, math.prod(ops.shape))


if __name__ == "__main__":
    main()
