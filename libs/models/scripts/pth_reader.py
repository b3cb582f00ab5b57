#!/usr/bin/env python3
"""Read a PyTorch state dict (`torch.save` zip format, `.pth`/`.pt`) without torch.

A `.pth` file written by `torch.save` (PyTorch >= 1.6) is a zip archive: `<root>/data.pkl` is a
pickle (protocol 2) of the state dict, in which every tensor is a call to
`torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)` and every
storage is a persistent id `('storage', torch.FloatStorage, key, device, numel)` whose raw
little-endian bytes are the archive member `<root>/data/<key>`.

`read_pth` unpickles `data.pkl` with a restricted unpickler: only the globals a state dict needs
(`collections.OrderedDict`, the two tensor rebuild functions, the typed storages) are resolved,
each to a NumPy stand-in; any other global is refused, so a malicious pickle cannot run code.

  from pth_reader import read_pth
  state_dict = read_pth('gaussian_noise.pth')   # {'head.0.weight': np.ndarray (64, 12, 3, 3), ...}
"""
import collections
import io
import pickle
import zipfile

import numpy as np

# torch storage class name -> NumPy dtype of its raw bytes (little endian, as torch writes them)
STORAGE_DTYPES = {
    'FloatStorage': '<f4',
    'DoubleStorage': '<f8',
    'HalfStorage': '<f2',
    'LongStorage': '<i8',
    'IntStorage': '<i4',
    'ShortStorage': '<i2',
    'CharStorage': 'i1',
    'ByteStorage': 'u1',
    'BoolStorage': '?',
}


class _Storage:
    """Stand-in for a `torch.*Storage` class: remembers the dtype."""

    def __init__(self, name):
        self.name = name
        self.dtype = np.dtype(STORAGE_DTYPES[name])


def _rebuild_tensor_v2(storage, offset, size, stride, requires_grad=False, hooks=None, metadata=None):
    """NumPy version of `torch._utils._rebuild_tensor_v2`: a strided view of the storage, copied."""
    del requires_grad, hooks, metadata
    if len(size) == 0:
        return np.array(storage[offset])
    item = storage.dtype.itemsize
    last = offset + sum((n - 1) * s for n, s in zip(size, stride)) if all(size) else offset
    if last >= storage.size and all(size):
        raise ValueError(f'tensor of size {tuple(size)} at offset {offset} overruns its storage of {storage.size}')
    view = np.lib.stride_tricks.as_strided(storage[offset:], shape=tuple(size),
                                           strides=tuple(s * item for s in stride))
    return np.array(view)


def _rebuild_parameter(data, requires_grad=False, hooks=None):
    del requires_grad, hooks
    return data


ALLOWED = {
    ('collections', 'OrderedDict'): collections.OrderedDict,
    ('torch._utils', '_rebuild_tensor_v2'): _rebuild_tensor_v2,
    ('torch._utils', '_rebuild_parameter'): _rebuild_parameter,
}


class _StateDictUnpickler(pickle.Unpickler):
    def __init__(self, data, read_storage):
        super().__init__(io.BytesIO(data))
        self._read_storage = read_storage
        self._storages = {}

    def find_class(self, module, name):
        if module == 'torch' and name in STORAGE_DTYPES:
            return _Storage(name)
        try:
            return ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f'refusing global {module}.{name}: not part of a plain state dict') from None

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == 'storage'):
            raise pickle.UnpicklingError(f'unexpected persistent id {pid!r}')
        _, storage_type, key, _device, numel = pid
        if not isinstance(storage_type, _Storage):
            raise pickle.UnpicklingError(f'unexpected storage type {storage_type!r}')
        if key not in self._storages:
            raw = self._read_storage(str(key))
            arr = np.frombuffer(raw, dtype=storage_type.dtype)
            if arr.size < numel:
                raise pickle.UnpicklingError(f'storage {key} holds {arr.size} values, expected {numel}')
            self._storages[key] = arr
        return self._storages[key]


def read_pth_bytes(blob):
    """State dict of a `torch.save` zip given as bytes: {name: np.ndarray}."""
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = z.namelist()
        pkl = [n for n in names if n.endswith('/data.pkl') or n == 'data.pkl']
        if len(pkl) != 1:
            raise ValueError(f'expected one data.pkl in the archive, found {len(pkl)}')
        root = pkl[0][: -len('data.pkl')]
        sd = _StateDictUnpickler(z.read(pkl[0]), lambda key: z.read(f'{root}data/{key}')).load()
    if isinstance(sd, dict) and 'state_dict' in sd:
        sd = sd['state_dict']
    if not isinstance(sd, dict) or not all(isinstance(v, np.ndarray) for v in sd.values()):
        raise ValueError('the archive does not hold a state dict of tensors')
    return dict(sd)


def read_pth(path):
    """State dict of a `torch.save` zip file: {name: np.ndarray}."""
    with open(path, 'rb') as f:
        return read_pth_bytes(f.read())
