"The `mnist-basics` command and the package without course tools."
import subprocess, sys, os
from pathlib import Path
import pytest
from PIL import Image
from conftest import ROOT

EXE = [sys.executable, '-m', 'mnist_basics.cli']

def run(*args, **kw):
    return subprocess.run(['mnist-basics', *args] if kw.pop('script', True) else [*EXE, *args],
                          capture_output=True, text=True, timeout=600, **kw)

@pytest.fixture(scope='module')
def digits():
    from mnist_basics.data import mnist_path
    p = mnist_path()
    return sorted((p/'valid'/'3').iterdir())[0], sorted((p/'valid'/'7').iterdir())[0]

def test_package_imports_without_course_tools():
    "Every module imports with nbdev, fastbook and jupyterlab unavailable"
    mods = [p.stem for p in (ROOT/'mnist_basics').glob('*.py') if not p.stem.startswith('_')]
    code = ("import sys\nfor m in ('nbdev', 'fastbook', 'jupyterlab', 'execnb'): sys.modules[m] = None\n"
            "import mnist_basics\n" + ''.join(f'import mnist_basics.{m}\n' for m in mods) +
            "from mnist_basics.loss import mnist_loss\nprint('ok', mnist_basics.__version__)")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('ok ')

@pytest.mark.parametrize('args', [['--help'], ['reproduce', '--help'], ['predict', '--help']])
def test_help(args):
    r = run(*args)
    assert r.returncode == 0 and 'usage: mnist-basics' in r.stdout

def test_no_command_is_an_error():
    r = run()
    assert r.returncode == 2 and 'required' in r.stderr

def test_predict_real_digits(digits):
    r = run('predict', *map(str, digits))
    assert r.returncode == 0, r.stderr
    lines = [l.split('\t') for l in r.stdout.strip().splitlines()]
    assert [l[1] for l in lines] == ['3', '7']
    assert all(0.5 <= float(l[2]) <= 1 for l in lines)

@pytest.mark.parametrize('kind,msg', [('missing', 'no such file'), ('text', 'not a readable image'),
                                      ('size', 'found 32x32'), ('rgb', "mode 'RGB'")])
def test_predict_errors(tmp_path, digits, kind, msg):
    f = tmp_path/f'{kind}.png'
    if kind == 'text': f.write_text('hello')
    elif kind == 'size': Image.new('L', (32, 32)).save(f)
    elif kind == 'rgb': Image.new('RGB', (28, 28)).save(f)
    r = run('predict', str(digits[0]), str(f))
    assert r.returncode == 2, r
    assert r.stderr.startswith('mnist-basics: error:') and msg in r.stderr and f.name in r.stderr
    assert 'Traceback' not in r.stderr and r.stdout == ''   # checked before any prediction is printed

def test_reproduce_quick():
    r = run('reproduce', '--quick')
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for name in ['pixel similarity (3s vs 7s)', 'BasicOptim linear, 20 epochs', 'simple_net, 40 epochs']: assert name in out
    assert 'resnet18' not in out and 'approach' in out and 'book' in out and 'this_run' in out

def test_bench_cli_rejects_bad_repeats():
    r = subprocess.run([sys.executable, '-m', 'mnist_basics.bench', '--repeats', '0'], capture_output=True, text=True)
    assert r.returncode == 2 and '--repeats must be at least 1' in r.stderr
