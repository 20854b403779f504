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

def question_headings()->list:
    "The text of every questionnaire heading in the lessons ('Q3. ...')"
    import re
    return [m for p in sorted((ROOT/'nbs').glob('0*.ipynb')) for c in json.loads(p.read_text())['cells']
            for m in re.findall(r'^### (Q\d+\..*)$', ''.join(c['source']), re.M)]

def test_wrapped_question_headings_leave_no_gap(tmp_path):
    """Quarto's anchor.js puts an icon, hidden until hover, after every heading (padding 0.375em plus a 1em glyph).
    Where a heading's last line was nearly full, the icon wrapped onto a line of its own: an empty-looking line
    between the heading and its answer box (seen on the site for Q3, Q12 and Q30). With the site CSS the icon takes
    no room in the line, so a heading is exactly as tall with the icon as without it, at every column width."""
    heads = question_headings()
    assert len(heads) == 37, len(heads)
    icon = ('<a class="anchorjs-link" aria-label="Anchor" href="#x" style="font: 1em / 1 anchorjs-icons; '
            'padding-left: 0.375em;">\u00a7</a>')   # what anchor.js adds (Quarto styles the glyph, 1em wide)
    h = ''.join(f'<h3 class="anchored" id="a{k}">{t}{icon}</h3><h3 id="b{k}">{t}</h3>' for k, t in enumerate(heads))
    page = tmp_path/'page.html'
    page.write_text(f'<!doctype html><html><head><style>h3 {{font: 600 1.25rem/1.2 sans-serif}} '
                    f'{(ROOT/"nbs"/"styles.css").read_text()}</style></head><body style="margin:0">'
                    f'<main id="m">{h}</main></body></html>')
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox'])
        pg = b.new_page(); pg.goto(page.as_uri())
        bad = []
        for width in range(300, COLUMN + 1, 6):
            pg.evaluate(f"document.getElementById('m').style.width = '{width}px'")
            hs = pg.evaluate(f"[...Array({len(heads)}).keys()].map(k => [document.getElementById('a'+k).offsetHeight, "
                             "document.getElementById('b'+k).offsetHeight])")
            bad += [(width, heads[k][:4], a, b_) for k, (a, b_) in enumerate(hs) if a != b_]
        b.close()
    assert not bad, f'{len(bad)} (width, question, height with icon, without): {bad[:8]}'
