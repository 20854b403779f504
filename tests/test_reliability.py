"Damaged and hostile files: nothing a user had is lost, nothing read from disk is trusted unchecked (issue 24)."
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest
from conftest import ROOT

# ---- item 1: the results file --------------------------------------------------------------------------------------

def damaged(good:bytes)->dict:
    "The ways a results file is seen damaged: cut short by a crash, left with a merge conflict, valid JSON of another shape"
    return {'truncated': good[:len(good)//2],
            'merge conflict': b'<<<<<<< HEAD\n' + good + b'=======\n{}\n>>>>>>> other\n',
            'not a mapping': b'[1, 2, 3]'}

def fill(p:Path, n:int):
    from mnist_basics.results import record_result
    for i in range(n): record_result(f'approach_{i}', 0.9 + i/1000, i, chapter='09', data='MNIST_SAMPLE', path=p)

@pytest.mark.parametrize('kind', ['truncated', 'merge conflict', 'not a mapping'])
def test_damaged_results_file_is_refused_not_emptied(tmp_path, kind):
    from mnist_basics.results import load_results, record_result
    p = tmp_path/'results.json'; fill(p, 10)
    bad = damaged(p.read_bytes())[kind]; p.write_bytes(bad)
    with pytest.raises(ValueError, match='damaged') as e: load_results(p)
    assert str(p) in str(e.value) and 'delete it to start afresh' in str(e.value)
    with pytest.raises(ValueError, match='damaged'): record_result('new', 0.5, 1, path=p)
    assert p.read_bytes() == bad   # the 10 earlier results are still there to be recovered

def test_missing_results_file_is_empty(tmp_path):
    from mnist_basics.results import load_results, record_result
    p = tmp_path/'results.json'
    assert load_results(p) == {}
    record_result('a', 0.5, 1, path=p); assert list(load_results(p)) == ['a']

@pytest.fixture
def course_copy(tmp_path):
    "A copy of the files `nbtools.py results` rewrites (nbs/index.ipynb, README.md), with nbtools itself"
    d = tmp_path/'course'
    (d/'tools').mkdir(parents=True); (d/'nbs').mkdir()
    shutil.copy(ROOT/'tools'/'nbtools.py', d/'tools')
    shutil.copy(ROOT/'nbs'/'index.ipynb', d/'nbs'); shutil.copy(ROOT/'README.md', d)
    return d

def nbtools_results(course:Path, *args):
    env = {**os.environ, 'PYTHONPATH': str(ROOT)}
    return subprocess.run([sys.executable, str(course/'tools'/'nbtools.py'), 'results', *map(str, args)],
                          capture_output=True, text=True, cwd=course, env=env, timeout=300)

def snapshot(course:Path)->dict: return {p: p.read_bytes() for p in (course/'nbs'/'index.ipynb', course/'README.md')}

def rows_in_index(course:Path)->int:
    sys.path.insert(0, str(ROOT/'tools')); import nbtools
    return max(nbtools.block_rows(nbtools.src(c), 'results') for c in nbtools.read(course/'nbs'/'index.ipynb')['cells'])

@pytest.mark.parametrize('kind', ['missing', 'truncated', 'merge conflict', 'not a mapping', 'far fewer rows'])
def test_nbtools_results_refuses_and_rewrites_nothing(tmp_path, course_copy, kind):
    n = rows_in_index(course_copy); assert n >= 10, n   # the table the course ships
    p = tmp_path/'results.json'
    if kind == 'far fewer rows': fill(p, 3)
    elif kind != 'missing': fill(p, n); p.write_bytes(damaged(p.read_bytes())[kind])
    before = snapshot(course_copy)
    r = nbtools_results(course_copy, p)
    assert r.returncode != 0, r.stdout + r.stderr
    assert str(p) in r.stderr and 'nothing was' in r.stderr.lower(), r.stderr
    if kind == 'far fewer rows': assert f'holds 3 results' in r.stderr and '--allow-fewer' in r.stderr, r.stderr
    assert snapshot(course_copy) == before

def test_nbtools_results_writes_a_good_table(tmp_path, course_copy):
    "The same command accepts a full results file, and a short one when told to"
    n = rows_in_index(course_copy)
    p = tmp_path/'results.json'; fill(p, n)
    r = nbtools_results(course_copy, p); assert r.returncode == 0, r.stderr
    assert rows_in_index(course_copy) == n and '| approach_0 |' in (course_copy/'README.md').read_text()
    q = tmp_path/'short.json'; fill(q, 2)
    r = nbtools_results(course_copy, q, '--allow-fewer'); assert r.returncode == 0, r.stderr
    assert rows_in_index(course_copy) == 2
