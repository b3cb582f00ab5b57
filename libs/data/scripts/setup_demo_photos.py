#!/usr/bin/env python3
"""Fetch the natural photographs of the `photo` demo variant into the cache (never the checkout).

Sources (pinned versions; each file's licence is read from its package and recorded):
* Debian `mate-backgrounds` 1.26.0-1 (nature/*.jpg: GPL-2+),
* Debian `lomiri-wallpapers-16.04` 20.04.0-2 (photos: CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0 per file),
* Debian `plasma-workspace-wallpapers` 4:5.27.5-2 (photos: LGPLv3 or CC-BY-SA-4.0 per wallpaper
  metadata; the Debian copyright file says GPL-2+ for the package),
* PyPI `scikit-image` 0.26.0 sample photos (public domain / CC0 per `skimage.data`'s docstrings).

`apt-get download` / `pip download --no-deps` into `<cache>/ada/demo-photos/downloads`, then
every photo is decoded (Pillow), box-averaged by the integer factor that brings its shorter side
closest to (but not under) 256 px, and stored as `<cache>/ada/demo-photos/<id>.png` (8-bit RGB),
with `photos.json` listing per photo: id, source package and version, path in the package,
licence, copyright/author, original size and sha256, and the PNG's sha256. `<cache>` is
`$XDG_CACHE_HOME` or `~/.cache` (the rule of `adaCacheDir`). Needs apt-get and dpkg-deb (Debian /
Ubuntu), pip, numpy and Pillow.

  npm run setup:demo-photos
"""
import argparse
import fnmatch
import glob
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
from PIL import Image

Image.MAX_IMAGE_PIXELS = None
TARGET = 256

DEBS = {
    'mate-backgrounds': ('1.26.0-1', '/usr/share/backgrounds/mate/nature', [
        'Aqua.jpg', 'Blinds.jpg', 'Dune.jpg', 'FreshFlower.jpg', 'Garden.jpg', 'GreenMeadow.jpg',
        'LadyBird.jpg', 'RainDrops.jpg', 'Storm.jpg', 'TwoWings.jpg', 'Wood.jpg', 'YellowFlower.jpg']),
    'lomiri-wallpapers-16.04': ('20.04.0-2', '/usr/share/backgrounds', [
        'Bridge_by_Sander_Klootwijk.jpg', 'Dragonfly_by_Bolly.jpg', 'Picture_0B_by_freespace.jpg',
        'Picture_1A_by_freespace.jpg', 'Wine_by_Jakkub_Mede.jpg', 'aitzgorri_by_Aitzol_Berasategi.jpg',
        'free_by_Peter_Nerlich.jpg', 'friends_by_Aitzol_Berasategi.jpg', 'greentock_by_Peter_Nerlich.jpg',
        'life_by_Aitzol_Berasategi.jpg', 'picosdeeuropa_by_Aitzol_Berasategi.jpg',
        'seeding_by_Clements_Engelhardt.jpg', 'sunset_by_Aitzol_Berasategi.jpg']),
    # wallpaper folders that are photographs (the others are drawings)
    'plasma-workspace-wallpapers': ('4:5.27.5-2', '/usr/share/wallpapers', [
        'BytheWater', 'ColdRipple', 'ColorfulCups', 'DarkestHour', 'EveningGlow', 'FallenLeaf', 'Grey',
        'Kite', 'MilkyWay', 'OneStandsOut', 'Path', 'Volna', 'summer_1am']),
}
SKIMAGE = ('scikit-image', '0.26.0', {
    'astronaut.png': ('public domain', 'NASA'),
    'chelsea.png': ('CC0-1.0', 'Stefan van der Walt'),
    'coffee.png': ('CC0-1.0', 'Rachel Michetti'),
    'rocket.jpg': ('public domain', 'SpaceX'),
    'hubble_deep_field.jpg': ('public domain', 'NASA'),
})


def default_dir():
    root = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(root, 'ada', 'demo-photos')


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def debian_copyright(path):
    """Stanzas of a machine-readable debian/copyright: [(patterns, copyright, licence)]."""
    stanzas = []
    for block in open(path, encoding='utf-8', errors='replace').read().split('\n\n'):
        fields, key = {}, None
        for line in block.splitlines():
            if line[:1] in (' ', '\t') and key:
                fields[key] += ' ' + line.strip()
            elif ':' in line:
                key, value = line.split(':', 1)
                fields[key] = value.strip()
        if 'Files' in fields and 'License' in fields:
            stanzas.append((fields['Files'].split(), fields.get('Copyright', ''), fields['License']))
    return stanzas


def licence_of(stanzas, filename):
    """The last stanza that names the file (its pattern's base name matches and is not a bare
    `*`, such as `debian/*`), else the `Files: *` stanza (Debian: the last match wins)."""
    found = ('', 'unknown')
    for patterns, copyright_, licence in stanzas:
        if '*' in patterns:
            found = (copyright_, licence)
    for patterns, copyright_, licence in stanzas:
        named = [p for p in patterns if os.path.basename(p) != '*']
        if any(fnmatch.fnmatch(filename, os.path.basename(p)) for p in named):
            found = (copyright_, licence)
    return found


def box_downscale(img):
    """Integer-factor box average: the largest factor that keeps the shorter side >= TARGET."""
    a = np.asarray(img.convert('RGB'), dtype=np.float64)
    k = max(1, min(a.shape[0], a.shape[1]) // TARGET)
    h, w = a.shape[0] // k * k, a.shape[1] // k * k
    a = a[:h, :w].reshape(h // k, k, w // k, k, 3).mean(axis=(1, 3))
    return np.clip(np.round(a), 0, 255).astype(np.uint8)


def store(out_dir, pid, raw, meta):
    with Image.open(io.BytesIO(raw)) as img:
        size = img.size
        small = box_downscale(img)
    buf = io.BytesIO()
    Image.fromarray(small).save(buf, format='PNG')
    with open(os.path.join(out_dir, pid + '.png'), 'wb') as f:
        f.write(buf.getvalue())
    return dict(meta, id=pid, originalSize=list(size), originalSha256=sha256(raw),
                size=[int(small.shape[1]), int(small.shape[0])], pngSha256=sha256(buf.getvalue()))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--dir', default=default_dir(), help='output folder (default: %(default)s)')
    a = p.parse_args()
    downloads = os.path.join(a.dir, 'downloads')
    os.makedirs(downloads, exist_ok=True)
    photos = []
    for pkg, (version, root, names) in DEBS.items():
        debs = glob.glob(os.path.join(downloads, f'{pkg}_*.deb'))
        if not debs:
            subprocess.run(['apt-get', 'download', f'{pkg}={version}'], cwd=downloads, check=True)
            debs = glob.glob(os.path.join(downloads, f'{pkg}_*.deb'))
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(['dpkg-deb', '-x', debs[0], tmp], check=True)
            stanzas = debian_copyright(os.path.join(tmp, 'usr/share/doc', pkg, 'copyright'))
            for name in names:
                if pkg == 'plasma-workspace-wallpapers':
                    folder = os.path.join(tmp, root.lstrip('/'), name)
                    candidates = glob.glob(os.path.join(folder, 'contents/images/*'))
                    path = max(candidates, key=lambda f: os.path.getsize(f))
                    plugin = json.load(open(os.path.join(folder, 'metadata.json')))['KPlugin']
                    authors = ', '.join(x.get('Name', '') for x in plugin.get('Authors', []))
                    copyright_, licence = authors, plugin.get('License') or 'unknown'
                    licence += ' (wallpaper metadata; Debian copyright: ' + licence_of(stanzas, name)[1] + ')'
                else:
                    path = os.path.join(tmp, root.lstrip('/'), name)
                    copyright_, licence = licence_of(stanzas, name)
                raw = open(path, 'rb').read()
                pid = f'{pkg}--{name.rsplit(".", 1)[0]}'
                photos.append(store(a.dir, pid, raw, {
                    'source': f'debian:{pkg}={version}', 'path': path[len(tmp):],
                    'licence': licence, 'copyright': copyright_}))
                print(f'{pid}: {licence}')
    pkg, version, files = SKIMAGE
    wheels = glob.glob(os.path.join(downloads, 'scikit_image-0.26.0-*.whl'))
    if not wheels:
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:',
                        f'{pkg}=={version}', '-d', downloads], check=True)
        wheels = glob.glob(os.path.join(downloads, 'scikit_image-0.26.0-*.whl'))
    with zipfile.ZipFile(wheels[0]) as z:
        for name, (licence, author) in files.items():
            raw = z.read(f'skimage/data/{name}')
            pid = f'skimage--{name.rsplit(".", 1)[0]}'
            photos.append(store(a.dir, pid, raw, {
                'source': f'pypi:{pkg}=={version}', 'path': f'skimage/data/{name}',
                'licence': licence + ' (skimage.data docstring)', 'copyright': author}))
            print(f'{pid}: {licence}')
    photos.sort(key=lambda ph: ph['id'])
    with open(os.path.join(a.dir, 'photos.json'), 'w') as f:  # written last
        json.dump({'format': 'ada-demo-photos', 'version': 1, 'photos': photos}, f, indent=2)
    print(f'wrote {len(photos)} photos to {a.dir}')


if __name__ == '__main__':
    main()
