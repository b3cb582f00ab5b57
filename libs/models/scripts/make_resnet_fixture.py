#!/usr/bin/env python3
"""Make `fixtures/preact_resnet18_tiny/`: random weights for our pre-activation ResNet-18 at
width 0.0625 (widths 4, 8, 16, 32; 10 classes) in the checkpoint format, an input batch, and the
logits of an independent NumPy forward that follows the PyTorch definition (kuangliu-style
PreActBlock: out = relu(bn1(x)); shortcut = conv1x1(out) if stride/width change else x;
conv1 -> relu(bn2) -> conv2; plus shortcut; convs pad k // 2 on every side) with the CIFAR-10
normalisation in front and BN-ReLU, global average pool and a linear head at the end. BN in
eval mode (running statistics, epsilon 1e-5) and in training mode (batch statistics).

  python3 libs/models/scripts/make_resnet_fixture.py
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from convert_pytorch import write_checkpoint  # noqa: E402

OUT = os.path.join(HERE, '..', 'fixtures', 'preact_resnet18_tiny')
MEAN = np.array([0.4914, 0.4822, 0.4465])
STD = np.array([0.247, 0.2435, 0.2616])
EPS = 1e-5


def conv(x, k, stride):
    """x [N, H, W, Ci], k [kh, kw, Ci, Co], zero padding kh // 2, cross-correlation."""
    kh = k.shape[0]
    p = kh // 2
    xp = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
    n, h, w, _ = x.shape
    ho = (h + 2 * p - kh) // stride + 1
    wo = (w + 2 * p - kh) // stride + 1
    out = np.zeros((n, ho, wo, k.shape[3]))
    for dy in range(kh):
        for dx in range(kh):
            patch = xp[:, dy:dy + stride * (ho - 1) + 1:stride, dx:dx + stride * (wo - 1) + 1:stride, :]
            out += patch @ k[dy, dx]
    return out


def main():
    rs = np.random.RandomState(2016)
    widths = [4, 8, 16, 32]
    w = {}

    def conv_w(name, k, ci, co):
        w[name + '/kernel'] = rs.normal(0, np.sqrt(2 / (k * k * ci)), (k, k, ci, co))

    def bn_w(name, c):
        w[name + '/gamma'] = rs.uniform(0.5, 1.5, c)
        w[name + '/beta'] = rs.uniform(-0.2, 0.2, c)
        w[name + '/moving_mean'] = rs.uniform(-0.3, 0.3, c)
        w[name + '/moving_variance'] = rs.uniform(0.5, 2.0, c)

    conv_w('stem/conv', 3, 3, widths[0])
    plan = []
    cin = widths[0]
    for s, planes in enumerate(widths):
        for b in range(2):
            stride = 2 if (b == 0 and s > 0) else 1
            p = f'stage{s + 1}/block{b}'
            bn_w(p + '/bn1', cin)
            conv_w(p + '/conv1', 3, cin, planes)
            bn_w(p + '/bn2', planes)
            conv_w(p + '/conv2', 3, planes, planes)
            sc = stride != 1 or cin != planes
            if sc:
                conv_w(p + '/shortcut', 1, cin, planes)
            plan.append((p, stride, sc))
            cin = planes
    bn_w('final_bn', cin)
    w['head/kernel'] = rs.uniform(-1 / np.sqrt(cin), 1 / np.sqrt(cin), (cin, 10))
    w['head/bias'] = rs.uniform(-0.1, 0.1, 10)
    w = {k: v.astype(np.float32) for k, v in w.items()}
    p64 = {k: v.astype(np.float64) for k, v in w.items()}

    def forward(x, training):
        def bn(h, name):
            if training:
                mean, var = h.mean(axis=(0, 1, 2)), h.var(axis=(0, 1, 2))
            else:
                mean, var = p64[name + '/moving_mean'], p64[name + '/moving_variance']
            return (h - mean) / np.sqrt(var + EPS) * p64[name + '/gamma'] + p64[name + '/beta']

        h = conv((x - MEAN) / STD, p64['stem/conv/kernel'], 1)
        for p, stride, sc in plan:
            out = np.maximum(bn(h, p + '/bn1'), 0)
            shortcut = conv(out, p64[p + '/shortcut/kernel'], stride) if sc else h
            out = conv(out, p64[p + '/conv1/kernel'], stride)
            out = conv(np.maximum(bn(out, p + '/bn2'), 0), p64[p + '/conv2/kernel'], 1)
            h = out + shortcut
        pooled = np.maximum(bn(h, 'final_bn'), 0).mean(axis=(1, 2))
        return pooled @ p64['head/kernel'] + p64['head/bias']

    x = rs.uniform(0, 1, (3, 16, 16, 3)).astype(np.float32)
    config = {'arch': 'preact-resnet', 'depth': 18, 'width': 0.0625, 'numClasses': 10,
              'bnMomentum': 0.9, 'bnEpsilon': EPS, 'seed': 0}
    write_checkpoint(OUT, 'preact-resnet', config, w)
    np.save(os.path.join(OUT, 'input.npy'), x)
    np.save(os.path.join(OUT, 'logits_eval.npy'), forward(x.astype(np.float64), False).astype(np.float32))
    np.save(os.path.join(OUT, 'logits_train.npy'), forward(x.astype(np.float64), True).astype(np.float32))
    print(json.dumps({'tensors': len(w), 'out': OUT}))


if __name__ == '__main__':
    main()
