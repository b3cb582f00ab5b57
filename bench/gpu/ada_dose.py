#!/usr/bin/env python3
"""AdA at the paper's dose on a GPU: a PyTorch port of `ada run --preset cpu-full`'s training,
for the one question the 2-core machine cannot answer in a session: does AdA lower mCE when every
training image is attacked with 10 per-example FGSM steps (the paper's dose), rather than 1/8 of
each batch with one shared step (cpu-full's)?

What is ported (and checked here before anything trains):
* the corruption network rdn-slim-x2 from the layer graph and weights that
  `bench/gpu/export_inputs.ts` writes, and (`--network edsr-denoise|edsr-dejpeg|edsr-deblur`)
  the EDSR-style restoration networks it writes when they are set up (`RestorationNet`); each is
  checked against tfjs's output on 8 images, batched and per-example, before it is used;
* the pre-activation ResNet-18 at width 1/8 in the layout of `@ada/models` (checkpoints are read
  and written in the `ada-checkpoint` v1 format, so `bench/gpu/eval_checkpoints.ts` evaluates the
  trained models with the TypeScript corruption benchmark; `--self-test` checks the forward
  against the NumPy fixture `libs/models/fixtures/preact_resnet18_tiny`);
* the outer loop of `trainClassifier` (SGD + Nesterov 0.9, weight decay 1e-4 on every parameter,
  linear warm-up over 0.5 epoch then cosine to 0, peak LR max(0.1 * B / 256, 0.1), batch 64,
  10 epochs of floor(N / 64) steps, zero pad 4 + random crop 32 + horizontal flip);
* AdA as `AdaAugmenter` does it: per-block radii nu * ||phi_i||, uniform start in the balls,
  `steps` iterated-FGSM steps of median radius / 4 with per-block projection, classifier in
  inference mode, clip to [0, 1], SSIM line search below 0.3 (9 points, quadratic fit, the real
  root in [0, 1] closest to 1 with the fallback and the measured guard of `ssimLineSearch`:
  `line_search_rule.py`, checked against the TypeScript rule), on the first round(fraction * B)
  images of each batch; optional residual form x + c_(phi+beta)(x) - c_phi(x); `--step-rule
  l2-block` for the l2-normalised step of `AdaConfig.stepRule` (beta_i += f nu_i g_i/||g_i||).
* AugMix last, as the paper's pipeline orders it (conditions `augmix` and `<ada condition>+augmix`):
  the NumPy AugMix of `augmix_np.py` (checked against the Pillow fixtures by
  `test_augmix_np.py`), with the Jensen-Shannon loss over [images, 2 AugMix views], lambda 12
  (`--jsd-lambda`), as `ada run`'s AugMix setups train.
Not ported: the random streams (example order, crops, starts, AugMix draws differ from the
TypeScript run's, so seeds are comparable only in distribution).

  python3 bench/gpu/ada_dose.py --self-test
  python3 bench/gpu/ada_dose.py --inputs .gpu/inputs --out OUT --budget 540 \
      --conditions nominal,ada-cpufull,ada-paper,ada-paper-residual --seeds 0
  python3 bench/gpu/ada_dose.py --inputs .gpu/inputs --out OUT --network edsr-denoise --nu NU \
      --conditions nominal,augmix,ada-paper,ada-paper+augmix --seeds 0,1   # Table 1's four setups

Writes OUT/results.json (one entry per finished condition x seed: clean accuracy, mean SSIM and
line-search rate of the AdA images, time) and OUT/checkpoints.tar (one ada-checkpoint folder per
run). Runs go seed by seed, conditions in the order given; one whose projected time does not fit the remaining
budget is skipped and says so.
"""
import argparse
import io
import json
import math
import multiprocessing
import os
import sys
import tarfile
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'libs', 'models', 'scripts'))
sys.path.insert(0, HERE)
from convert_pytorch import write_checkpoint  # noqa: E402
from line_search_rule import choose_gamma, guard_gamma  # noqa: E402
from augmix_np import augmix_batch  # noqa: E402

MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.247, 0.2435, 0.2616)

CONDITIONS = {
    # name: (fraction, steps, offsets, residual)
    'nominal': None,
    'ada-cpufull': (0.125, 1, 'shared', False),
    'ada-cpufull-residual': (0.125, 1, 'shared', True),
    'ada-paper': (1.0, 10, 'per-example', False),
    'ada-paper-residual': (1.0, 10, 'per-example', True),
    # the dose between them: steps at cpu-full's fraction, fraction at one step, half of each batch
    'ada-eighth10': (0.125, 10, 'per-example', False),
    'ada-pe1': (1.0, 1, 'per-example', False),
    'ada-half10': (0.5, 10, 'per-example', False),
    # which of the two changes stops learning: per-example offsets, or attacking every image
    'ada-eighth-pe1': (0.125, 1, 'per-example', False),
    'ada-all-shared1': (1.0, 1, 'shared', False),
}


def log(**fields):
    print(json.dumps(fields), flush=True)


# ---------------------------------------------------------------- data


def read_npy(path):
    return np.load(path)


def load_inputs(d):
    out = {k: read_npy(os.path.join(d, f'{k}.npy')) for k in
           ('train_x', 'train_y', 'test_x', 'test_y')}
    for k in ('train_x', 'test_x'):
        a = out[k]
        if a.dtype != np.uint8 or a.ndim != 4 or a.shape[1:] != (32, 32, 3):
            raise SystemExit(f'{k}.npy: expected uint8 [N, 32, 32, 3], got {a.dtype} {a.shape}')
    return out


# ---------------------------------------------------------------- corruption network


class Rdn:
    """The Keras graph of `parseKerasGraph`, evaluated functionally in NCHW."""

    def __init__(self, spec, flat, device):
        self.layers = spec['layers']
        self.output = spec['output']
        self.range = spec['range']
        self.scale = spec['scale']
        if spec['resize'] != 'sr-then-area':
            raise SystemExit(f"rdn.json: resize {spec['resize']} is not supported")
        self.params = []
        for b in spec['blocks']:
            t = torch.from_numpy(flat[b['offset']:b['offset'] + b['length']].copy()).reshape(b['shape'])
            if b['kind'] == 'weight':
                t = t.permute(3, 2, 0, 1).contiguous()  # HWIO -> OIHW
            self.params.append(t.to(device))

    def __call__(self, x, params, per_example):
        """x: [B, 3, H, W] in [0, 1] -> [B, 3, H, W]; params[i] is [B, ...] when per_example."""
        vals = {}
        p = 0
        h = None
        for L in self.layers:
            k = L['kind']
            if k == 'input':
                h = x * self.range
            elif k == 'conv':
                w = params[p]
                p += 1
                b = None
                if L['bias']:
                    b = params[p]
                    p += 1
                h = conv(vals[L['input']], w, b, L['kernelSize'], L['padding'], per_example)
                if L['relu']:
                    h = F.relu(h)
            elif k == 'relu':
                h = F.relu(vals[L['input']])
            elif k == 'concat':
                h = torch.cat([vals[i] for i in L['inputs']], dim=1)
            elif k == 'add':
                h = vals[L['inputs'][0]]
                for i in L['inputs'][1:]:
                    h = h + vals[i]
            elif k == 'scale':
                h = vals[L['input']] * L['factor']
            elif k == 'upsample':
                h = F.interpolate(vals[L['input']], scale_factor=L['scale'], mode='nearest')
            elif k == 'pixelShuffle':
                h = depth_to_space(vals[L['input']], L['scale'])
            else:
                raise SystemExit(f'rdn.json: unknown layer kind {k}')
            vals[L['name']] = h
        y = vals[self.output] / self.range
        return F.avg_pool2d(y, self.scale)


class RestorationNet:
    """The EDSR-style restoration `Net` of `createRestorationNet` (@ada/models) in NCHW, from the
    NAME.json / NAME.bin that `export_inputs.ts` writes: sub_mean 1x1, replication pad to a
    multiple of s, space-to-depth (TF's channel order, as `pixelUnshuffle`), head 3x3, residual
    blocks conv-ReLU-conv + input, body_end 3x3 + head, tail 3x3, depth-to-space, crop,
    add_mean 1x1, clip to [0, 1]. Close to the identity on clean images (45 dB for the denoiser)."""

    def __init__(self, spec, flat, device):
        if spec.get('arch') != 'edsr-restoration':
            raise SystemExit(f"{spec.get('network')}.json: arch {spec.get('arch')!r} is not 'edsr-restoration'")
        self.name = spec['network']
        self.num_blocks = spec['config']['numBlocks']
        self.scale = spec['config']['scale']
        expected = 2 * (5 + 2 * self.num_blocks)  # sub_mean, head, 2 per block, body_end, tail, add_mean
        if len(spec['blocks']) != expected:
            raise SystemExit(f'{self.name}.json: {len(spec["blocks"])} blocks, expected {expected}')
        self.params = []
        self.kernel_sizes = []
        for b in spec['blocks']:
            t = torch.from_numpy(flat[b['offset']:b['offset'] + b['length']].copy()).reshape(b['shape'])
            if b['kind'] == 'weight':
                self.kernel_sizes.append(b['shape'][0])
                t = t.permute(3, 2, 0, 1).contiguous()  # HWIO -> OIHW
            self.params.append(t.to(device))

    def __call__(self, x, params, per_example):
        """x: [B, 3, H, W] in [0, 1] -> [B, 3, H, W] in [0, 1]; params[i] is [B, ...] when per_example."""
        it = iter(range(0, len(params), 2))

        def c(h):
            i = next(it)
            k = self.kernel_sizes[i // 2]
            return conv(h, params[i], params[i + 1], k, 'same', per_example)

        s = self.scale
        _, _, hh, ww = x.shape
        shifted = c(x)
        pad_h, pad_w = (s - hh % s) % s, (s - ww % s) % s
        if pad_h or pad_w:
            shifted = F.pad(shifted, (0, pad_w, 0, pad_h), mode='replicate')
        head = c(space_to_depth(shifted, s))
        r = head
        for _ in range(self.num_blocks):
            r = c(F.relu(c(r))) + r
        r = c(r) + head
        y = depth_to_space(c(r), s)[:, :, :hh, :ww]
        return c(y).clamp(0, 1)


def load_network(inputs_dir, name, device):
    """The corruption network `name` (rdn-slim-x2 or a restoration network) from the inputs
    folder, checked against the TypeScript network's output on 8 images before it is used."""
    x = read_npy(os.path.join(inputs_dir, 'rdn_check_x.npy'))
    if name == 'rdn-slim-x2':
        with open(os.path.join(inputs_dir, 'rdn.json')) as f:
            spec = json.load(f)
        net = Rdn(spec, np.fromfile(os.path.join(inputs_dir, 'rdn.bin'), dtype='<f4'), device)
        want = read_npy(os.path.join(inputs_dir, 'rdn_check_y.npy'))
    else:
        path = os.path.join(inputs_dir, f'{name}.json')
        if not os.path.exists(path):
            raise SystemExit(f'--network {name}: {path} is missing; write it with `npx tsx bench/gpu/export_inputs.ts '
                             f'--out {inputs_dir}` after `npm run setup:restoration-nets`')
        with open(path) as f:
            spec = json.load(f)
        net = RestorationNet(spec, np.fromfile(os.path.join(inputs_dir, f'{name}.bin'), dtype='<f4'), device)
        want = read_npy(os.path.join(inputs_dir, f'{name}_check_y.npy'))
    check_network(net, name, x, want, device)
    return net


def conv(x, w, b, k, padding, per_example):
    pad = k // 2 if padding == 'same' else 0
    if not per_example:
        return F.conv2d(x, w, b, padding=pad)
    n, c, hh, ww = x.shape
    o = w.shape[1]
    y = F.conv2d(x.reshape(1, n * c, hh, ww), w.reshape(n * o, *w.shape[2:]),
                 None if b is None else b.reshape(n * o), padding=pad, groups=n)
    return y.reshape(n, o, y.shape[2], y.shape[3])


def space_to_depth(x, s):
    """TF's spaceToDepth in NCHW (the inverse of depth_to_space): out[(i*s+j)*C + c, h, w] =
    in[c, h*s+i, w*s+j]."""
    n, c, hs, ws = x.shape
    t = x.reshape(n, c, hs // s, s, ws // s, s).permute(0, 3, 5, 1, 2, 4)
    return t.reshape(n, s * s * c, hs // s, ws // s)


def depth_to_space(x, s):
    """TF's depthToSpace in NCHW: out[c, h*s+i, w*s+j] = in[(i*s+j)*C + c, h, w]."""
    n, cs, h, w = x.shape
    c = cs // (s * s)
    t = x.reshape(n, s, s, c, h, w).permute(0, 3, 4, 1, 5, 2)
    return t.reshape(n, c, h * s, w * s)


# ---------------------------------------------------------------- classifier


class PreActResNet18(torch.nn.Module):
    """`createPreActResNet(18)` of @ada/models: CIFAR normalisation, 3x3 stem, 4 stages of 2
    pre-activation blocks (stride 1, 2, 2, 2), BN-ReLU, global average pool, linear head."""

    def __init__(self, width=0.125, classes=10):
        super().__init__()
        widths = [max(1, round(64 * width)), max(1, round(128 * width)),
                  max(1, round(256 * width)), max(1, round(512 * width))]
        self.widths = widths
        self.stem = torch.nn.Conv2d(3, widths[0], 3, padding=1, bias=False)
        self.blocks = torch.nn.ModuleList()
        self.plan = []
        cin = widths[0]
        for s, planes in enumerate(widths):
            for b in range(2):
                stride = 2 if (b == 0 and s > 0) else 1
                blk = torch.nn.Module()
                blk.bn1 = torch.nn.BatchNorm2d(cin, eps=1e-5, momentum=0.1)
                blk.conv1 = torch.nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
                blk.bn2 = torch.nn.BatchNorm2d(planes, eps=1e-5, momentum=0.1)
                blk.conv2 = torch.nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
                blk.shortcut = (torch.nn.Conv2d(cin, planes, 1, stride, 0, bias=False)
                                if stride != 1 or cin != planes else None)
                self.blocks.append(blk)
                self.plan.append(f'stage{s + 1}/block{b}')
                cin = planes
        self.final_bn = torch.nn.BatchNorm2d(cin, eps=1e-5, momentum=0.1)
        self.head = torch.nn.Linear(cin, classes)
        self.register_buffer('mean', torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer('std', torch.tensor(STD).view(1, 3, 1, 1))
        for m in self.modules():  # He normal (fan in), head uniform +-1/sqrt(fan in), bias 0
            if isinstance(m, torch.nn.Conv2d):
                torch.nn.init.kaiming_normal_(m.weight, mode='fan_in', nonlinearity='relu')
        torch.nn.init.uniform_(self.head.weight, -1 / math.sqrt(cin), 1 / math.sqrt(cin))
        torch.nn.init.zeros_(self.head.bias)

    def forward(self, x):
        h = self.stem((x - self.mean) / self.std)
        for blk in self.blocks:
            out = F.relu(blk.bn1(h))
            sc = blk.shortcut(out) if blk.shortcut is not None else h
            out = blk.conv1(out)
            out = blk.conv2(F.relu(blk.bn2(out)))
            h = out + sc
        h = F.relu(self.final_bn(h)).mean(dim=(2, 3))
        return self.head(h)

    # ada-checkpoint names <-> modules
    def named_tensors(self):
        out = {'stem/conv/kernel': (self.stem.weight, 'conv')}

        def bn(name, m):
            out[name + '/gamma'] = (m.weight, 'vec')
            out[name + '/beta'] = (m.bias, 'vec')
            out[name + '/moving_mean'] = (m.running_mean, 'vec')
            out[name + '/moving_variance'] = (m.running_var, 'vec')

        for p, blk in zip(self.plan, self.blocks):
            bn(p + '/bn1', blk.bn1)
            out[p + '/conv1/kernel'] = (blk.conv1.weight, 'conv')
            bn(p + '/bn2', blk.bn2)
            out[p + '/conv2/kernel'] = (blk.conv2.weight, 'conv')
            if blk.shortcut is not None:
                out[p + '/shortcut/kernel'] = (blk.shortcut.weight, 'conv')
        bn('final_bn', self.final_bn)
        out['head/kernel'] = (self.head.weight, 'linear')
        out['head/bias'] = (self.head.bias, 'vec')
        return out

    def export(self):
        res = {}
        for name, (t, kind) in self.named_tensors().items():
            a = t.detach().float().cpu().numpy()
            if kind == 'conv':
                a = np.transpose(a, (2, 3, 1, 0))  # OIHW -> HWIO
            elif kind == 'linear':
                a = a.T  # [out, in] -> [in, out]
            res[name] = np.ascontiguousarray(a, dtype='<f4')
        return res

    def load(self, tensors):
        for name, (t, kind) in self.named_tensors().items():
            a = tensors[name]
            if kind == 'conv':
                a = np.transpose(a, (3, 2, 0, 1))
            elif kind == 'linear':
                a = a.T
            with torch.no_grad():
                t.copy_(torch.from_numpy(np.array(a, dtype=np.float32)))


def read_checkpoint(folder):
    with open(os.path.join(folder, 'manifest.json')) as f:
        m = json.load(f)
    blob = open(os.path.join(folder, m['files']['weights']['path']), 'rb').read()
    out = {}
    for e in m['files']['weights']['tensors']:
        out[e['name']] = np.frombuffer(blob, '<f4', e['byteLength'] // 4, e['offset']).reshape(e['shape'])
    return m, out


# ---------------------------------------------------------------- SSIM and line search


def _gauss(device):
    g = torch.exp(-((torch.arange(11, dtype=torch.float32, device=device) - 5) ** 2) / (2 * 1.5 ** 2))
    return g / g.sum()


def ssim(a, b):
    """SSIM (Wang 2004; 11x11 Gaussian sigma 1.5, K 0.01 / 0.03, L 1) over the 'valid' interior,
    averaged over pixels and channels, per image: a, b [B, 3, H, W] -> [B]."""
    g = _gauss(a.device)
    c = a.shape[1]
    kh = g.view(1, 1, 11, 1).repeat(c, 1, 1, 1)
    kw = g.view(1, 1, 1, 11).repeat(c, 1, 1, 1)

    def filt(x):
        return F.conv2d(F.conv2d(x, kh, groups=c), kw, groups=c)

    mu_a, mu_b = filt(a), filt(b)
    saa = filt(a * a) - mu_a * mu_a
    sbb = filt(b * b) - mu_b * mu_b
    sab = filt(a * b) - mu_a * mu_b
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    m = ((2 * mu_a * mu_b + c1) * (2 * sab + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (saa + sbb + c2))
    return m.mean(dim=(1, 2, 3))


def line_search(x, xh, threshold=0.3, points=9):
    """`ssimLineSearch` of @ada/ada: where SSIM(x, xh) < threshold, blend (1 - g) x + g xh with g
    from a quadratic fit of SSIM(x, x_g) - t at `points` equally spaced g: the real root in
    [0, 1] closest to 1 (`choose_gamma`: a root beyond 1 whose fit stays below t is dropped, not
    clipped to 1; no root: the largest grid g measured feasible), then the measured guard
    (`guard_gamma`). Before this rule the port clipped every root into [0, 1] and took the
    largest, so a root at 2.63 gave g = 1 and kept the destroyed image."""
    s = ssim(x, xh)
    low = (s < threshold).nonzero().flatten()
    if low.numel() == 0:
        return xh, 0
    grid = [k / (points - 1) for k in range(points)]
    xs, xhs = x[low], xh[low]
    vals = torch.stack([ssim(xs, (1 - g) * xs + g * xhs) for g in grid], 1).double().cpu().numpy() - threshold
    choices = [choose_gamma(grid, list(vals[r])) for r in range(len(low))]

    def blend(gammas):
        g = torch.tensor(gammas, dtype=x.dtype, device=x.device).view(-1, 1, 1, 1)
        return (1 - g) * xs + g * xhs

    gammas = [c[0] for c in choices]
    after = ssim(xs, blend(gammas)).double().cpu().numpy()
    guarded = [guard_gamma(g, c[1], float(a), threshold) for g, c, a in zip(gammas, choices, after)]
    out = xh.clone()
    out[low] = blend(guarded)
    return out, int(low.numel())


# ---------------------------------------------------------------- AdA


STEP_RULES = ('sign', 'l2-block')
NETWORKS = ('rdn-slim-x2', 'edsr-denoise', 'edsr-dejpeg', 'edsr-deblur')


class Ada:
    def __init__(self, net, nu, bf16=False, step_rule='sign', l2_step_fraction=0.25):
        if step_rule not in STEP_RULES:
            raise SystemExit(f"--step-rule must be one of {', '.join(STEP_RULES)}, got {step_rule!r}")
        self.net = net
        self.bf16 = bf16
        self.step_rule = step_rule
        self.l2_step_fraction = l2_step_fraction
        self.radii = [nu * float(torch.linalg.vector_norm(p.double())) for p in net.params]
        self.step = float(np.median(self.radii)) / 4

    def ascend(self, betas, grads, per_example):
        """One step before projection: `sign` beta + alpha sign(g) (the paper: alpha = median
        radius / 4 per coordinate); `l2-block` beta + f r_i g / ||g|| per block and example."""
        if self.step_rule == 'sign':
            return [b + self.step * g.sign() for b, g in zip(betas, grads)]
        out = []
        for b, g, r in zip(betas, grads, self.radii):
            flat = g.float().reshape(b.shape[0] if per_example else 1, -1)
            flat = flat / flat.abs().amax(dim=1, keepdim=True).clamp(min=1e-30)
            flat = flat / flat.norm(dim=1, keepdim=True).clamp(min=1.0)
            out.append(b + self.l2_step_fraction * r * flat.reshape(b.shape))
        return out

    def sample(self, n, gen):
        """Uniform in each block's ball: [n, ...block] (n=None: one shared draw)."""
        out = []
        for p, r in zip(self.net.params, self.radii):
            shape = ((n,) if n else ()) + tuple(p.shape)
            z = torch.randn(shape, device=p.device, generator=gen)
            flat = z.reshape(n or 1, -1)
            d = flat.shape[1]
            u = torch.rand(flat.shape[0], 1, device=p.device, generator=gen) ** (1.0 / d)
            flat = flat / flat.norm(dim=1, keepdim=True) * r * u
            out.append(flat.reshape(shape))
        return out

    def project(self, betas, per_example):
        out = []
        for b, r in zip(betas, self.radii):
            flat = b.reshape(b.shape[0] if per_example else 1, -1)
            norm = flat.norm(dim=1, keepdim=True)
            scale = torch.clamp(r / torch.clamp(norm, min=1e-30), max=1.0)
            out.append((flat * scale).reshape(b.shape))
        return out

    def augment(self, model, x, y, steps, offsets, residual, gen, attack_y=None):
        """attack_y: the labels the FGSM steps ascend the loss of (default y; the permuted-labels
        control passes a permutation of y and trains on y)."""
        per_example = offsets == 'per-example'
        if attack_y is not None:
            y = attack_y
        n = x.shape[0]
        was_training = model.training
        model.eval()
        for p in model.parameters():
            p.requires_grad_(False)
        gap = None
        if residual:
            with torch.no_grad():
                gap = x - self.net(x, self.net.params, False)

        def corrupt(betas):
            if per_example:
                params = [p.unsqueeze(0) + b for p, b in zip(self.net.params, betas)]
            else:
                params = [p + b for p, b in zip(self.net.params, betas)]
            out = self.net(x, params, per_example)
            if gap is not None:
                out = out + gap
            return out.clamp(0, 1)

        betas = self.sample(n if per_example else None, gen)
        for _ in range(steps):
            for b in betas:
                b.requires_grad_(True)
            # bf16 on a GPU (--attack-bf16): fine for the sign rule (only the gradient's sign is
            # used); with l2-block the direction comes from bf16 gradients too.
            with torch.autocast(x.device.type, dtype=torch.bfloat16, enabled=self.bf16):
                loss = F.cross_entropy(model(corrupt(betas)).float(), y, reduction='sum')
            grads = torch.autograd.grad(loss, betas)
            with torch.no_grad():
                betas = self.project(self.ascend(betas, grads, per_example), per_example)
        with torch.no_grad():
            xh = corrupt(betas)
            xh, fired = line_search(x, xh)
            s = ssim(x, xh)
        for p in model.parameters():
            p.requires_grad_(True)
        model.train(was_training)
        return xh.detach(), s, fired


# ---------------------------------------------------------------- AugMix


def parse_condition(name):
    """'<base>' or '<base>+augmix' (and 'augmix' alone): the AdA spec of the base condition (None
    for nominal) and whether AugMix runs last, as the paper's pipeline orders them."""
    augmix = name == 'augmix' or name.endswith('+augmix')
    base = 'nominal' if name == 'augmix' else (name[:-len('+augmix')] if augmix else name)
    if base not in CONDITIONS or (augmix and base == 'nominal' and name != 'augmix'):
        raise SystemExit(f"--conditions: unknown '{name}', expected one of {', '.join(CONDITIONS)} "
                         "or augmix, or one of the ada conditions followed by +augmix")
    return CONDITIONS[base], augmix


def augmix_views(x, views, gen, pool=None):
    """`views` AugMix copies of x (NCHW in [0, 1] on any device), each image with a seed of its own
    drawn from `gen` (the port's streams are its own, like the rest of its random choices); the
    operations run in NumPy on the CPU (`augmix_np.py`, checked against the Pillow fixtures), in
    `pool`'s worker processes when given (each image depends only on its seed, so the split does
    not change the result)."""
    xs = x.detach().permute(0, 2, 3, 1).float().cpu().numpy()
    out = []
    for _ in range(views):
        seeds = torch.randint(0, 2 ** 31 - 1, (x.shape[0],), generator=gen).tolist()
        if pool is None:
            y = augmix_batch(xs, seeds)
        else:
            k = -(-len(seeds) // pool._processes)
            parts = [(xs[i:i + k], seeds[i:i + k]) for i in range(0, len(seeds), k)]
            y = np.concatenate(pool.starmap(augmix_batch, parts), 0)
        out.append(torch.from_numpy(y).permute(0, 3, 1, 2).to(x.device))
    return out


def jsd_consistency(logits):
    """`jsdConsistency` of @ada/augment: the mean KL of each view's softmax to their mixture
    (clipped to [1e-7, 1] before the log), divided by views * N."""
    log_p = [F.log_softmax(v, dim=1) for v in logits]
    p = [lp.exp() for lp in log_p]
    log_m = (sum(p) / len(p)).clamp(1e-7, 1).log()
    return sum((pk * (lpk - log_m)).sum() for pk, lpk in zip(p, log_p)) / (len(p) * logits[0].shape[0])


# ---------------------------------------------------------------- training


def pad_crop_flip(x, gen):
    n = x.shape[0]
    xp = F.pad(x, (4, 4, 4, 4))
    dx = torch.randint(0, 9, (n,), device=x.device, generator=gen)
    dy = torch.randint(0, 9, (n,), device=x.device, generator=gen)
    ar = torch.arange(32, device=x.device)
    rows = (dy[:, None] + ar[None, :])  # [n, 32]
    cols = (dx[:, None] + ar[None, :])
    flip = torch.rand(n, device=x.device, generator=gen) < 0.5
    cols = torch.where(flip[:, None], cols.flip(1), cols)
    idx_n = torch.arange(n, device=x.device)[:, None, None]
    out = xp.permute(0, 2, 3, 1)[idx_n, rows[:, :, None], cols[:, None, :]]  # [n, 32, 32, 3]
    return out.permute(0, 3, 1, 2).contiguous()


def lr_at(step, total, warmup, peak):
    if step < warmup:
        return peak * (step + 1) / warmup
    decay = total - warmup
    if decay <= 1:
        return peak
    t = min(1.0, (step - warmup) / (decay - 1))
    return 0.5 * peak * (1 + math.cos(math.pi * t))


def to_nchw(a, device):
    return torch.from_numpy(a).to(device).permute(0, 3, 1, 2).float().div_(255)


def accuracy(model, x, y, bs=500):
    model.eval()
    ok = 0
    with torch.no_grad():
        for s in range(0, x.shape[0], bs):
            ok += (model(x[s:s + bs]).argmax(1) == y[s:s + bs]).sum().item()
    return ok / x.shape[0]


def train_one(cond, seed, data, net, args, device, deadline=None, probe_steps=None, pool=None):
    torch.manual_seed(seed)
    gen = torch.Generator(device=device)
    gen.manual_seed(1000 + seed)
    model = PreActResNet18(args.width).to(device)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
    xtr, ytr = data['xtr'], data['ytr']
    n = xtr.shape[0]
    bs = args.batch
    per_epoch = n // bs
    total = per_epoch * args.epochs
    warmup = min(total, round(0.5 * per_epoch))
    peak = max(0.1 * bs / 256, 0.1)
    spec, with_augmix = parse_condition(cond)
    aug_gen = torch.Generator()  # on the CPU, where the AugMix operations run
    aug_gen.manual_seed(0x61756778 ^ seed)
    ada = Ada(net, args.nu, args.attack_bf16 and device.type == 'cuda', args.step_rule,
              args.l2_step_fraction) if spec else None
    ssim_sum, ssim_n, fired = 0.0, 0, 0
    # warm start: the first --warmup-epochs epochs train nominally (the AdA setup's own seeds)
    warm_steps = per_epoch * args.warmup_epochs if spec and probe_steps is None else 0
    # permuted attack labels: a generator of its own, so the AdA random starts are the ones the
    # true-label attack draws
    perm_gen = torch.Generator(device=device)
    perm_gen.manual_seed(0x7065726d ^ seed)
    history = []
    t0 = time.time()
    t1 = None
    step = 0
    steps = total if probe_steps is None else probe_steps
    while step < steps:
        if step % per_epoch == 0:
            order = torch.randperm(n, device=device, generator=gen)
        idx = order[(step % per_epoch) * bs:(step % per_epoch + 1) * bs]
        x = pad_crop_flip(xtr[idx], gen)
        y = ytr[idx]
        if spec and step >= warm_steps:
            fraction, k_steps, offsets, residual = spec
            if args.ada_steps is not None:
                k_steps = args.ada_steps
            k = round(fraction * bs)
            if k > 0:
                attack_y = None
                if args.attack_labels == 'permuted':
                    perm = torch.randperm(k, device=device, generator=perm_gen)
                    attack_y = y[:k][perm]
                xa, s, f = ada.augment(model, x[:k], y[:k], k_steps, offsets, residual, gen, attack_y)
                x = torch.cat([xa, x[k:]], 0)
                if step >= total - per_epoch:  # last epoch's AdA images, as `ada run` reports
                    ssim_sum += float(s.sum())
                    ssim_n += k
                fired += f
        for g in opt.param_groups:
            g['lr'] = lr_at(step, total, warmup, peak)
        if with_augmix and args.jsd_lambda > 0:
            # the JSD loss: [AdA (or clean) images, two AugMix views] in one forward pass
            logits = model(torch.cat([x, *augmix_views(x, 2, aug_gen, pool)], 0)).split(x.shape[0])
            loss = F.cross_entropy(logits[0], y) + args.jsd_lambda * jsd_consistency(logits)
        elif with_augmix:
            loss = F.cross_entropy(model(augmix_views(x, 1, aug_gen, pool)[0]), y)
        else:
            loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        if step == 1 and probe_steps is not None:
            if device.type == 'cuda':
                torch.cuda.synchronize()
            t1 = time.time()  # the probe times steps 2.. (the first one tunes cuDNN)
        if probe_steps is None and step % per_epoch == 0:
            h = None
            if args.history:
                h = accuracy(model, data['xte'][:args.history], data['yte'][:args.history])
                model.train()
                history.append(round(h, 4))
            log(event='epoch', condition=cond, seed=seed, epoch=step // per_epoch,
                loss=round(float(loss.detach()), 4), historyClean=h, seconds=round(time.time() - t0, 1))
        if deadline is not None and time.time() > deadline:
            log(event='stopped', condition=cond, seed=seed, step=step, reason='budget')
            return None
    if device.type == 'cuda':
        torch.cuda.synchronize()
    secs = time.time() - t0
    if probe_steps is not None:
        return (time.time() - t1) / (probe_steps - 1)
    return {
        'condition': cond, 'seed': seed, 'steps': total,
        'augmix': ({'jsdLambda': args.jsd_lambda} if with_augmix else None),
        'adaSteps': (spec[1] if args.ada_steps is None else args.ada_steps) if spec else None,
        'network': args.network if spec else None,
        'nu': args.nu if spec else None, 'stepRule': args.step_rule if spec else None,
        'attackLabels': args.attack_labels if spec else None,
        'warmupEpochs': args.warmup_epochs if spec else None,
        'clean': accuracy(model, data['xte'], data['yte']),
        'adaSsim': ssim_sum / ssim_n if ssim_n else None,
        'lineSearchFired': fired,
        'history': history,
        'seconds': round(secs, 1),
        'weights': model.export(),
    }


# ---------------------------------------------------------------- checks


def check_network(net, name, x, want, device):
    x = torch.from_numpy(x).permute(0, 3, 1, 2).to(device)
    want = torch.from_numpy(want).permute(0, 3, 1, 2).to(device)
    with torch.no_grad():
        got = net(x, net.params, False)
        per = net(x, [p.unsqueeze(0).expand(x.shape[0], *p.shape).contiguous() for p in net.params], True)
    err = float((got - want).abs().max())
    err_pe = float((per - want).abs().max())
    log(event='check', what=f'{name} vs tfjs', maxAbs=err, perExampleMaxAbs=err_pe)
    if err > 2e-3 or err_pe > 2e-3:
        raise SystemExit(f'the PyTorch {name} differs from tfjs by {max(err, err_pe)}')


def self_test():
    """Forward of the classifier port against the NumPy fixture, checkpoint round trip, pixel
    order of depth_to_space, per-example conv against a loop, SSIM identities."""
    root = os.path.join(HERE, '..', '..', 'libs', 'models', 'fixtures', 'preact_resnet18_tiny')
    m, tensors = read_checkpoint(root)
    model = PreActResNet18(m['config']['width']).double()
    model.load(tensors)
    x = torch.from_numpy(np.load(os.path.join(root, 'input.npy'))).permute(0, 3, 1, 2).double()
    for mode in ('eval', 'train'):
        model.train(mode == 'train')
        want = np.load(os.path.join(root, f'logits_{mode}.npy'))
        got = model(x).detach().numpy()
        err = float(np.abs(got - want).max())
        log(event='self-test', what=f'preact-resnet18 {mode} logits vs NumPy', maxAbs=err)
        assert err < 1e-4, err
    exported = model.export()
    assert all(np.array_equal(exported[k], tensors[k].astype('<f4')) for k in tensors
               if not k.endswith('moving_mean') and not k.endswith('moving_variance')), 'round trip'
    t = torch.arange(2 * 8 * 3 * 3, dtype=torch.float32).reshape(2, 8, 3, 3)
    d = depth_to_space(t, 2)
    for c in range(2):
        for i in range(2):
            for j in range(2):
                assert torch.equal(d[:, c, i::2, j::2], t[:, (i * 2 + j) * 2 + c]), 'depth_to_space'
    assert torch.equal(space_to_depth(d, 2), t), 'space_to_depth inverts depth_to_space'
    g = torch.Generator().manual_seed(0)
    xs = torch.randn(3, 4, 6, 6, generator=g)
    ws = torch.randn(3, 5, 4, 3, 3, generator=g)
    bs_ = torch.randn(3, 5, generator=g)
    per = conv(xs, ws, bs_, 3, 'same', True)
    loop = torch.cat([F.conv2d(xs[i:i + 1], ws[i], bs_[i], padding=1) for i in range(3)])
    assert torch.allclose(per, loop, atol=1e-5), 'per-example conv'
    a = torch.rand(2, 3, 16, 16, generator=g)
    assert torch.allclose(ssim(a, a), torch.ones(2)), 'ssim(a, a)'
    assert float(ssim(a, torch.rand(2, 3, 16, 16, generator=g)).max()) < 0.2, 'ssim of noise'
    # l2-block steps: each block of each example moves 0.25 of its radius along its gradient.
    fake = type('Fake', (), {'params': [torch.ones(2), torch.ones(3, 2)]})()
    ada = Ada(fake, 0.5, step_rule='l2-block')
    grads = [torch.randn(4, 2, generator=g), torch.randn(4, 3, 2, generator=g)]
    moved = ada.ascend([torch.zeros(4, 2), torch.zeros(4, 3, 2)], grads, True)
    for m, gr, r in zip(moved, grads, ada.radii):
        assert torch.allclose(m.reshape(4, -1).norm(dim=1), torch.full((4,), 0.25 * r)), 'l2-block norm'
        assert torch.allclose(torch.nn.functional.cosine_similarity(m.reshape(4, -1), gr.reshape(4, -1)),
                              torch.ones(4)), 'l2-block direction'
    # the JSD consistency loss: 0 for equal views, and the definition for different ones
    views = [torch.randn(5, 10, generator=g, dtype=torch.float64) for _ in range(3)]
    assert float(jsd_consistency([views[0]] * 3)) < 1e-12, 'jsd of equal views'
    ps = [np.exp(v.numpy()) / np.exp(v.numpy()).sum(1, keepdims=True) for v in views]
    m = sum(ps) / 3
    want = sum((q * (np.log(q) - np.log(m))).sum() for q in ps) / (3 * 5)
    assert abs(float(jsd_consistency(views)) - want) < 1e-12, 'jsd against NumPy'
    # AugMix views: the batch's shape, in [0, 1], reproducible from the generator's seed
    xa = torch.rand(3, 3, 8, 8, generator=g)
    v1 = augmix_views(xa, 2, torch.Generator().manual_seed(5))
    v2 = augmix_views(xa, 2, torch.Generator().manual_seed(5))
    with multiprocessing.get_context('spawn').Pool(2) as pool:
        v3 = augmix_views(xa, 2, torch.Generator().manual_seed(5), pool)
    assert all(torch.equal(a_, b_) for a_, b_ in zip(v1, v3)), 'augmix in worker processes'
    assert all(v.shape == xa.shape and float(v.min()) >= 0 and float(v.max()) <= 1 for v in v1), 'augmix views'
    assert all(torch.equal(a_, b_) for a_, b_ in zip(v1, v2)) and not torch.equal(v1[0], v1[1]), 'augmix seeds'
    assert parse_condition('augmix') == (None, True) and parse_condition('ada-paper+augmix')[1], 'conditions'
    log(event='self-test', ok=True)


# ---------------------------------------------------------------- attack strength


def load_classifier(ckpt, device):
    """An ada-checkpoint folder, or 'init'/None: a seeded, untrained width-1/8 classifier (what the
    attack meets at the start of training). In inference mode."""
    if ckpt in (None, 'init'):
        torch.manual_seed(0)
        model = PreActResNet18(0.125).to(device)
    else:
        m, tensors = read_checkpoint(ckpt)
        model = PreActResNet18(m['config']['width']).to(device)
        model.load(tensors)
    model.eval()
    return model


def grad_agreement(got, want):
    """Worst block: relative l2 error of got against want, and the fraction of equal signs."""
    rel = max(float((a - b).norm() / b.norm().clamp(min=1e-30)) for a, b in zip(got, want))
    agree = min(float((a.sign() == b.sign()).float().mean()) for a, b in zip(got, want))
    return rel, agree


def measure(ckpt, inputs_dir, n, nus, steps_list, offsets, step_rule='sign', attack_labels='true',
            network='rdn-slim-x2'):
    """How strong AdA is against a trained classifier, in image terms: for each nu and number
    of steps, accuracy on the AdA images of the first n test images, their mean SSIM to the clean
    image, and the mean l2 distance (pixels in [0, 1], 3072 values) to the clean image and to the
    unperturbed network output c_phi(x). ckpt 'init': a seeded, untrained classifier (what the
    attack sees at the start of training); attack_labels 'permuted': the attack ascends the loss
    of a random permutation of the labels (the control of docs/ada-strength.md)."""
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    inputs = load_inputs(inputs_dir)
    net = load_network(inputs_dir, network, device)
    model = load_classifier(ckpt, device)
    x = to_nchw(inputs['test_x'][:n], device)
    y = torch.from_numpy(inputs['test_y'][:n].astype(np.int64)).to(device)
    with torch.no_grad():
        base = net(x, net.params, False).clamp(0, 1)
        acc = lambda v: float((model(v).argmax(1) == y).float().mean())  # noqa: E731
        l2 = lambda a, b: float((a - b).flatten(1).norm(dim=1).mean())  # noqa: E731
        log(event='measure', what='clean', accuracy=acc(x))
        log(event='measure', what='c_phi(x)', accuracy=acc(base), ssim=float(ssim(x, base).mean()),
            l2ToClean=l2(base, x))
    gen = torch.Generator(device=device)
    gen.manual_seed(0)
    for nu in nus:
        ada = Ada(net, nu, step_rule=step_rule)
        for steps in steps_list:
            attack_y = None
            if attack_labels == 'permuted':
                attack_y = y[torch.randperm(n, device=device, generator=gen)]
            xh, s, _ = ada.augment(model, x, y, steps, offsets, False, gen, attack_y)
            with torch.no_grad():
                log(event='measure', nu=nu, steps=steps, offsets=offsets, stepRule=step_rule,
                    attackLabels=attack_labels, accuracy=acc(xh),
                    ssim=float(s.mean()), l2ToClean=l2(xh, x), l2ToCphi=l2(xh, base))


def check_per_example(inputs_dir, ckpt, n, nu, step_rule='sign', network='rdn-slim-x2'):
    """Issue control: per-example AdA on a batch against a loop of per-image runs with distinct
    offsets, in fp32 and in bf16 (autocast on the device). The offsets, corrupted images, the
    gradients of the offsets and one FGSM step must agree; a misaligned batch dimension anywhere
    (offsets of image i applied to image j, labels shuffled) shows up as an error of order 1."""
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    inputs = load_inputs(inputs_dir)
    net = load_network(inputs_dir, network, device)
    model = load_classifier(ckpt, device)
    for p in model.parameters():
        p.requires_grad_(False)
    x = to_nchw(inputs['test_x'][:n], device)
    y = torch.from_numpy(inputs['test_y'][:n].astype(np.int64)).to(device)
    gen = torch.Generator(device=device)
    gen.manual_seed(0)
    ada = Ada(net, nu, step_rule=step_rule)
    start = ada.sample(n, gen)
    worst = {}
    ref = None  # the fp32 per-image loop: the reference the bf16 runs are also compared with
    for mode in ('fp32', 'bf16'):
        bf16 = mode == 'bf16'

        def loss_and_grad(xb, yb, betas, per_example):
            betas = [b.clone().requires_grad_(True) for b in betas]
            params = [p.unsqueeze(0) + b if per_example else p + b for p, b in zip(net.params, betas)]
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                out = net(xb, params, per_example).clamp(0, 1)
                loss = F.cross_entropy(model(out).float(), yb, reduction='sum')
            return out.float().detach(), [g.float() for g in torch.autograd.grad(loss, betas)]

        out_pe, g_pe = loss_and_grad(x, y, start, True)
        outs, g_loop = [], [[] for _ in start]
        for i in range(n):
            o, gs = loss_and_grad(x[i:i + 1], y[i:i + 1], [b[i] for b in start], False)
            outs.append(o)
            for k, gk in enumerate(gs):
                g_loop[k].append(gk)
        out_loop = torch.cat(outs)
        g_loop = [torch.stack(gs) for gs in g_loop]
        if ref is None:
            ref = (out_loop, g_loop)
        vs_ref_rel, vs_ref_agree = grad_agreement(g_pe, ref[1])
        img_err = float((out_pe - out_loop).abs().max())
        rel, agree = grad_agreement(g_pe, g_loop)
        # one FGSM step from each gradient, projected: the images it gives
        step_pe = ada.project(ada.ascend(start, g_pe, True), True)
        step_loop = ada.project(ada.ascend(start, g_loop, True), True)
        with torch.no_grad():
            params_pe = [p.unsqueeze(0) + b for p, b in zip(net.params, step_pe)]
            params_loop = [p.unsqueeze(0) + b for p, b in zip(net.params, step_loop)]
            step_err = float((net(x, params_pe, True) - net(x, params_loop, True)).abs().max())
        # the same against a shuffled batch: what a misalignment would look like
        perm = torch.roll(torch.arange(n), 1)
        shuffled_err = float((out_pe - out_loop[perm]).abs().max())
        log(event='per-example-check', mode=mode, n=n, nu=nu, stepRule=step_rule,
            imageMaxAbs=img_err, gradMaxRelErr=rel, gradSignAgreementMin=agree,
            afterOneStepImageMaxAbs=step_err, misalignedImageMaxAbs=shuffled_err,
            vsFp32LoopImageMaxAbs=float((out_pe - ref[0]).abs().max()), vsFp32LoopGradMaxRelErr=vs_ref_rel,
            vsFp32LoopGradSignAgreementMin=vs_ref_agree)
        worst[mode] = (img_err, rel, step_err, shuffled_err)
    img32, rel32, step32, shuf = worst['fp32']
    ok = img32 < 1e-4 and rel32 < 1e-3 and step32 < 1e-2 and shuf > 100 * max(img32, 1e-6)
    log(event='per-example-check', ok=ok)
    if not ok:
        raise SystemExit('per-example AdA differs from the per-image loop in fp32')


# ---------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--inputs', default='.gpu/inputs')
    p.add_argument('--out', default='.gpu/out')
    p.add_argument('--conditions', default='nominal,ada-cpufull,ada-paper,ada-paper-residual')
    p.add_argument('--seeds', default='0')
    p.add_argument('--jsd-lambda', type=float, default=12,
                   help="AugMix conditions: weight of the Jensen-Shannon consistency loss over [images, 2 AugMix "
                        "views] (the paper's and cpu-full's 12); 0: one AugMix view and plain cross-entropy")
    p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--width', type=float, default=0.125)
    p.add_argument('--nu', type=float, default=0.015)
    p.add_argument('--network', default='rdn-slim-x2', choices=NETWORKS,
                   help='corruption network: rdn-slim-x2, or an EDSR-style restoration network that '
                        'export_inputs.ts wrote (after npm run setup:restoration-nets)')
    p.add_argument('--train-size', type=int, default=0, help='first N training images (0: all)')
    p.add_argument('--budget', type=float, default=540, help='seconds for all training')
    p.add_argument('--attack-bf16', type=int, default=1,
                   help='1: the attack\'s forward and backward in bf16 on a GPU (the final images in fp32)')
    p.add_argument('--step-rule', default='sign', choices=STEP_RULES,
                   help="FGSM step: sign (the paper's, saturates each block in one step) or l2-block")
    p.add_argument('--l2-step-fraction', type=float, default=0.25,
                   help='l2-block: one step moves a block this fraction of its radius')
    p.add_argument('--ada-steps', type=int, default=None,
                   help='FGSM steps for every AdA condition (default: the condition\'s own; 0: random offsets only)')
    p.add_argument('--attack-labels', default='true', choices=['true', 'permuted'],
                   help='permuted: the attack ascends the loss of a random permutation of the batch\'s labels '
                        '(training still uses the true ones), the control of docs/ada-strength.md')
    p.add_argument('--warmup-epochs', type=int, default=0,
                   help='AdA conditions train their first N epochs nominally, then with AdA')
    p.add_argument('--history', type=int, default=0,
                   help='after each epoch, clean accuracy on the first N test images (logged, in results.json)')
    p.add_argument('--threads', type=int, default=0, help='torch CPU threads (0: torch\'s default)')
    p.add_argument('--augmix-workers', type=int, default=-1,
                   help='AugMix conditions: worker processes for the NumPy AugMix (0: in the training process; '
                        '-1: min(8, cores - 1) on a GPU, 0 on a CPU, where the cores train)')
    p.add_argument('--measure-nus', default='0.0025,0.005,0.015', help='--measure: radii')
    p.add_argument('--self-test', action='store_true')
    p.add_argument('--measure', metavar='CKPT',
                   help="measure the attack against this checkpoint folder ('init': an untrained classifier)")
    p.add_argument('--measure-n', type=int, default=128)
    p.add_argument('--measure-steps', default='1,10', help='--measure: FGSM step counts (0: random offsets only)')
    p.add_argument('--check-per-example', action='store_true',
                   help='per-example AdA against a per-image loop (fp32 and bf16); --measure CKPT picks '
                        'the classifier (default: a seeded random one), --measure-n the images')
    p.add_argument('--measure-offsets', default='per-example', choices=['per-example', 'shared'])
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    if a.check_per_example:
        check_per_example(a.inputs, a.measure, a.measure_n, a.nu, a.step_rule, a.network)
        return
    if a.measure:
        nus = [float(v) for v in a.measure_nus.split(',')]
        steps_list = [int(v) for v in a.measure_steps.split(',')]
        measure(a.measure, a.inputs, a.measure_n, nus, steps_list, a.measure_offsets, a.step_rule, a.attack_labels,
                a.network)
        return
    if a.self_test:
        self_test()
        return
    if a.ada_steps is not None and a.ada_steps < 0:
        raise SystemExit(f'--ada-steps must be >= 0, got {a.ada_steps}')
    if a.warmup_epochs < 0 or a.warmup_epochs >= a.epochs:
        raise SystemExit(f'--warmup-epochs must be in [0, --epochs), got {a.warmup_epochs} with --epochs {a.epochs}')
    if a.history < 0:
        raise SystemExit(f'--history must be >= 0, got {a.history}')
    conds = a.conditions.split(',')
    for c in conds:
        parse_condition(c)
    if not (a.jsd_lambda >= 0 and math.isfinite(a.jsd_lambda)):
        raise SystemExit(f'--jsd-lambda must be a finite number >= 0, got {a.jsd_lambda}')
    seeds = [int(s) for s in a.seeds.split(',')]
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    torch.backends.cudnn.benchmark = True
    started = time.time()
    inputs = load_inputs(a.inputs)
    net = load_network(a.inputs, a.network, device)
    ntr = a.train_size or inputs['train_x'].shape[0]
    data = {
        'xtr': to_nchw(inputs['train_x'][:ntr], device),
        'ytr': torch.from_numpy(inputs['train_y'][:ntr].astype(np.int64)).to(device),
        'xte': to_nchw(inputs['test_x'], device),
        'yte': torch.from_numpy(inputs['test_y'].astype(np.int64)).to(device),
    }
    log(event='start', device=str(device),
        gpu=torch.cuda.get_device_name(0) if device.type == 'cuda' else None,
        torch=torch.__version__, train=ntr, test=int(data['xte'].shape[0]), conditions=conds, seeds=seeds)
    os.makedirs(a.out, exist_ok=True)
    results = []
    tar_buf = io.BytesIO()
    tar = tarfile.open(fileobj=tar_buf, mode='w')
    deadline = started + a.budget
    scratch = tempfile.mkdtemp(prefix='ada-dose-')
    workers = a.augmix_workers
    if workers < 0:
        workers = min(8, (os.cpu_count() or 1) - 1) if device.type == 'cuda' else 0
    pool = None
    if workers > 0 and any(parse_condition(c)[1] for c in conds):
        pool = multiprocessing.get_context('spawn').Pool(workers)
        log(event='augmix-workers', processes=workers)
    for seed in seeds:
        for cond in conds:
            per_step = train_one(cond, seed, data, net, a, device, probe_steps=4, pool=pool)
            total = (ntr // a.batch) * a.epochs
            projected = per_step * total
            left = deadline - time.time()
            log(event='probe', condition=cond, seed=seed, secondsPerStep=round(per_step, 4),
                projectedSeconds=round(projected, 1), leftSeconds=round(left, 1))
            if projected > left:
                log(event='skipped', condition=cond, seed=seed, reason='projected time exceeds the budget left')
                continue
            r = train_one(cond, seed, data, net, a, device, deadline=deadline, pool=pool)
            if r is None:
                continue
            weights = r.pop('weights')
            name = f'{cond}-s{seed}'
            folder = os.path.join(scratch, name)
            config = {'arch': 'preact-resnet', 'depth': 18, 'width': a.width, 'numClasses': 10,
                      'bnMomentum': 0.9, 'bnEpsilon': 1e-5, 'seed': seed}
            write_checkpoint(folder, 'preact-resnet', config, weights)
            tar.add(folder, arcname=name)
            results.append(r)
            log(event='result', **r)
            with open(os.path.join(a.out, 'results.json'), 'w') as f:
                json.dump({'args': vars(a), 'results': results}, f, indent=1)
            tar_bytes = tar_buf.getvalue()
            with open(os.path.join(a.out, 'checkpoints.tar'), 'wb') as f:
                f.write(tar_bytes)
    if pool is not None:
        pool.close()
    tar.close()
    with open(os.path.join(a.out, 'checkpoints.tar'), 'wb') as f:
        f.write(tar_buf.getvalue())
    log(event='done', seconds=round(time.time() - started, 1), runs=len(results))


if __name__ == '__main__':
    main()
