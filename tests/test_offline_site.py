"""The docs site offline: nothing a page loads comes from another host, formulas render without a script, every figure
has alt text.

Quarto can't be installed on our machines, so this checks what it is given: the site config, and the processed
notebooks in `_proc/` (what `quarto render` reads). The last test builds each processed page with pandoc (the
converter inside Quarto), as Quarto lays out a notebook, and loads it in Debian's Chromium with the network off,
recording every request the page makes."""
import base64, json, os, re, shutil, subprocess, sys
from pathlib import Path
import pytest, yaml
from conftest import ROOT

NBS = ROOT/'nbs'
def src(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']
def cells(p): return json.loads(Path(p).read_text(encoding='utf-8'))['cells']
def text(v): return ''.join(v) if isinstance(v, list) else v

def test_site_config_asks_for_nothing_remote():
    cfg = yaml.safe_load((NBS/'_quarto.yml').read_text())
    html = cfg['format']['html']
    assert html['html-math-method'] == 'mathml', 'MathJax would come from a CDN'
    assert list(cfg['format']) == ['html'], 'a second format (commonmark) renders every page twice, warning on maths'
    theme = html['theme']
    assert isinstance(theme, list) and theme[0] == 'cosmo' and (NBS/theme[1]).exists(), theme
    assert re.search(r'^\$web-font-path:\s*false;', (NBS/theme[1]).read_text(), re.M), 'cosmo @imports Google Fonts'

def test_no_page_makes_quarto_load_require_js_and_jquery(proc):
    "Quarto adds require.js and jQuery from cdnjs to any page with an HTML or JavaScript output (widgets.ipynb)"
    pages = sorted(proc.glob('*.ipynb'))
    found = [(p.name, i) for p in pages for i, c in enumerate(cells(p)) for o in c.get('outputs', [])
             if o.get('output_type') in ('display_data', 'execute_result')
             and {'text/html', 'application/javascript'} & set(o.get('data', {}))]
    assert not found, f'HTML outputs left in processed pages (page, cell): {found}'
    raw = sum('```{=html}' in src(c) for p in pages for c in cells(p) if c['cell_type'] == 'markdown')
    assert raw >= 10, raw   # the tables and widgets are still there, as raw HTML

REMOTE_LOAD = re.compile(r'''<(?:img|script|iframe|audio|video|source|embed)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//'''
                         r'''|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:url\()?\s*["']?(?:https?:)?//'''
                         r'''|!\[[^\]]*\]\(\s*(?:https?:)?//''', re.I)

def test_no_remote_resource_in_our_content(proc):
    "Links may point anywhere; what a page loads (images, scripts, styles, fonts) must come with the site"
    bad = [(p.name, i, m.group(0)[:80]) for p in sorted(proc.glob('*.ipynb')) for i, c in enumerate(cells(p))
           for m in REMOTE_LOAD.finditer(src(c) if c['cell_type'] == 'markdown' else '')]
    assets = [*(NBS.glob('*.css')), *(NBS.glob('*.scss')), *(ROOT/'mnist_basics'/'assets'/'widgets').glob('*')]
    bad += [(a.name, m.group(0)[:80]) for a in assets for m in REMOTE_LOAD.finditer(a.read_text(encoding='utf-8'))]
    bad += [(a.name, 'fetch/XMLHttpRequest') for a in assets if re.search(r'\bfetch\(|XMLHttpRequest', a.read_text())]
    assert not bad, bad
    # the test can fail: a badge image is what it is there to catch
    assert REMOTE_LOAD.search('[![Open](https://colab.research.google.com/assets/colab-badge.svg)](https://x)')

ALT = re.compile(r'^#\|\s*fig-alt:\s*(.+)$', re.M)

def figure_cells():
    for p in sorted(NBS.glob('*.ipynb')):
        for i, c in enumerate(cells(p)):
            if any(k.startswith('image/') for o in c.get('outputs', []) for k in o.get('data', {})): yield p.name, i, c

def test_every_figure_has_alt_text_that_says_what_it_shows():
    figs = list(figure_cells())
    assert len(figs) >= 35, len(figs)
    alts = {(nb, i): (m.group(1).strip() if (m := ALT.search(src(c))) else '') for nb, i, c in figs}
    missing = [k for k, a in alts.items() if len(a) < 40]
    assert not missing, f'figures without alt text of 40+ characters (Quarto fig-alt): {missing}'
    dup = {a for a in alts.values() if list(alts.values()).count(a) > 1}
    assert not dup, f'the same alt text on different figures: {dup}'
    for a in alts.values(): yaml.safe_load(f'fig-alt: {a}')   # Quarto reads the option as YAML

def test_alt_text_reaches_the_processed_pages(proc):
    for nb, i, c in figure_cells():
        pc = [d for d in cells(proc/nb) if d['cell_type'] == 'code' and d.get('outputs') == c['outputs']]
        assert pc and ALT.search(src(pc[0])), (nb, i)

# -- in Chromium ---------------------------------------------------------------------------------------------------
CHROMIUM = os.environ.get('MNIST_BASICS_CHROMIUM') or shutil.which('chromium') or shutil.which('chromium-browser')
try:
    from playwright.sync_api import sync_playwright
    import pypandoc
    PANDOC = pypandoc.get_pandoc_path()
except Exception as e: sync_playwright, why = None, str(e)   # noqa: E701

def as_markdown(nb:Path)->str:
    "A processed notebook as Quarto lays it out: markdown cells as they are, code, then its outputs"
    out = []
    for c in cells(nb):
        s = src(c)
        if c['cell_type'] == 'markdown': out.append(s); continue
        alt = m.group(1) if (m := ALT.search(s)) else ''
        code = '\n'.join(l for l in s.splitlines() if not l.startswith('#|'))
        if code.strip(): out.append(f'```python\n{code}\n```')
        for o in c.get('outputs', []):
            d = o.get('data', {})
            if o['output_type'] == 'stream': out.append(f"```\n{text(o['text'])}\n```")
            elif 'image/png' in d: out.append(f'![]({"data:image/png;base64," + text(d["image/png"]).strip()}){{fig-alt="{alt}"}}')
            elif 'text/markdown' in d: out.append(text(d['text/markdown']))
            elif 'text/plain' in d: out.append(f"```\n{text(d['text/plain'])}\n```")
    return '\n\n'.join(out)

def test_pages_load_nothing_from_another_host_and_show_formulas(site_pages):
    pages = site_pages
    assert len(pages) >= 18
    remote, errors, maths = {}, {}, {}
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox'])
        ctx = b.new_context(); ctx.set_offline(True)
        for name, f in pages.items():
            pg = ctx.new_page()
            pg.on('request', lambda r, n=name: r.url.split(':')[0] in ('file', 'data', 'about', 'blob')
                  or remote.setdefault(n, []).append(r.url))
            pg.on('pageerror', lambda e, n=name: errors.setdefault(n, []).append(str(e)))
            pg.goto(f.as_uri(), wait_until='load')
            maths[name] = pg.evaluate("[document.querySelectorAll('math').length,"
                                      " /\\\\\\(|\\\\\\[|\\$\\$/.test(document.body.innerText)]")
            pg.close()
        b.close()
    assert not remote, f'requests to other hosts: {remote}'
    assert not errors, f'script errors: {errors}'
    for n in ('06_nonlinearity', '07_resnet18', '08_full_mnist'):
        shown, raw = maths[n]
        assert shown > 0 and not raw, (n, maths[n])   # MathML elements, no raw \( \) left in the text

def test_links_to_our_own_pages_are_relative(proc):
    "nbdev links names to the public site; offline those links would leave the copy on disk (widgets.LocalLinks)"
    site = re.compile(r'https://mnist-basics\.github\.io/mnist_basics/[\w.-]+\.html')
    found = [(p.name, m.group(0)) for p in sorted(proc.glob('*.ipynb')) for m in site.finditer(p.read_text())]
    assert not found, found[:10]
    linked = sum(len(re.findall(r'\]\([a-z_]+\.html#\w+\)', p.read_text())) for p in proc.glob('*.ipynb'))
    assert linked >= 100, linked   # the links are still there, relative
