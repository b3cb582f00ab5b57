#!/usr/bin/env python3
"""Make `fixtures/edsr_tiny/`: a random EDSR state dict in the official PyTorch layout (2 residual
blocks, 8 features, x2), converted by `convert_pytorch.py`, plus an input and the output of an
independent NumPy forward with PyTorch semantics (NCHW, zero padding 1, PixelShuffle channel
order c*s*s + i*s + j). The TS test checks that our converted-weights forward reproduces it.

  python3 libs/models/scripts/make_edsr_fixture.py
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures', 'edsr_tiny')
MEAN = np.array([0.4488, 0.4371, 0.4040], dtype=np.float64)


def conv_nchw(x, w, b):
    """x [N, Ci, H, W], w [Co, Ci, 3, 3] (cross-correlation, zero padding 1)."""
    n, ci, h, wd = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((n, w.shape[0], h, wd))
    for dy in range(3):
        for dx in range(3):
            out += np.einsum('nchw,oc->nohw', xp[:, :, dy:dy + h, dx:dx + wd], w[:, :, dy, dx])
    return out + b[None, :, None, None]


def pixel_shuffle_nchw(x, s):
    n, cs, h, w = x.shape
    c = cs // (s * s)
    return x.reshape(n, c, s, s, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * s, w * s)


def main():
    rs = np.random.RandomState(20170710)
    f, nb, scale = 8, 2, 2
    sd = {}

    def add(name, co, ci):
        bound = 1 / np.sqrt(ci * 9)
        sd[name + '.weight'] = rs.uniform(-bound, bound, (co, ci, 3, 3)).astype(np.float32)
        sd[name + '.bias'] = rs.uniform(-bound, bound, (co,)).astype(np.float32)

    add('head.0', f, 3)
    for i in range(nb):
        add(f'body.{i}.body.0', f, f)
        add(f'body.{i}.body.2', f, f)
    add(f'body.{nb}', f, f)
    add('tail.0.0', 4 * f, f)
    add('tail.1', 3, f)
    sd['sub_mean.weight'] = np.eye(3, dtype=np.float32).reshape(3, 3, 1, 1)
    sd['sub_mean.bias'] = (-255 * MEAN).astype(np.float32)

    x = rs.uniform(0, 1, (1, 8, 8, 3)).astype(np.float32)  # NHWC in [0, 1]
    h = np.transpose(x.astype(np.float64), (0, 3, 1, 2)) * 255 - 255 * MEAN[None, :, None, None]
    p = {k: v.astype(np.float64) for k, v in sd.items()}
    c = lambda t, n: conv_nchw(t, p[n + '.weight'], p[n + '.bias'])
    head = c(h, 'head.0')
    t = head
    for i in range(nb):
        t = t + c(np.maximum(c(t, f'body.{i}.body.0'), 0), f'body.{i}.body.2')
    t = c(t, f'body.{nb}') + head
    t = pixel_shuffle_nchw(c(t, 'tail.0.0'), scale)
    y = (c(t, 'tail.1') + 255 * MEAN[None, :, None, None]) / 255
    y = np.transpose(y, (0, 2, 3, 1)).astype(np.float32)

    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        npz = os.path.join(tmp, 'edsr_tiny.npz')
        np.savez(npz, **sd)
        subprocess.run([sys.executable, os.path.join(HERE, 'convert_pytorch.py'), '--arch', 'edsr',
                        '--input', npz, '--out', OUT, '--scale', str(scale)], check=True)
    np.save(os.path.join(OUT, 'input.npy'), x)
    np.save(os.path.join(OUT, 'expected.npy'), y)


if __name__ == '__main__':
    main()
