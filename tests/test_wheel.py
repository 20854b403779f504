"""A plain `pip install` of the wheel built from this checkout, in a fresh environment without the course's pins.

torch (with its CUDA libraries, gigabytes) is taken from the course environment: its distributions are put on the new
environment's path, so pip counts them as installed and does not download them again. Everything else is whatever
pip chooses today. pip is first asked (dry run) what it would install; if that touches torch, the test stops rather
than letting pip modify the course environment through the shared path.
"""
import json, os, subprocess, sys
from importlib.metadata import distribution
from pathlib import Path
import pytest
from packaging.requirements import Requirement
from conftest import ROOT

SHARED = ('torch', 'torchvision', 'triton')   # plus their nvidia-* / cuda-* libraries, found below

def sh(*cmd, **kw):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert r.returncode == 0, f'{cmd}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}'
    return r

def heavy_dists()->list:
    "torch, torchvision, triton and the nvidia/cuda libraries torch requires (names as installed)"
    names, todo = [], list(SHARED)
    while todo:
        try: d = distribution(todo.pop())
        except Exception: continue
        name = d.metadata['Name']
        if name.lower() in (n.lower() for n in names): continue
        names.append(name)
        for r in d.requires or []:
            req = Requirement(r)
            if req.marker and not req.marker.evaluate({'extra': ''}): continue
            if req.name.lower().startswith(('nvidia', 'cuda', 'triton', 'torch')): todo.append(req.name)
    return names

def link_dists(names:list, dest:Path):
    "Symlink each distribution's top-level files and folders (and its .dist-info) into `dest`"
    dest.mkdir(parents=True, exist_ok=True)
    for n in names:
        d = distribution(n)
        for f in d.files or []:
            top = f.parts[0]
            if top.endswith('.data') or top == '..' or top.startswith('__'): continue
            src, dst = Path(d.locate_file(top)), dest/top
            if src.exists() and not dst.exists(): dst.symlink_to(src)

@pytest.fixture(scope='module')
def fresh(tmp_path_factory):
    "(python, environment variables) of a new virtual environment with the wheel installed by plain pip"
    tmp = tmp_path_factory.mktemp('wheel')
    sh(sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '--no-build-isolation', '-w', tmp/'dist', ROOT)
    whl = next((tmp/'dist').glob('mnist_basics-*.whl'))
    sh(sys.executable, '-m', 'venv', tmp/'env')
    py = tmp/'env'/'bin'/'python'
    site = Path(sh(py, '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])').stdout.strip())
    heavy = heavy_dists()
    link_dists(heavy, tmp/'shared')
    (site/'course-torch.pth').write_text(str(tmp/'shared') + '\n')
    sh(py, '-m', 'pip', 'install', '-q', '--dry-run', '--report', tmp/'plan.json', whl)
    plan = {i['metadata']['name'].lower() for i in json.loads((tmp/'plan.json').read_text())['install']}
    assert not plan & {n.lower() for n in heavy}, f'pip wants to replace {plan & {n.lower() for n in heavy}}'
    sh(py, '-m', 'pip', 'install', '-q', whl)
    env = {**os.environ, 'MNIST_BASICS_CACHE': str(tmp/'cache'), 'PATH': f"{tmp/'env'/'bin'}:{os.environ['PATH']}"}
    env.pop('PYTHONPATH', None)
    return py, env, plan

def test_plain_install_takes_no_course_pins(fresh):
    py, env, plan = fresh
    vers = json.loads(sh(py, '-c', 'import json, fastai, fastcore, torch; '
                         'print(json.dumps([fastai.__version__, fastcore.__version__, torch.__version__]))', env=env).stdout)
    assert 'mnist-basics' in plan or 'mnist_basics' in plan
    assert 'nbdev' not in plan and 'fastbook' not in plan, plan   # the course toolchain stays out
    print('plain install:', vers)

def test_every_module_imports(fresh):
    py, env, _ = fresh
    mods = [p.stem for p in (ROOT/'mnist_basics').glob('*.py') if not p.stem.startswith('_')]
    r = sh(py, '-c', ''.join(f'import mnist_basics.{m}\n' for m in mods) + 'print("ok")', env=env, cwd='/')
    assert r.stdout.strip() == 'ok'

def test_cli_predicts(fresh):
    py, env, _ = fresh
    from mnist_basics.data import mnist_path
    p = mnist_path()
    files = [sorted((p/'valid'/'3').iterdir())[0], sorted((p/'valid'/'7').iterdir())[0]]
    r = sh('mnist-basics', 'predict', *files, env=env, cwd='/')
    assert [l.split('\t')[1] for l in r.stdout.strip().splitlines()] == ['3', '7'], r.stdout
    r = subprocess.run(['mnist-basics', 'predict', 'missing.png'], capture_output=True, text=True, env=env, cwd='/')
    assert r.returncode == 2 and 'missing.png: no such file' in r.stderr and 'Traceback' not in r.stderr

def test_wheel_metadata(fresh):
    "The classifiers say what settings.ini says: status 3 is Alpha, and every Python from min_python on is listed"
    py, env, _ = fresh
    meta = sh(py, '-c', 'from importlib.metadata import metadata; print(metadata("mnist_basics"))', env=env, cwd='/').stdout
    classifiers = [l.split(': ', 1)[1] for l in meta.splitlines() if l.startswith('Classifier: ')]
    assert 'Development Status :: 3 - Alpha' in classifiers, classifiers
    pys = [c.rsplit(' :: ', 1)[1] for c in classifiers if c.startswith('Programming Language :: Python :: 3.')]
    assert pys[0] == '3.11' and {'3.12', '3.13'} <= set(pys), pys
    assert 'Requires-Python: >=3.11' in meta
