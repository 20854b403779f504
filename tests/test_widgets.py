"""The two live widgets in a real browser: Debian's Chromium driven by Playwright, offline, no network at all.

`tools/env.sh` installs both (Chromium with apt where there is apt, Playwright with pip). Screenshots of the
widgets go to `$MNIST_BASICS_SHOTS` when it is set."""
import copy, json, os, shutil
from pathlib import Path
import numpy as np
import pytest
import torch

CHROMIUM = os.environ.get('MNIST_BASICS_CHROMIUM') or shutil.which('chromium') or shutil.which('chromium-browser')
try: from playwright.sync_api import sync_playwright
except ImportError: sync_playwright = None
if not (CHROMIUM and sync_playwright):
    why = f"needs Chromium ({CHROMIUM or 'not found'}) and Playwright ({'ok' if sync_playwright else 'not installed'}): run tools/env.sh"
    if os.environ.get('CI'): raise RuntimeError(why)      # CI must run these
    pytest.skip(why, allow_module_level=True)

from mnist_basics.data import write_embedded, embedded_digits, embedded_split
from mnist_basics.playground import prepare_digit
from mnist_basics.widgets import demo_models, spec_predict, widget_page

@pytest.fixture(scope='module')
def specs(tmp_path_factory):
    "The demo models, trained by their registered recipes on the subset shipped in the package (fast, offline)"
    d = tmp_path_factory.mktemp('data')
    return demo_models(write_embedded('mnist_sample', d), write_embedded('mnist_png', d))

@pytest.fixture(scope='module')
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox'])
        yield b
        b.close()

@pytest.fixture(scope='module')
def page(browser, specs, tmp_path_factory):
    "The widget page, loaded from a file with the network off; records console errors and every request"
    f = widget_page(specs, tmp_path_factory.mktemp('page')/'widgets.html')
    ctx = browser.new_context(viewport={'width': 1000, 'height': 1100}); ctx.set_offline(True)
    pg = ctx.new_page(); pg.problems, pg.requests = [], []
    pg.on('console', lambda m: m.type in ('error', 'warning') and pg.problems.append(f'{m.type}: {m.text}'))
    pg.on('pageerror', lambda e: pg.problems.append(f'page error: {e}'))
    pg.on('request', lambda r: pg.requests.append(r.url))
    pg.goto(f.as_uri()); pg.wait_for_function('document.querySelector(".mb-digits").mb && document.querySelector(".mb-lrw").mb')
    yield pg
    ctx.close()

def shot(page, selector, name):
    if os.environ.get('MNIST_BASICS_SHOTS'):
        Path(os.environ['MNIST_BASICS_SHOTS']).mkdir(parents=True, exist_ok=True)
        page.locator(selector).screenshot(path=f"{os.environ['MNIST_BASICS_SHOTS']}/{name}.png")

def test_loads_offline_without_requests_or_errors(page):
    assert page.requests == [page.url], page.requests          # the page itself, nothing else
    assert not page.problems, page.problems
    assert page.evaluate('document.querySelectorAll(".mb-digits tbody tr").length') == 6

def test_browser_matches_pytorch_on_300_validation_digits(page, specs):
    "Each model's answer and probability (distances for pixel similarity) in the browser equal PyTorch's, to 1e-9"
    imgs, labels = embedded_digits(); idx = np.flatnonzero(embedded_split(labels))[::5][:300]
    x = torch.from_numpy(imgs[idx] / 255)
    got = page.evaluate("""xs => { const mb = document.querySelector('.mb-digits').mb;
        return mb.models.map(m => xs.map(x => mb.run(m, Float64Array.from(x)))); }""", x.reshape(len(x), -1).tolist())
    for spec, res in zip(specs, got):
        lab, conf = spec_predict(spec, x)
        assert [r['label'] for r in res] == lab.tolist(), spec['name']
        if spec['kind'] == 'means': np.testing.assert_allclose([r['dists'] for r in res], conf.numpy(), atol=1e-9)
        else: np.testing.assert_allclose([r['prob'] for r in res], conf.numpy(), atol=1e-9)

def stroke(page, points):
    "Draw one stroke through `points` (in 0-1 coordinates of the canvas) with the mouse"
    box = page.locator('.mb-digits canvas.mb-draw').bounding_box()
    xy = [(box['x'] + px*box['width'], box['y'] + py*box['height']) for px, py in points]
    page.mouse.move(*xy[0]); page.mouse.down()
    for p in xy[1:]: page.mouse.move(*p, steps=6)
    page.mouse.up()

THREE = [(.3, .22), (.45, .15), (.62, .18), (.68, .3), (.6, .43), (.45, .48), (.6, .52), (.7, .63), (.66, .78),
         (.5, .85), (.32, .8)]
SEVEN = [(.28, .2), (.72, .2), (.62, .4), (.52, .62), (.45, .85)]

@pytest.mark.parametrize('digit,points', [(3, THREE), (7, SEVEN)])
def test_drawing_prepared_as_in_python_and_recognised(page, digit, points, specs):
    page.click('.mb-digits .mb-clear'); stroke(page, points)
    ink = np.array(page.evaluate("Array.from(document.querySelector('.mb-digits').mb.inkOf())")).reshape(280, 280)
    x = np.array(page.evaluate("Array.from(document.querySelector('.mb-digits').mb.x)")).reshape(28, 28)
    np.testing.assert_allclose(x, prepare_digit(ink), atol=1e-9)                 # the same 28x28 as Python's
    said = page.evaluate("document.querySelector('.mb-digits').mb.results.map(r => r.label)")
    shot(page, '.mb-digits', f'draw-{digit}')
    names = [s['name'] for s in specs]
    for name in ('linear model (04-05)', 'simple_net (06)', 'two-layer net, 10 digits (08)'):
        assert said[names.index(name)] == digit, dict(zip(names, said))

def test_example_button_loads_a_validation_digit(page):
    page.click('.mb-digits .mb-example')
    mb = page.evaluate("(() => { const mb = document.querySelector('.mb-digits').mb; return {ex: mb.example, n: mb.results.length}; })()")
    assert mb['n'] == 6 and 0 <= mb['ex'] <= 9

def test_clear_empties_the_answers(page):
    "After Clear, no model's answer of the previous digit is left in the table"
    page.click('.mb-digits .mb-example')
    answers = lambda: page.evaluate("Array.from(document.querySelectorAll('.mb-digits .mb-ans'), td => td.textContent)")
    assert '–' not in answers()
    page.click('.mb-digits .mb-clear')
    assert answers() == ['–'] * 6 and page.evaluate("document.querySelector('.mb-digits').mb.results.length") == 0

HOSTILE = ['<img src=x onerror="window.pwned=(window.pwned||[]).concat(1)">', '<!--<script>',
           '</script><script>window.pwned=(window.pwned||[]).concat(2)</script>']

def test_hostile_names_and_labels_shown_as_text(browser, specs, tmp_path):
    "Model names and labels that are markup reach the page as text: no script runs and both widgets still work"
    bad = copy.deepcopy(specs)
    for s, name in zip(bad, HOSTILE * 2): s['name'] = name
    two = next(i for i, s in enumerate(bad) if len(s['labels']) == 2 and s['kind'] != 'means')
    bad[two]['labels'] = HOSTILE[:2]
    f = widget_page(bad, tmp_path/'hostile.html')
    ctx = browser.new_context(); ctx.set_offline(True); pg = ctx.new_page(); problems = []
    pg.on('pageerror', lambda e: problems.append(str(e)))
    pg.goto(f.as_uri())
    pg.wait_for_function('document.querySelector(".mb-digits").mb && document.querySelector(".mb-lrw").mb', timeout=10_000)
    pg.click('.mb-digits .mb-example'); pg.wait_for_timeout(300)   # give any injected handler its chance to run
    assert pg.evaluate('window.pwned') is None and not problems, problems
    cells = pg.evaluate("Array.from(document.querySelectorAll('.mb-digits tbody tr'), tr => Array.from(tr.cells, td => td.textContent))")
    assert [r[0] for r in cells] == [s['name'] for s in bad]   # shown literally
    assert cells[two][1] in HOSTILE[:2]
    assert pg.evaluate("document.querySelectorAll('.mb-digits tbody img, .mb-digits tbody script').length") == 0
    ctx.close()

@pytest.mark.parametrize('lr,steps,verdict', [(0.01, 20, 'too slow'), (0.1, 20, 'converges'),
    (0.5, 20, 'lands on the minimum in one step'), (0.9, 20, 'bounces but converges'),
    (0.977, 10, 'bounces, converging slowly'), (1.0, 20, 'bounces for ever'), (1.0, 1, 'bounces for ever'),
    (1.023, 20, 'diverges'), (1.05, 20, 'diverges')])
def test_learning_rate_playground(page, lr, steps, verdict):
    st = page.evaluate(f"(() => {{ const mb = document.querySelector('.mb-lrw').mb; mb.set({lr}, {steps}); return {{xs: mb.xs, lr: mb.lr, result: mb.result}}; }})()")
    assert st['result'] == verdict
    assert abs(st['lr'] - lr) < 0.03 * lr                                      # the slider's nearest setting
    if lr in (0.5, 1.0): assert st['lr'] == lr                                 # snapped: the page asks about exactly these
    xs = np.array(st['xs']); expected = -1.5 * (1 - 2*st['lr']) ** np.arange(steps + 1)  # x <- x - lr * 2x
    np.testing.assert_allclose(xs, expected, rtol=1e-9)
    if verdict == 'diverges': assert abs(xs[-1]) > abs(xs[0])
    elif verdict == 'bounces for ever': assert (np.abs(xs) == 1.5).all() and xs[1] == 1.5
    elif lr == 0.5: assert (xs[1:] == 0).all()
    else: assert abs(xs[-1]) < abs(xs[0])
    if lr == 0.9: shot(page, '.mb-lrw', 'lr-bounces')
    assert not page.problems, page.problems
