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

@pytest.fixture(scope='session')
def site_pages(proc, tmp_path_factory)->dict:
    """{name: html file}: every processed page built once by pandoc, as Quarto lays it out, for the browser tests here
    and in test_a11y. Two things Quarto does are done here too: `<html lang="en">` and a figure's fig-alt as its alt.
    Code comes without pandoc's syntax colours (not the site's; several are under 4.5:1 on white)."""
    import shutil
    from test_offline_site import CHROMIUM, NBS, as_markdown, sync_playwright
    if not (CHROMIUM and sync_playwright): pytest.skip('needs Chromium, Playwright and pypandoc-binary: run tools/env.sh')
    from test_offline_site import PANDOC
    d = tmp_path_factory.mktemp('site'); shutil.copy(NBS/'styles.css', d/'styles.css')
    pages = {}
    for p in sorted(proc.glob('*.ipynb')):
        (d/f'{p.stem}.md').write_text(as_markdown(p).replace('{fig-alt="', '{alt="'), encoding='utf-8')
        r = subprocess.run([PANDOC, f'{p.stem}.md', '-s', '--mathml', '--syntax-highlighting=none', '--css',
                            'styles.css', '-M', 'lang=en', '-M', f'title={p.stem}', '-o', f'{p.stem}.html'],
                           cwd=d, capture_output=True, text=True)
        assert r.returncode == 0 and 'Could not convert TeX math' not in r.stderr, (p.name, r.stderr[-800:])
        pages[p.stem] = d/f'{p.stem}.html'
    return pages
