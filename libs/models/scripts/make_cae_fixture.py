#!/usr/bin/env python3
"""Make `fixtures/cae_tiny/`: a random CAE state dict in the PyTorch layout that
`convert_pytorch.py --arch cae` expects (1 residual block, 8 features, 4 code channels), converted
by it, plus an input and the output of an independent NumPy forward with PyTorch semantics. It is
also the reference definition of that PyTorch module:

  x -> 2x - 1
  encoder.conv1  Conv2d(3, F/2, 5, stride 2, padding 2), leaky ReLU 0.2
  encoder.conv2  Conv2d(F/2, F, 5, stride 2, padding 2), leaky ReLU 0.2
  encoder.res{k} h + conv2(leaky(conv1(h))), Conv2d(F, F, 3, padding 1) each
  encoder.conv3  Conv2d(F, code, 5, stride 2, padding 2), then round
  decoder.sub1   Conv2d(code, 4F, 3, padding 1), PixelShuffle(2), leaky ReLU 0.2
  decoder.res{k} as in the encoder
  decoder.sub2   Conv2d(F, 4 * F/2, 3, padding 1), PixelShuffle(2), leaky ReLU 0.2
  decoder.sub3   Conv2d(F/2, 12, 3, padding 1), PixelShuffle(2)
  -> (y + 1) / 2

  python3 libs/models/scripts/make_cae_fixture.py
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures', 'cae_tiny')


def conv_nchw(x, w, b, stride=1):
    """x [N, Ci, H, W], w [Co, Ci, k, k], zero padding k // 2 (PyTorch cross-correlation)."""
    k = w.shape[2]
    p = k // 2
    n, _, h, wd = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    ho = (h + 2 * p - k) // stride + 1
    wo = (wd + 2 * p - k) // stride + 1
    out = np.zeros((n, w.shape[0], ho, wo))
    for dy in range(k):
        for dx in range(k):
            patch = xp[:, :, dy:dy + stride * (ho - 1) + 1:stride, dx:dx + stride * (wo - 1) + 1:stride]
            out += np.einsum('nchw,oc->nohw', patch, w[:, :, dy, dx])
    return out + b[None, :, None, None]


def pixel_shuffle_nchw(x, s):
    n, cs, h, w = x.shape
    c = cs // (s * s)
    return x.reshape(n, c, s, s, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * s, w * s)


def leaky(x):
    return np.where(x > 0, x, 0.2 * x)


def main():
    rs = np.random.RandomState(2018)
    f, half, code, nres = 8, 4, 4, 1
    sd = {}

    def add(name, co, ci, k, gain=1.0):
        bound = gain / np.sqrt(ci * k * k)
        sd[name + '.weight'] = rs.uniform(-bound, bound, (co, ci, k, k)).astype(np.float32)
        sd[name + '.bias'] = rs.uniform(-bound, bound, (co,)).astype(np.float32)

    add('encoder.conv1', half, 3, 5)
    add('encoder.conv2', f, half, 5)
    for k in range(nres):
        add(f'encoder.res{k}.conv1', f, f, 3)
        add(f'encoder.res{k}.conv2', f, f, 3)
    add('encoder.conv3', code, f, 5, gain=30.0)  # a code that does not round to all zeros
    add('decoder.sub1', 4 * f, code, 3)
    for k in range(nres):
        add(f'decoder.res{k}.conv1', f, f, 3)
        add(f'decoder.res{k}.conv2', f, f, 3)
    add('decoder.sub2', 4 * half, f, 3)
    add('decoder.sub3', 12, half, 3)

    p = {k: v.astype(np.float64) for k, v in sd.items()}
    c = lambda t, n, s=1: conv_nchw(t, p[n + '.weight'], p[n + '.bias'], s)
    x = rs.uniform(0, 1, (2, 16, 16, 3)).astype(np.float32)
    h = np.transpose(x.astype(np.float64), (0, 3, 1, 2)) * 2 - 1
    h = leaky(c(h, 'encoder.conv1', 2))
    h = leaky(c(h, 'encoder.conv2', 2))
    for k in range(nres):
        h = h + c(leaky(c(h, f'encoder.res{k}.conv1')), f'encoder.res{k}.conv2')
    pre = c(h, 'encoder.conv3', 2)
    margin = np.abs(pre - np.floor(pre) - 0.5).min()
    if margin < 1e-3:
        raise SystemExit(f'code value within {margin} of a rounding boundary; pick another seed')
    h = np.round(pre)
    nonzero, code_size = int((h != 0).sum()), h.size
    h = leaky(pixel_shuffle_nchw(c(h, 'decoder.sub1'), 2))
    for k in range(nres):
        h = h + c(leaky(c(h, f'decoder.res{k}.conv1')), f'decoder.res{k}.conv2')
    h = leaky(pixel_shuffle_nchw(c(h, 'decoder.sub2'), 2))
    h = pixel_shuffle_nchw(c(h, 'decoder.sub3'), 2)
    y = np.transpose((h + 1) / 2, (0, 2, 3, 1)).astype(np.float32)

    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        npz = os.path.join(tmp, 'cae_tiny.npz')
        np.savez(npz, **sd)
        subprocess.run([sys.executable, os.path.join(HERE, 'convert_pytorch.py'), '--arch', 'cae',
                        '--input', npz, '--out', OUT], check=True)
    np.save(os.path.join(OUT, 'input.npy'), x)
    np.save(os.path.join(OUT, 'expected.npy'), y)
    print(f'nonzero code values: {nonzero} of {code_size}; rounding margin {margin:.4f}')


if __name__ == '__main__':
    main()
