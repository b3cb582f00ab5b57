#!/usr/bin/env python3
"""The PyTorch side of `bench/pytorch/side_by_side.ts`: the same work as the project's rows, on
PyTorch's CPU backend, with the networks of `bench/gpu/ada_dose.py` (pre-activation ResNet-18 in
@ada/models' layout, rdn-slim-x2 from the layer graph and weights the TypeScript side exports).

Runs as a worker: one JSON request per stdin line, one JSON answer per stdout line, so that the
driver alternates rounds between tfjs and PyTorch in time.

  {"case": "train-w0.125", "reps": 3}   ->  {"ms": [..3 wall-clock ms..]}
  {"flops": "train-w0.125"}             ->  {"flops": N}   (torch.utils.flop_counter, fwd+bwd)
  {"peak": true}                        ->  {"gflops": G}  (4096^3 float32 matMul, best of 3)

  python3 bench/pytorch/torch_side.py --rdn DIR --threads 2
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'gpu'))
import ada_dose  # noqa: E402  (its PreActResNet18, Rdn and Ada are the networks compared)


def make_cases(rdn_dir, nu):
    device = torch.device('cpu')
    spec = None
    if rdn_dir:
        with open(os.path.join(rdn_dir, 'rdn.json')) as f:
            spec = json.load(f)
        import numpy as np
        flat = np.fromfile(os.path.join(rdn_dir, 'rdn.bin'), dtype='<f4')
        rdn = ada_dose.Rdn(spec, flat, device)
    gen = torch.Generator().manual_seed(0)
    cases = {}

    def train_case(width, batch):
        model = ada_dose.PreActResNet18(width)
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True,
                              weight_decay=1e-4)
        x = torch.rand(batch, 3, 32, 32, generator=gen)
        y = torch.arange(batch) % 10

        def step():
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            float(loss.detach())  # the project reads the loss every step too
        return step

    def infer_case(width, batch):
        model = ada_dose.PreActResNet18(width)
        model.eval()
        x = torch.rand(batch, 3, 32, 32, generator=gen)

        def run():
            with torch.no_grad():
                model(x).argmax(1)
        return run

    def ada_case(offsets, width, batch, steps):
        model = ada_dose.PreActResNet18(width)
        ada = ada_dose.Ada(rdn, nu)
        x = torch.rand(batch, 3, 32, 32, generator=gen)
        y = torch.arange(batch) % 10

        def run():
            ada.augment(model, x, y, steps, offsets, False, gen)
        return run

    def conv_case(backward, batch=32, hw=32, c=64):
        x = torch.rand(batch, c, hw, hw, generator=gen, requires_grad=backward)
        w = (torch.rand(c, c, 3, 3, generator=gen) - 0.5) * 0.1
        w.requires_grad_(backward)

        def run():
            if backward:
                gx, gw = torch.autograd.grad(F.conv2d(x, w, padding=1).sum(), [x, w])
            else:
                with torch.no_grad():
                    F.conv2d(x, w, padding=1)
        return run

    for width in (0.125, 0.25):
        cases[f'train-w{width}'] = lambda width=width: train_case(width, 64)
    cases['infer-w0.125'] = lambda: infer_case(0.125, 256)
    if spec is not None:
        cases['ada-shared'] = lambda: ada_case('shared', 0.125, 8, 10)
        cases['ada-per-example'] = lambda: ada_case('per-example', 0.125, 8, 10)
    cases['conv-fwd'] = lambda: conv_case(False)
    cases['conv-fwdbwd'] = lambda: conv_case(True)
    return cases


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--rdn', help='folder with rdn.json and rdn.bin (bench/gpu/export_inputs.ts layout)')
    p.add_argument('--threads', type=int, required=True)
    p.add_argument('--nu', type=float, default=0.015)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    factories = make_cases(a.rdn, a.nu)
    built = {}
    print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'cases': sorted(factories)}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        if 'peak' in req:
            m = torch.rand(4096, 4096)
            best = float('inf')
            for _ in range(3):
                t0 = time.perf_counter()
                m @ m
                best = min(best, time.perf_counter() - t0)
            print(json.dumps({'gflops': 2 * 4096 ** 3 / best / 1e9}), flush=True)
            continue
        name = req.get('case') or req.get('flops')
        if name not in factories:
            print(json.dumps({'error': f'unknown case {name}'}), flush=True)
            continue
        if name not in built:
            built[name] = factories[name]()
            built[name]()  # warm-up (allocator, oneDNN primitive cache)
        fn = built[name]
        if 'flops' in req:
            from torch.utils.flop_counter import FlopCounterMode
            counter = FlopCounterMode(display=False)
            with counter:
                fn()
            print(json.dumps({'flops': counter.get_total_flops()}), flush=True)
            continue
        times = []
        for _ in range(int(req.get('reps', 1))):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        print(json.dumps({'ms': times}), flush=True)


if __name__ == '__main__':
    main()
