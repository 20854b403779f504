"""Accessibility of our content: axe-core (bundled by axe-playwright-python) on every processed page, built by pandoc once for
both (conftest's `site_pages`) and loaded in Debian's Chromium offline.

Quarto isn't here, so the page around our content comes from pandoc's template, given what Quarto gives:
`<html lang="en">` and each figure's `fig-alt` as its `alt` (see `site_pages`). What is left is ours: our CSS, tables,
figures and HTML outputs."""
import pytest
from test_offline_site import CHROMIUM, sync_playwright
try:
    from axe_playwright_python.sync_playwright import Axe
except Exception: Axe = None   # noqa: E701

SEVERE = ('critical', 'serious')

def axe_pages(pages:dict)->dict:
    "{page: [(rule, impact, target, html)]} for axe's critical and serious violations on each page"
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
def test_no_critical_or_serious_axe_violation(site_pages):
    found = axe_pages(site_pages)
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
