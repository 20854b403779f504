"""Accessibility of our content: axe-core (bundled by axe-playwright-python) on every processed page, built by pandoc as
in test_offline_site and loaded in Debian's Chromium offline.

Quarto isn't here, so the page around our content comes from pandoc's template; two things Quarto does for us are done
here too: `<html lang="en">` (pandoc's template leaves lang out unless asked) and a figure's `fig-alt` as the image's
`alt`. Code is built without pandoc's syntax colours (its default theme is not the one the site uses, and several
of its token colours are under 4.5:1 on white). What is left is ours: our CSS, tables, figures and HTML outputs."""
import shutil, subprocess
import pytest
from test_offline_site import NBS, CHROMIUM, as_markdown, sync_playwright
try:
    from test_offline_site import PANDOC
    from axe_playwright_python.sync_playwright import Axe
except Exception: Axe = None   # noqa: E701

SEVERE = ('critical', 'serious')

def with_alt(md:str)->str:
    "Quarto writes a figure's fig-alt as the image's alt; pandoc would keep it as data-fig-alt"
    return md.replace('{fig-alt="', '{alt="')

def axe_pages(proc, tmp_path, names=None)->dict:
    "{page: [(rule, impact, target, html)]} for axe's critical and serious violations on each processed page"
    shutil.copy(NBS/'styles.css', tmp_path/'styles.css')
    pages = {}
    for p in sorted(proc.glob('*.ipynb')):
        if names and p.stem not in names: continue
        (tmp_path/f'{p.stem}.md').write_text(with_alt(as_markdown(p)), encoding='utf-8')
        subprocess.run([PANDOC, f'{p.stem}.md', '-s', '--mathml', '--syntax-highlighting=none', '--css', 'styles.css',
                        '-M', 'lang=en', '-M', f'title={p.stem}', '-o', f'{p.stem}.html'], cwd=tmp_path, check=True)
        pages[p.stem] = tmp_path/f'{p.stem}.html'
    found = {}
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox'])
        ctx = b.new_context(viewport={'width': 1000, 'height': 900}); ctx.set_offline(True)
        axe = Axe()
        for name, f in pages.items():
            pg = ctx.new_page(); pg.goto(f.as_uri(), wait_until='load')
            vs = axe.run(pg).response['violations']
            found[name] = [(v['id'], v['impact'], n['target'], n['html'][:120]) for v in vs if v['impact'] in SEVERE
                           for n in v['nodes']]
            pg.close()
        b.close()
    return found

@pytest.mark.skipif(not (CHROMIUM and sync_playwright and Axe), reason='needs Chromium, Playwright, pypandoc-binary and '
                    'axe-playwright-python: run tools/env.sh')
def test_no_critical_or_serious_axe_violation(proc, tmp_path):
    found = axe_pages(proc, tmp_path)
    assert len(found) >= 18, sorted(found)
    bad = {n: vs for n, vs in found.items() if vs}
    assert not bad, f'axe-core: {sum(map(len, bad.values()))} critical/serious violations: {bad}'

@pytest.mark.skipif(not (CHROMIUM and sync_playwright and Axe), reason='needs Chromium, Playwright, pypandoc-binary and '
                    'axe-playwright-python: run tools/env.sh')
def test_axe_catches_what_it_is_there_to_catch(tmp_path):
    "The check can fail: a figure without alt, grey text on white and a light number on mid grey"
    page = tmp_path/'bad.html'
    page.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
                    '<img src="data:image/png;base64,iVBORw0KGgo="><p style="color:#999">faint</p>'
                    '<table><tr><th>a</th></tr><tr><td style="background:#7c7c7c;color:#f1f1f1">12</td></tr></table>'
                    '</main></body></html>')
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox'])
        pg = b.new_page(); pg.goto(page.as_uri())
        ids = {v['id'] for v in Axe().run(pg).response['violations'] if v['impact'] in SEVERE}
        b.close()
    assert {'image-alt', 'color-contrast'} <= ids, ids
