import os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture
def isolated(tmp_path, monkeypatch):
    "Fresh fastai home, cache and results file; no archive folder; never download"
    from fastai.data.external import fastai_cfg
    monkeypatch.setenv('FASTAI_HOME', str(tmp_path/'fastai'))
    monkeypatch.setenv('MNIST_BASICS_CACHE', str(tmp_path/'cache'))
    monkeypatch.setenv('MNIST_BASICS_OFFLINE', '1')
    monkeypatch.delenv('MNIST_BASICS_ARCHIVES', raising=False)
    monkeypatch.delenv('MNIST_BASICS_RESULTS', raising=False)
    from mnist_basics import data
    monkeypatch.setattr(data, '_warned', set())   # a fresh process: the embedded-data warning not yet given
    fastai_cfg.cache_clear()
    yield tmp_path
    fastai_cfg.cache_clear()

@pytest.fixture(scope='session')
def proc():
    "nbdev's processed notebooks (what Quarto renders); made by the test command's docs gate, or here if missing"
    p = ROOT/'_proc'
    if not list(p.glob('*.ipynb')):
        subprocess.run([sys.executable, str(ROOT/'tools'/'docs.py'), 'proc'], cwd=ROOT, check=True)
    return p
