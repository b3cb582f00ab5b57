"""AugMix in NumPy, for the PyTorch port (`ada_dose.py`) on a machine without Pillow or Node.

It follows `libs/augment/src/augmix/` (the TypeScript AugMix) step for step:

- the nine operations on uint8 HWC RGB images (`ops/*.ts`), with Pillow's semantics as the
  TypeScript reproduces them (lookup tables for autocontrast, equalize, posterize, solarize;
  `affine_bilinear.ts` for rotate, shears and translations; `affine_nearest.ts` for
  `rotate(..., resample='nearest')`);
- each op's parameter draw (`sampleParam`, `levels.ts`), `sample_plan` (`sampleAugMixPlan`:
  Dirichlet(1) weights and the Beta(1, 1) skip weight as `sampling.ts` draws them, cast to
  float32, then per chain the depth and per step the op index and its parameter), all from a
  `np.random.RandomState` (the TypeScript `RandomState` of `@ada/data` is NumPy's legacy one:
  `randomSample` is `random_sample`, `uniform` and `randint` are themselves);
- `apply_plan` (`applyAugMixPlan`) and `augmix_batch` (`augmix`): one RandomState per image,
  seeded by its own seed, so a result does not depend on the rest of the batch.

Checked against the Pillow fixtures of `libs/augment/fixtures/augmix/`, with the tolerances of
the TypeScript tests:

  python3 bench/gpu/test_augmix_np.py

```python
y = augmix_batch(x, seeds=[1, 2, 3, 4])  # x: float32 [4, 32, 32, 3] in [0, 1]
```
"""
import math
import numbers
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import numpy as np

# The reference's list order (`names.ts`): `sample_plan` draws an index into it.
OP_NAMES = (
    'autocontrast',
    'equalize',
    'posterize',
    'rotate',
    'solarize',
    'shear_x',
    'shear_y',
    'translate_x',
    'translate_y',
)
IMAGE_SIZE = 32  # the reference's translation range is IMAGE_SIZE / 3, whatever the image size


def _is_int(v):
    """Whether v is an integral number (as `Number.isInteger`: 3 and 3.0, not True or 3.5)."""
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        return False
    return isinstance(v, numbers.Integral) or (math.isfinite(v) and float(v).is_integer())


def _is_finite(v):
    return not isinstance(v, bool) and isinstance(v, numbers.Real) and math.isfinite(v)


def _check_image_u8(img, op):
    """Throws unless img is a uint8 [H, W, 3] array with H, W >= 1 (`assertImageU8`)."""
    if not isinstance(img, np.ndarray) or img.dtype != np.uint8:
        got = img.dtype if isinstance(img, np.ndarray) else type(img).__name__
        raise TypeError(f"Argument 'img' passed to '{op}' must be a uint8 numpy array, got {got}")
    if img.ndim != 3 or img.shape[2] != 3 or img.shape[0] < 1 or img.shape[1] < 1:
        raise ValueError(f"Argument 'img' passed to '{op}' must be HWC RGB [H, W, 3] with H, W >= 1, "
                         f'got {list(img.shape)}')


# ---- lookup-table operations ----

_CHANNELS = np.arange(3)


def _apply_lut(img, lut):
    """Per-channel lookup (`lut` is [3, 256]: R, G, B), as Pillow's `_lut`. New array."""
    return lut[_CHANNELS, img]


def _histogram_rgb(img):
    """Per-channel 256-bin histograms as [3, 256] int64 (Pillow's `Image.histogram()`)."""
    flat = img.reshape(-1, 3).astype(np.intp) + np.array([0, 256, 512])
    return np.bincount(flat.ravel(), minlength=768).reshape(3, 256)


def autocontrast(img):
    """Pillow's `ImageOps.autocontrast(img)` (cutoff 0): per channel the darkest present value
    maps to 0 and the brightest to 255 (`int(v * scale + offset)`, clamped); a channel with one
    value is kept. uint8 [H, W, 3] in, new uint8 [H, W, 3] out."""
    _check_image_u8(img, 'autocontrast')
    hist = _histogram_rgb(img)
    v = np.arange(256, dtype=np.float64)
    lut = np.empty((3, 256), dtype=np.uint8)
    for c in range(3):
        present = np.flatnonzero(hist[c])
        lo, hi = int(present[0]), int(present[-1])
        if hi <= lo:
            lut[c] = np.arange(256)
            continue
        scale = 255 / (hi - lo)
        offset = -lo * scale
        lut[c] = np.clip(np.trunc(v * scale + offset), 0, 255)
    return _apply_lut(img, lut)


def equalize(img):
    """Pillow's `ImageOps.equalize(img)` (Pillow >= 10.1, as the fixtures): per channel
    `step = (count - count_of_last_present_value) // 255` and value v maps to
    `(step // 2 + cumulative count below v) // step`, capped at 255; a channel with one value,
    or too few pixels for a step, is kept. uint8 [H, W, 3] in, new uint8 [H, W, 3] out."""
    _check_image_u8(img, 'equalize')
    hist = _histogram_rgb(img)
    lut = np.empty((3, 256), dtype=np.uint8)
    for c in range(3):
        h = hist[c]
        present = np.flatnonzero(h)
        step = 0 if len(present) <= 1 else (int(h.sum()) - int(h[present[-1]])) // 255
        if step == 0:
            lut[c] = np.arange(256)
            continue
        below = np.concatenate(([0], np.cumsum(h)[:-1]))
        lut[c] = np.minimum((step // 2 + below) // step, 255)
    return _apply_lut(img, lut)


def posterize(img, bits):
    """Pillow's `ImageOps.posterize(img, bits)`: keeps the `bits` (integer 0..8) high bits of
    every value. uint8 [H, W, 3] in, new uint8 [H, W, 3] out."""
    _check_image_u8(img, 'posterize')
    if not _is_int(bits) or not 0 <= bits <= 8:
        raise ValueError(f"Argument 'bits' passed to 'posterize' must be an integer in 0..8, got {bits}")
    mask = ~(2 ** (8 - int(bits)) - 1) & 0xFF
    return img & np.uint8(mask)


def solarize(img, threshold):
    """Pillow's `ImageOps.solarize(img, threshold)`: values >= `threshold` (integer 0..256)
    become 255 - v. uint8 [H, W, 3] in, new uint8 [H, W, 3] out."""
    _check_image_u8(img, 'solarize')
    if not _is_int(threshold) or not 0 <= threshold <= 256:
        raise ValueError(f"Argument 'threshold' passed to 'solarize' must be an integer in 0..256, got {threshold}")
    return np.where(img < threshold, img, 255 - img).astype(np.uint8)


# ---- affine resampling ----

def _clamp(i, hi):
    """Integer indices clamped to [0, hi] (two ufuncs: np.clip's wrapper costs more here)."""
    return np.minimum(np.maximum(i, 0), hi)


def _check_coeffs(coeffs, op):
    if len(coeffs) != 6 or not all(_is_finite(c) for c in coeffs):
        raise ValueError(f"Argument 'coeffs' passed to '{op}' must be 6 finite numbers, got {list(coeffs)}")
    return [float(c) for c in coeffs]


def affine_bilinear(img, coeffs):
    """Pillow's `Image.transform(size, Image.AFFINE, coeffs, resample=Image.BILINEAR)`, same
    size, as `affine_bilinear.ts`: output pixel centre (x + .5, y + .5) samples the input at
    (a x + b y + c, d x + e y + f) (coeffs = [a, b, c, d, e, f], output to input); outside
    [0, W) x [0, H) is black; inside, the 4 neighbours of the point shifted by -0.5 are blended
    with edge pixels replicated (and no second row below the last one) and truncated to uint8.
    uint8 [H, W, 3] in, new uint8 [H, W, 3] out."""
    _check_image_u8(img, 'affine_bilinear')
    a0, a1, a2, a3, a4, a5 = _check_coeffs(coeffs, 'affine_bilinear')
    h, w = img.shape[:2]
    xc = np.arange(w, dtype=np.float64)[None, :] + 0.5
    yc = np.arange(h, dtype=np.float64)[:, None] + 0.5
    xin = a0 * xc + a1 * yc + a2
    yin = a3 * xc + a4 * yc + a5
    inside = (xin >= 0) & (xin < w) & (yin >= 0) & (yin < h)
    xin -= 0.5
    yin -= 0.5
    xf = np.floor(xin)
    yf = np.floor(yin)
    dx = (xin - xf).reshape(-1, 1)
    dy = (yin - yf).reshape(-1, 1)
    xf = xf.astype(np.intp)
    yf = yf.astype(np.intp)
    x0 = _clamp(xf, w - 1)
    x1 = _clamp(xf + 1, w - 1)
    # Below the last row the TypeScript blends row yf alone; clipping y1 to h - 1 picks that
    # same row (yf = h - 1 there), so v2 == v1 exactly.
    y0 = _clamp(yf, h - 1) * w
    y1 = _clamp(yf + 1, h - 1) * w
    corners = np.stack([y0 + x0, y0 + x1, y1 + x0, y1 + x1]).reshape(4, -1)
    p = img.reshape(-1, 3)[corners].astype(np.float64)  # [4, H * W, 3]: p00, p01, p10, p11
    v1 = p[0] + (p[1] - p[0]) * dx
    v2 = p[2] + (p[3] - p[2]) * dx
    v = v1 + (v2 - v1) * dy
    v[~inside.ravel()] = 0
    return v.astype(np.uint8).reshape(img.shape)  # values in [0, 255]: the cast truncates


def _fix16(v):
    """Pillow's 16.16 fixed-point conversion (round half up)."""
    return math.floor(v * 65536 + 0.5)


def affine_nearest(img, coeffs):
    """Pillow's `Image.transform(size, Image.AFFINE, coeffs, resample=Image.NEAREST)`, same size,
    for maps that are not pure scalings, as `affine_nearest.ts`: Pillow steps through the output
    in 16.16 fixed point from (c + b / 2 + a / 2, f + e / 2 + d / 2), takes the input pixel at
    the floor of that point, and leaves black outside. uint8 [H, W, 3] in, new uint8 out."""
    _check_image_u8(img, 'affine_nearest')
    a0, a1, a2, a3, a4, a5 = _check_coeffs(coeffs, 'affine_nearest')
    h, w = img.shape[:2]
    xs = np.arange(w, dtype=np.int64)[None, :]
    ys = np.arange(h, dtype=np.int64)[:, None]
    xx = _fix16(a2 + a1 * 0.5 + a0 * 0.5) + ys * _fix16(a1) + xs * _fix16(a0)
    yy = _fix16(a5 + a4 * 0.5 + a3 * 0.5) + ys * _fix16(a4) + xs * _fix16(a3)
    xin = xx // 65536
    yin = yy // 65536
    inside = (xin >= 0) & (xin < w) & (yin >= 0) & (yin < h)
    out = img[_clamp(yin, h - 1), _clamp(xin, w - 1)]
    out[~inside] = 0
    return out


def _round15(x):
    """JavaScript's `Number(x.toFixed(15))`: x's exact value rounded half away from zero to 15
    decimals (Python's `round(x, 15)` differs only on exact ties)."""
    return float(Decimal(x).quantize(Decimal('1e-15'), rounding=ROUND_HALF_UP))


def rotate(img, degrees, resample='bilinear'):
    """Pillow's `img.rotate(degrees, resample=...)`: counter-clockwise about the image centre,
    same size, black corners. `resample` is 'bilinear' (the reference's) or 'nearest'.
    uint8 [H, W, 3] in, new uint8 [H, W, 3] out."""
    _check_image_u8(img, 'rotate')
    if not _is_finite(degrees):
        raise ValueError(f"Argument 'degrees' passed to 'rotate' must be finite, got {degrees}")
    if resample not in ('bilinear', 'nearest'):
        raise ValueError(f"Argument 'resample' passed to 'rotate' must be 'bilinear' or 'nearest', got {resample!r}")
    angle = math.fmod(math.fmod(float(degrees), 360) + 360, 360)  # JavaScript's % (sign of the dividend)
    if angle == 0:
        return img.copy()
    rad = -(angle * math.pi) / 180
    a = _round15(math.cos(rad))
    b = _round15(math.sin(rad))
    d = _round15(-math.sin(rad))
    e = _round15(math.cos(rad))
    h, w = img.shape[:2]
    cx = w / 2
    cy = h / 2
    c = a * -cx + b * -cy + cx
    f = d * -cx + e * -cy + cy
    resampler = affine_nearest if resample == 'nearest' else affine_bilinear
    return resampler(img, [a, b, c, d, e, f])


def _affine_op(img, coeffs, op, name, value):
    _check_image_u8(img, op)
    if not _is_finite(value):
        raise ValueError(f"Argument '{name}' passed to '{op}' must be finite, got {value}")
    return affine_bilinear(img, coeffs)


def shear_x(img, level):
    """The reference's horizontal shear: output (x, y) samples input (x + level * y, y),
    bilinear, black outside. uint8 [H, W, 3] in, new uint8 [H, W, 3] out."""
    return _affine_op(img, [1, level, 0, 0, 1, 0], 'shear_x', 'level', level)


def shear_y(img, level):
    """The reference's vertical shear: output (x, y) samples input (x, y + level * x),
    bilinear, black outside. uint8 [H, W, 3] in, new uint8 [H, W, 3] out."""
    return _affine_op(img, [1, 0, 0, level, 1, 0], 'shear_y', 'level', level)


def translate_x(img, pixels):
    """The reference's horizontal translation: output (x, y) takes input (x + pixels, y), so
    positive `pixels` moves the content left; black band. uint8 [H, W, 3] in and out."""
    return _affine_op(img, [1, 0, pixels, 0, 1, 0], 'translate_x', 'pixels', pixels)


def translate_y(img, pixels):
    """The reference's vertical translation: output (x, y) takes input (x, y + pixels), so
    positive `pixels` moves the content up; black band. uint8 [H, W, 3] in and out."""
    return _affine_op(img, [1, 0, 0, 0, 1, pixels], 'translate_y', 'pixels', pixels)


# ---- the reference's parameter draws (`levels.ts`, each op's `sampleParam`) ----

def int_parameter(level, maxval):
    """`int(level * maxval / 10)`."""
    return math.trunc(level * maxval / 10)


def float_parameter(level, maxval):
    """`float(level) * maxval / 10.`"""
    return level * maxval / 10


def sample_level(rng, n):
    """`np.random.uniform(low=0.1, high=n)`: one draw."""
    return float(rng.uniform(0.1, n))


def random_sign(rng, value):
    """Negates `value` when a uniform draw exceeds 0.5 (one draw)."""
    return -value if rng.random_sample() > 0.5 else value


def _no_param(rng, severity):
    return 0


def _sign_of(maxval, to_param):
    return lambda rng, severity: random_sign(rng, to_param(sample_level(rng, severity), maxval))


# name -> (apply(img, param), sample_param(rng, severity)), in OP_NAMES order.
OPS = {
    'autocontrast': (lambda img, _: autocontrast(img), _no_param),
    'equalize': (lambda img, _: equalize(img), _no_param),
    'posterize': (posterize, lambda rng, s: 4 - int_parameter(sample_level(rng, s), 4)),
    'rotate': (rotate, _sign_of(30, int_parameter)),
    'solarize': (solarize, lambda rng, s: 256 - int_parameter(sample_level(rng, s), 256)),
    'shear_x': (shear_x, _sign_of(0.3, float_parameter)),
    'shear_y': (shear_y, _sign_of(0.3, float_parameter)),
    'translate_x': (translate_x, _sign_of(IMAGE_SIZE / 3, int_parameter)),
    'translate_y': (translate_y, _sign_of(IMAGE_SIZE / 3, int_parameter)),
}
assert tuple(OPS) == OP_NAMES


def apply_op(name, img, param):
    """Applies the op registered under `name` (one of OP_NAMES) with its parameter."""
    if name not in OPS:
        raise ValueError(f"Argument 'name' passed to 'apply_op' must be one of {', '.join(OP_NAMES)}, got {name!r}")
    return OPS[name][0](img, param)


# ---- sampling (`sampling.ts`) ----

def dirichlet_ones(rng, k):
    """Legacy `RandomState.dirichlet([1] * k)`: k standard exponentials `-log(1 - U)` times
    1 / their sum (k uniform draws), as a list of floats."""
    if not _is_int(k) or k < 1:
        raise ValueError(f"Argument 'k' passed to 'dirichlet_ones' must be a positive integer, got {k}")
    g = [-math.log(1 - rng.random_sample()) for _ in range(int(k))]
    inv = 1 / sum(g)
    return [v * inv for v in g]


def beta_ones(rng):
    """Legacy `RandomState.beta(1, 1)` (Johnk: draw U, V until 0 < U + V <= 1, return U / (U + V))."""
    while True:
        u = rng.random_sample()
        v = rng.random_sample()
        s = u + v
        if 0 < s <= 1:
            return u / s


# ---- AugMix (`augment_and_mix.ts`) ----

class AugMixStep(NamedTuple):
    """One operation of a chain with its resolved parameter."""
    op: str
    param: float


@dataclass(frozen=True)
class AugMixPlan:
    """Every random choice of one AugMix draw: float32 Dirichlet weights (as Python floats), the
    float32 Beta skip weight m, and the chains of steps."""
    weights: tuple
    skip: float
    chains: tuple


def _check_config(severity, width, depth, ops):
    if not isinstance(severity, numbers.Real) or isinstance(severity, bool) or not 0.1 <= severity <= 10:
        raise ValueError(f"Argument 'severity' passed to 'augmix' must be in [0.1, 10], got {severity}")
    if not _is_int(width) or width < 1:
        raise ValueError(f"Argument 'width' passed to 'augmix' must be a positive integer, got {width}")
    if not _is_int(depth) or depth == 0 or depth < -1:
        raise ValueError(f"Argument 'depth' passed to 'augmix' must be -1 or a positive integer, got {depth}")
    ops = tuple(ops)
    if len(ops) == 0:
        raise ValueError("Argument 'ops' passed to 'augmix' must not be empty")
    unknown = [o for o in ops if o not in OPS]
    if unknown:
        raise ValueError(f"Argument 'ops' passed to 'augmix' must name ops of {', '.join(OP_NAMES)}, got {unknown}")
    return int(width), int(depth), ops


def sample_plan(rng, severity=3, width=3, depth=-1, ops=OP_NAMES):
    """Draws one plan from `rng` (a `np.random.RandomState`) with the reference's draws in its
    order: Dirichlet weights, Beta skip weight, then per chain the depth (randint(1, 4) when
    depth is -1) and per step the op index (randint(0, len(ops))) and the op's own draws.
    `np.random.RandomState(s)` gives the plan that `np.random.seed(s)` gives the reference."""
    if not isinstance(rng, np.random.RandomState):
        raise TypeError(f"Argument 'rng' passed to 'sample_plan' must be a numpy RandomState, got {type(rng).__name__}")
    width, depth, ops = _check_config(severity, width, depth, ops)
    weights = tuple(float(np.float32(w)) for w in dirichlet_ones(rng, width))
    skip = float(np.float32(beta_ones(rng)))
    chains = []
    for _ in range(width):
        d = depth if depth > 0 else int(rng.randint(1, 4))
        chain = []
        for _ in range(d):
            name = ops[int(rng.randint(0, len(ops)))]
            chain.append(AugMixStep(name, OPS[name][1](rng, severity)))
        chains.append(tuple(chain))
    return AugMixPlan(weights, skip, tuple(chains))


def _check_float_image(x, arg, fn, ndim):
    shape = '[N, H, W, 3]' if ndim == 4 else '[H, W, 3]'
    if not isinstance(x, np.ndarray) or x.ndim != ndim or x.shape[-1] != 3:
        got = list(x.shape) if isinstance(x, np.ndarray) else type(x).__name__
        raise ValueError(f"Argument '{arg}' passed to '{fn}' must be a {shape} array with 3 channels, got {got}")
    if x.dtype != np.float32:
        raise TypeError(f"Argument '{arg}' passed to '{fn}' must be float32, got {x.dtype}")


def apply_plan(pixels, plan):
    """Applies a plan to one float32 [H, W, 3] image in [0, 1]: each chain runs on the uint8
    image (`trunc(clip(float32(x * 255)))`, as the reference's `apply_op`), and the result is
    `(1 - m) x + m sum_i w_i chain_i / 255` (the reference's mix written in [0, 1]), summed in
    float64, returned as a new float32 [H, W, 3] array."""
    _check_float_image(pixels, 'pixels', 'apply_plan', 3)
    v = np.nan_to_num(pixels * np.float32(255), nan=0.0)  # NaN -> 0, as a Uint8Array stores it
    base = np.clip(v, 0, 255).astype(np.uint8)
    mix = np.zeros(pixels.shape, dtype=np.float64)
    for w, chain in zip(plan.weights, plan.chains):
        img = base
        for step in chain:
            img = apply_op(step.op, img, step.param)
        mix += (w * img.astype(np.float64)) / 255
    m = plan.skip
    return ((1 - m) * pixels.astype(np.float64) + m * mix).astype(np.float32)


def augmix_batch(x, seeds, severity=3, width=3, depth=-1, ops=OP_NAMES):
    """AugMix on a batch: `x` float32 [N, H, W, 3] in [0, 1], `seeds[b]` (integer in [0, 2^32))
    seeds example b's own `RandomState`. Returns a new float32 [N, H, W, 3] array in [0, 1]."""
    _check_float_image(x, 'x', 'augmix_batch', 4)
    seeds = list(seeds)
    if len(seeds) != x.shape[0]:
        raise ValueError(f"Argument 'seeds' passed to 'augmix_batch' must have one seed per example "
                         f'({x.shape[0]}), got {len(seeds)}')
    bad = [s for s in seeds if not _is_int(s) or not 0 <= s <= 0xFFFFFFFF]
    if bad:
        raise ValueError(f"Argument 'seeds' passed to 'augmix_batch' must hold integers in [0, 2^32), got {bad[:3]}")
    _check_config(severity, width, depth, ops)
    out = np.empty_like(x)
    rng = np.random.RandomState()
    for b, seed in enumerate(seeds):
        rng.seed(int(seed))  # the state of RandomState(seed), without its 0.1 ms construction
        plan = sample_plan(rng, severity, width, depth, ops)
        out[b] = apply_plan(x[b], plan)
    return out
