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
            "from mnist_basics.training import mnist_loss\nprint('ok', mnist_basics.__version__)")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('ok ')

def test_fastai_deprecation_warning_hidden_and_no_other():
    "Importing the package hides fastai's `torch.jit.script` FutureWarning (recent torch) and leaves others alone"
    code = ("import warnings, mnist_basics\n"
            "warnings.warn('`torch.jit.script` is deprecated. Please switch to `torch.compile`', FutureWarning)\n"
            "warnings.warn('some other future change', FutureWarning)\n")
    r = subprocess.run([sys.executable, '-W', 'default', '-c', code], capture_output=True, text=True,
                       env={k: v for k, v in os.environ.items() if k != 'PYTHONWARNINGS'})
    assert r.returncode == 0, r.stderr
    assert 'some other future change' in r.stderr and 'jit' not in r.stderr, r.stderr

def test_works_without_fcntl(tmp_path):
    "Windows has no `fcntl`: the package must import, lock and load data without it"
    code = ("import sys; sys.modules['fcntl'] = None\n"
            "import mnist_basics.cli, mnist_basics.results\n"
            "from mnist_basics.data import mnist_path, load_digit_tensors\n"
            "t = load_digit_tensors(mnist_path(), 'valid')\n"
            "from mnist_basics.results import record_result, load_results\n"
            "record_result('x', 0.5, 1.0)\n"
            "print(len(t[3]) + len(t[7]), load_results()['x']['accuracy'])")
    env = {**os.environ, 'MNIST_BASICS_CACHE': str(tmp_path/'cache'), 'MNIST_BASICS_RESULTS': str(tmp_path/'r.json')}
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    n, acc = r.stdout.split()
    assert int(n) > 0 and float(acc) == 0.5
    assert (tmp_path/'cache'/'tensors').is_dir()   # the cache was written (under the lock)

@pytest.mark.parametrize('args', [['--help'], ['reproduce', '--help'], ['predict', '--help']])
def test_help(args):
    r = run(*args)
    assert r.returncode == 0 and 'usage: mnist-basics' in r.stdout

def test_python_m_runs_the_command(digits):
    "`python -m mnist_basics.cli` is the same command as `mnist-basics`, not a silent no-op"
    r = run('--help', script=False)
    assert r.returncode == 0 and 'usage: mnist-basics' in r.stdout
    r = run('predict', str(digits[1]), script=False)
    assert r.returncode == 0 and r.stdout.split('\t')[1] == '7', r.stderr
    assert run('predict', 'missing.png', script=False).returncode == 2

def test_no_command_is_an_error():
    r = run()
    assert r.returncode == 2 and 'required' in r.stderr

def test_predict_real_digits(digits):
    r = run('predict', *map(str, digits))
    assert r.returncode == 0, r.stderr
    lines = [l.split('\t') for l in r.stdout.strip().splitlines()]
    assert [l[1] for l in lines] == ['3', '7']
    assert all(0.1 <= float(l[2]) <= 1 and l[3] in ('sure', 'unsure') for l in lines)

def test_predict_reads_all_ten_digits(tmp_path):
    "The default model reads any digit: ten validation images of each digit of full MNIST (or the embedded subset)"
    from mnist_basics.data import mnist_path, DATASETS
    p = mnist_path('mnist_png'); split = DATASETS['mnist_png']['splits'][1]
    files = [f for d in range(10) for f in sorted((p/split/str(d)).iterdir())[:10]]
    r = run('predict', *map(str, files))
    assert r.returncode == 0, r.stderr
    said = [l.split('\t')[1] for l in r.stdout.strip().splitlines()]
    right = sum(s == f.parent.name for s, f in zip(said, files))
    # the ten-digit net gets 97.3-97.6% of full MNIST's 10,000 validation digits right (seeds 42, 1-7)
    assert right >= 85, f'{right} of 100 right: {said}'
    assert len(set(said)) == 10, said
    r37 = run('predict', '--three-seven', *map(str, files[40:60]))   # 4s and 5s: the 3-vs-7 net still says 3 or 7
    assert {l.split('\t')[1] for l in r37.stdout.strip().splitlines()} <= {'3', '7'}, r37.stderr

@pytest.mark.parametrize('kind,msg', [('missing', 'no such file'), ('text', 'not a readable image'),
                                      ('size', 'no ink found'), ('rgb', 'no ink found')])
def test_predict_errors(tmp_path, digits, kind, msg):
    f = tmp_path/f'{kind}.png'
    if kind == 'text': f.write_text('hello')
    elif kind == 'size': Image.new('L', (32, 32)).save(f)
    elif kind == 'rgb': Image.new('RGB', (28, 28)).save(f)
    r = run('predict', str(digits[0]), str(f))
    assert r.returncode == 2, r
    assert r.stderr.startswith('mnist-basics: error:') and msg in r.stderr and f.name in r.stderr
    assert 'Traceback' not in r.stderr and r.stdout == ''   # checked before any prediction is printed

def test_predict_dark_on_light(tmp_path, digits):
    "A digit written dark on light, as on paper, is inverted (with a note on stderr) and read correctly"
    f = tmp_path/'paper7.png'
    Image.eval(Image.open(digits[1]), lambda v: 255 - v).save(f)
    r = run('predict', str(f))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split('\t')[1] == '7' and 'inverted' in r.stderr and 'paper7.png' in r.stderr

def test_predict_photo_of_a_digit_on_paper(tmp_path, digits):
    "A big, dark-on-light, noisy picture of a digit (as a phone photo) is prepared as MNIST's were and read correctly"
    import numpy as np
    for d, want in zip(digits, '37'):
        px = np.asarray(Image.open(d), float) / 255
        photo = Image.fromarray((255 * (0.9 - 0.75*px)).astype(np.uint8)).resize((400, 400), Image.BILINEAR)
        noisy = np.clip(np.asarray(photo, float) + np.random.default_rng(0).normal(0, 5, (400, 400)), 0, 255)
        f = tmp_path/f'photo{want}.jpg'; Image.fromarray(noisy.astype(np.uint8)).save(f, quality=85)
        r = run('predict', str(f))
        assert r.returncode == 0, r.stderr
        assert r.stdout.split('\t')[1] == want and 'inverted' in r.stderr and '400x400' in r.stderr

def test_stdout_holds_only_the_answer(digits):
    r = run('predict', str(digits[0]))
    assert r.stdout.count('\n') == 1 and r.stdout.startswith(str(digits[0])) and '\r' not in r.stdout
    assert 'FutureWarning' not in r.stderr

def test_reproduce_quick():
    r = run('reproduce', '--quick')
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for name in ['pixel similarity (3s vs 7s)', 'BasicOptim linear, 20 epochs', 'simple_net, 40 epochs']: assert name in out
    assert 'floor' in out and '\r' not in out and 'FutureWarning' not in r.stderr
    assert 'resnet18' not in out and 'approach' in out and 'book' in out and 'this_run' in out

def test_bench_cli_rejects_bad_repeats():
    r = subprocess.run([sys.executable, '-m', 'mnist_basics.benchmarks', '--repeats', '0'], capture_output=True, text=True)
    assert r.returncode == 2 and '--repeats must be at least 1' in r.stderr
