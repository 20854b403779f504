"""The site's own stylesheet in a real browser: figures keep their shape in the page's column.

Quarto writes a figure whose output carries a width and height (matplotlib's, in the cell's metadata) as an `<img>`
with those attributes; `nbs/styles.css` caps its width at the column. The page here is built the same way from the
stored outputs, in Debian's Chromium, offline."""
import base64, json, os, shutil
from pathlib import Path
import pytest
from conftest import ROOT

CHROMIUM = os.environ.get('MNIST_BASICS_CHROMIUM') or shutil.which('chromium') or shutil.which('chromium-browser')
try: from playwright.sync_api import sync_playwright
except ImportError: sync_playwright = None
if not (CHROMIUM and sync_playwright):
    why = f"needs Chromium ({CHROMIUM or 'not found'}) and Playwright ({'ok' if sync_playwright else 'not installed'}): run tools/env.sh"
    if os.environ.get('CI'): raise RuntimeError(why)
    pytest.skip(why, allow_module_level=True)

COLUMN = 678   # px: the text column of Quarto's cosmo theme with a side menu, as measured on the rendered site

def sized_figures():
    "(notebook, cell index, png, width, height) for every stored figure whose output says its size"
    for p in sorted((ROOT/'nbs').glob('*.ipynb')):
        for i, c in enumerate(json.loads(p.read_text())['cells']):
            for o in c.get('outputs', []):
                size = o.get('metadata', {}).get('image/png', {})
                if 'width' in size and 'height' in size and 'image/png' in o.get('data', {}):
                    png = o['data']['image/png']
                    yield p.name, i, ''.join(png) if isinstance(png, list) else png, size['width'], size['height']

def test_figures_keep_their_aspect_ratio_in_the_column(tmp_path):
    figs = list(sized_figures())
    assert sum(w > COLUMN for *_, w, h in figs) >= 5, 'expected wide figures to test (run `make course`)'
    imgs = ''.join(f'<div class="cell-output-display"><img id="f{k}" width="{w}" height="{h}" '
                   f'src="data:image/png;base64,{png.strip()}"></div>' for k, (_, _, png, w, h) in enumerate(figs))
    page = tmp_path/'page.html'
    page.write_text(f'<!doctype html><html><head><style>{(ROOT/"nbs"/"styles.css").read_text()}</style></head>'
                    f'<body style="margin:0"><main style="width:{COLUMN}px">{imgs}</main></body></html>')
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox'])
        ctx = b.new_context(viewport={'width': 1000, 'height': 800}); ctx.set_offline(True)
        pg = ctx.new_page(); pg.goto(page.as_uri())
        shown = pg.evaluate('[...document.images].map(i => [i.getBoundingClientRect().width, i.getBoundingClientRect().height])')
        b.close()
    bad = [(nb, i, (w, h), (round(sw), round(sh))) for (nb, i, _, w, h), (sw, sh) in zip(figs, shown)
           if sw > COLUMN + 0.5 or abs(sw / sh - w / h) > 0.01 * w / h]
    assert not bad, f'figures wider than the column or out of shape (notebook, cell, stored, shown): {bad}'
