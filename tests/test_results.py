"The results registry: every approach has a measured spread behind its floor, and the floors follow the stated rule."
import inspect, math
import pytest
from mnist_basics.results import APPROACHES, MARGIN_IMAGES, spread_runs, spread_table

DATA = {'mnist_sample': 'MNIST_SAMPLE', 'mnist_png': 'full MNIST'}
CONFIGS = {'avx512/1t', 'avx512/2t', 'avx2/1t', 'avx2/2t'}

@pytest.fixture(scope='module')
def table(): return spread_table()

def row(table, name, data):
    r = table[(table.approach == name) & (table.data == data)]
    assert len(r) == 1, f'no measured spread for {name!r} on {data}: run mnist-basics-spread run --only {name}'
    return r.iloc[0]

@pytest.mark.parametrize('name', list(APPROACHES))
def test_every_approach_measured_on_the_data_ci_runs(table, name):
    "CI always has MNIST_SAMPLE and full MNIST: each approach's floor there comes from measurements"
    a = APPROACHES[name]
    r = row(table, name, DATA[a.dataset])
    if a.slow and a.dataset == 'mnist_png': return   # course build only; what was measured is on the results page
    want_seeds = 1 if not a.seeded else 3 if a.slow else 5
    assert r.seeds >= want_seeds, (name, r.seeds)
    assert set(r.configs.split()) == CONFIGS, (name, r.configs)   # both instruction sets, one and two threads

def test_floor_rule(table):
    "Each floor is the lowest run minus five validation images or the measured range, whichever is wider"
    runs = spread_runs()
    for _, r in table.iterrows():
        n_valid = next(x['n_valid'] for x in runs if x['approach'] == r.approach and x['data'] == r.data)
        margin = max(MARGIN_IMAGES / n_valid, r['max'] - r['min'])
        assert r.floor <= r['min'] - margin + 1e-4 and r.floor > r['min'] - margin - 2e-4, r

def test_every_hyperparameter_reaches_a_step():
    "Each registered hyper-parameter is taken by the approach's model, data or trainer (a typo would be ignored)"
    for key, a in APPROACHES.items():
        taken = {k for f in (a.model, a.data, a.trainer) if f is not None for k in inspect.signature(f).parameters}
        assert set(a.hparams) <= taken, (key, set(a.hparams) - taken)

def test_keys_are_short_and_stable():
    "Keys file results and measured runs: lower-case identifiers, and every measured run names a registered key"
    for key in APPROACHES: assert key.isidentifier() and key == key.lower() and len(key) <= 24, key
    assert {r['approach'] for r in spread_runs()} <= set(APPROACHES)
