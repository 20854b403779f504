"The docs site: sidebar, API pages, questionnaire, stored outputs (checks nbdev's processed notebooks in _proc/)."
import ast, importlib, json, os, re, subprocess, sys
from pathlib import Path
import pytest, yaml
from conftest import ROOT

NBS = ROOT/'nbs'
sys.path.insert(0, str(ROOT/'tools'))
import nbtools

def src(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']
def cells(nb): return json.loads(Path(nb).read_text())['cells']
EXPORT_RE = re.compile(r'^#\|\s*(?:export|exporti|exports)(?:[ \t]+(\w+))?[ \t]*$', re.M)
LESSON_RE = re.compile(r'\d\d[a-z]?_')
MODULES = sorted(p.stem for p in (ROOT/'mnist_basics').glob('*.py') if not p.stem.startswith('_'))

def questions()->dict:
    "{n: (question text, notebook name)} from the lessons' `<div id=\"qn\"></div>` anchors and `### Qn. ...` headings"
    out = {}
    for p in sorted(NBS.glob('*.ipynb')):
        for c in cells(p):
            for m in nbtools.Q_RE.finditer(src(c)): out[int(m.group(2))] = (m.group(3), p.name)
    return dict(sorted(out.items()))

def sidebar_entries():
    def walk(items):
        for it in items:
            if isinstance(it, str): yield it
            elif 'contents' in it: yield from walk(it['contents'])
            elif 'href' in it: yield it['href']
    return list(walk(yaml.safe_load((NBS/'sidebar.yml').read_text())['website']['sidebar']['contents']))

def test_every_notebook_in_sidebar_and_back():
    entries = sidebar_entries()
    nbs = sorted(p.name for p in NBS.glob('*.ipynb'))
    assert sorted(entries) == nbs, (set(nbs) ^ set(entries))
    assert len(entries) == len(set(entries))
    lessons = [e for e in entries if LESSON_RE.match(e)]
    assert lessons == sorted(lessons) and lessons[0].startswith('01_'), lessons   # lesson order, starting at 01

def test_processed_pages_exist(proc):
    for p in NBS.glob('*.ipynb'): assert (proc/p.name).exists(), p.name

def test_ids_unique_and_none_inside_headings(proc):
    "Quarto copies a heading, with anything inside it, into the page's 'On this page' menu: an id there exists twice"
    for p in sorted(proc.glob('*.ipynb')):
        md = [src(c) for c in cells(p) if c['cell_type'] == 'markdown']
        inside = [h for s in md for h in re.findall(r'^#+ .*$', s, re.M) if re.search(r'\bid=', h)]
        assert not inside, (p.name, inside)
        ids = [i for s in md for i in re.findall(r'\bid="([^"]+)"', s) + re.findall(r'\{#([\w.-]+)', s)]
        assert len(ids) == len(set(ids)), (p.name, sorted({i for i in ids if ids.count(i) > 1}))
    assert 'id="q14"' in ''.join(src(c) for c in cells(proc/'02_gradients.ipynb'))   # the test looks where the ids are

def test_every_exported_name_documented_on_its_page(proc):
    "Each exported function or class is documented on the page of the notebook that exports it"
    missing, seen = [], set()
    for p in NBS.glob('*.ipynb'):
        text = json.dumps(json.loads((proc/p.name).read_text()))
        for c in cells(p):
            if c['cell_type'] != 'code' or not EXPORT_RE.search(src(c)): continue
            top = [n.name for n in ast.parse(src(c)).body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
            for name in (n for n in top if n[0].isalpha()):   # not a `def` inside a string (the exercises' solutions)
                seen.add(name)
                if f'### {name}' not in text: missing.append(f'{p.name}: {name}')
    assert not missing, f'no documentation on the page for: {missing}'
    public = {n for m in MODULES for n in importlib.import_module(f'mnist_basics.{m}').__all__}
    assert seen - public <= {'main'}, seen - public   # what the pages document is what the modules export

SHOW_DOC = re.compile(r'^#+ ([\w.]+)\n\n```python\n(.*?)\n```', re.M | re.S)

def api_signatures(proc)->dict:
    "{name: (page, signature)} from the show_doc outputs nbdev stored in the processed notebooks"
    out = {}
    for p in sorted(proc.glob('*.ipynb')):
        for c in cells(p):
            for o in c.get('outputs', []):
                md = o.get('data', {}).get('text/markdown', '')
                md = ''.join(md) if isinstance(md, list) else md
                for m in SHOW_DOC.finditer(md): out[m.group(1)] = (p.name, m.group(2))
    return out

def test_api_signatures_show_real_parameters(proc):
    "A class without an __init__ of its own shows object's `(*args, **kwargs)`; a default function shows its repr"
    sigs = api_signatures(proc)
    assert len(sigs) >= 60, len(sigs)
    objs = {n: getattr(importlib.import_module(f'mnist_basics.{m}'), n) for m in MODULES
            for n in importlib.import_module(f'mnist_basics.{m}').__all__}
    bare = [(pg, n) for n, (pg, s) in sigs.items() if re.search(r'\(\s*\*args, \*\*kwargs\s*\)', s)
            and not (isinstance(objs.get(n), type) and issubclass(objs[n], BaseException))]   # an exception takes any
    assert not bare, f'signatures that show only (*args, **kwargs): {bare}'
    reprs = [(pg, n) for n, (pg, s) in sigs.items() if re.search(r'<function |<class | at 0x', s)]
    assert not reprs, f'signatures with an object repr: {reprs}'
    assert 'accuracy:float' in sigs['Fit'][1] and 'seconds:float=0.0' in sigs['Fit'][1], sigs['Fit']
    for n in ('Callback', 'Recorder', 'ProgressCB', 'PrintMetrics'): assert f'def {n}():' in sigs[n][1], sigs[n]
    assert 'metrics:Iterable | None=None' in sigs['SimpleLearner'][1], sigs['SimpleLearner']

def test_all_37_questions_answered_and_listed():
    qs = questions()
    assert list(qs) == list(range(1, 38))
    qpage = ''.join(src(c) for c in cells(NBS/'questionnaire.ipynb'))
    for n, (q, nb) in qs.items():
        assert f'[{q}]({nb}#q{n})' in qpage, n
        md = [src(c) for c in cells(NBS/nb) if c['cell_type'] == 'markdown']
        text = '\n'.join(md)
        after = text[text.index(f'<div id="q{n}"></div>\n\n'):].split('\n', 2)[2]   # from the heading on
        assert after.split('\n', 2)[2].lstrip().startswith('<details class="answer">\n<summary>Answer</summary>'), n
    for anchor in ['05b_learner.ipynb#further-research-1', '08_full_mnist.ipynb']:   # the two "further research" lessons
        assert anchor in qpage
    assert '<div id="further-research-1"></div>' in ''.join(src(c) for c in cells(NBS/'05b_learner.ipynb'))

def test_answers_fold_in_jupyter_and_colab_too():
    "No Quarto-only syntax in the lessons: answers are <details> blocks, which Jupyter, Colab and Quarto all fold"
    for p in NBS.glob('*.ipynb'):
        for c in cells(p):
            if c['cell_type'] != 'markdown': continue
            assert not re.search(r'(?m)^:::', src(c)), f'{p.name}: literal ::: line (Quarto callout) in {src(c)[:80]!r}'
            assert not re.search(r'(?m)^#+ Answer\b', src(c)), f'{p.name}: an "Answer" heading floods the table of contents'
            assert not re.search(r'(?m)^#+ .*\{#[\w.-]+\}\s*$', src(c)), f'{p.name}: Quarto-only heading id {src(c)[:80]!r}'

CODE_ANSWERS = [4, 9, 21, 25, 26, 33, 34]   # questions that ask to write, build or plot something

def test_code_answers_ran_and_are_asserted(proc):
    qs = questions()
    for n in CODE_ANSWERS:
        cs = cells(NBS/qs[n][1])
        i = next(i for i, c in enumerate(cs) if f'<div id="q{n}"></div>' in src(c))
        code = []
        for c in cs[i+1:]:
            if c['cell_type'] == 'markdown':
                if src(c).startswith('</details>'): break
                continue
            code.append(c)
        assert all(c['metadata'].get('jupyter') == {'source_hidden': True, 'outputs_hidden': True} for c in code), \
            f'Q{n}: answer code cells must start folded in Jupyter'
        assert len(code) >= 2, f'Q{n}: expected an answer cell and an assertion cell'
        assert code[0]['outputs'], f'Q{n}: answer cell has no stored output (run `make course`)'
        assert any(re.search(r'\b(test_eq|test_close|assert)\b', src(c)) for c in code), f'Q{n}: no assertion'

def test_no_error_outputs_and_stored_outputs():
    for p in NBS.glob('*.ipynb'):
        cs = cells(p)
        for c in cs:
            for o in c.get('outputs', []):
                assert o['output_type'] != 'error', p.name
                text = ''.join(o.get('text', '')) + ''.join(o.get('data', {}).get('text/plain', ''))
                assert '█' not in text and '\r' not in text.replace('\r\n', ''), f'{p.name}: progress-bar debris in a stored output'
        if re.match(r'\d\d[a-z]?_', p.name):
            assert any(c.get('outputs') for c in cs), f'{p.name} has no stored outputs: run `make course`'

def test_notebooks_small():
    for p in NBS.glob('*.ipynb'): assert p.stat().st_size < 800_000, p.name

def test_nbtools_in_sync():
    assert not nbtools.planned_changes(), 'run: python tools/nbtools.py sync'

def test_every_numbered_notebook_opens_in_colab():
    "Each lesson starts with its own Colab badge and a cell that installs the package in Colab only"
    for p in NBS.glob('*.ipynb'):
        if not LESSON_RE.match(p.name): continue
        cs = cells(p)
        assert f'https://colab.research.google.com/github/mnist-basics/mnist_basics/blob/main/nbs/{p.name})' in src(cs[1]), p.name
        assert "if 'google.colab' in sys.modules:" in src(cs[2]) and '#| eval: false' in src(cs[2]), p.name

def test_readme_generated_from_index():
    readme = (ROOT/'README.md').read_text()
    assert readme == nbtools.render_readme(json.loads((NBS/'index.ipynb').read_text()))
    maint = readme[readme.index('## Build and test the course'):]
    assert 'make course' in maint and 'make test' in maint   # the two commands, after what learners need
    assert readme.index('## How to open a lesson') < readme.index('## Build and test the course')
    for img in re.findall(r'\]\((nbs/images/[^)]+)\)', readme): assert (ROOT/img).exists(), img

def test_import_cells_hold_only_imports():
    "The docs build executes every cell with an import (to document what it defines): such cells must hold nothing else"
    import ast
    def allowed(n):
        if isinstance(n, (ast.Import, ast.ImportFrom)): return True
        if isinstance(n, ast.Try) and all(isinstance(b, (ast.Import, ast.ImportFrom)) for b in n.body): return True
        if isinstance(n, ast.If) and all(isinstance(b, (ast.Import, ast.ImportFrom)) for b in n.body): return True
        return isinstance(n, ast.If) and 'google.colab' in ast.unparse(n.test)   # the Colab-only install cell
    bad = []
    for p in NBS.glob('*.ipynb'):
        for c in cells(p):
            if c['cell_type'] != 'code': continue
            body = ast.parse(src(c)).body
            if any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in body) and not all(map(allowed, body)):
                bad.append(f'{p.name}: {src(c)[:60]!r}')
    assert not bad, bad

def test_docs_build_leaves_the_tree_clean(tmp_path):
    "nbdev_docs, with a stand-in `quarto` that renders nothing, changes no tracked file (README.md stays ours)"
    repo, bin_ = tmp_path/'repo', tmp_path/'bin'
    files = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout   # the working tree, as a clone would have it
    for f in filter(None, files.split('\0')):
        if (ROOT/f).is_file(): (repo/f).parent.mkdir(parents=True, exist_ok=True); (repo/f).write_bytes((ROOT/f).read_bytes())
    git = lambda *a: subprocess.run(['git', *a], cwd=repo, capture_output=True, text=True, check=True).stdout
    git('init', '-q'); git('add', '-A'); git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'tree')
    bin_.mkdir(); (bin_/'quarto').write_text('#!/bin/sh\nmkdir -p _docs && echo ok >_docs/index.html\n'); (bin_/'quarto').chmod(0o755)
    env = {**os.environ, 'PATH': f"{bin_}:{os.environ['PATH']}"}
    r = subprocess.run([str(Path(sys.executable).parent/'nbdev_docs'), '--n_workers', '1'], cwd=repo, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (repo/'_docs'/'index.html').exists()               # the build ran to the end
    assert git('status', '--porcelain') == '', git('status', '--porcelain')

def test_generated_modules_lines_fit_120_columns():
    "Every line the notebooks put into the package fits 120 columns (nbdev's own `__all__` line and _modidx.py aside)"
    long = [f'{p.name}:{i}' for p in (ROOT/'mnist_basics').glob('*.py') if p.name != '_modidx.py'
            for i, l in enumerate(p.read_text(encoding='utf-8').splitlines(), 1)
            if len(l) > 120 and not l.startswith('__all__ = ')]
    assert not long, long

def test_one_notebook_one_module():
    "Each notebook exports only into its own module (`default_exp`), so headers and docstrings are true by construction"
    owner = {}
    for p in NBS.glob('*.ipynb'):
        cs = cells(p)
        mods = {m.group(1) for c in cs for m in [re.search(r'^#\|\s*default_exp\s+(\w+)', src(c), re.M)] if m}
        targets = {m.group(1) for c in cs if c['cell_type'] == 'code' for m in EXPORT_RE.finditer(src(c)) if m.group(1)}
        assert not targets, f'{p.name} exports into {targets}: export into its own module only'
        assert len(mods) <= 1, (p.name, mods)
        if mods: owner[mods.pop()] = p
        empty = [src(c) for c in cs if c['cell_type'] == 'code' and EXPORT_RE.fullmatch(src(c).strip())]
        assert not empty, f'{p.name}: empty export cell'
    assert sorted(owner) == MODULES, set(owner) ^ set(MODULES)
    for m, p in owner.items():
        text = (ROOT/'mnist_basics'/f'{m}.py').read_text()
        assert set(re.findall(r'^# %% \.\./nbs/(\S+)', text, re.M)) == {p.name}, m
        summary = next(re.search(r'^> (.+)', src(c), re.M).group(1) for c in cells(p) if re.search(r'^> ', src(c), re.M))
        doc = importlib.import_module(f'mnist_basics.{m}').__doc__
        assert doc == summary and len(doc) <= 114, (m, doc)

def test_imports_point_down():
    "A lesson's module imports only core, data and earlier lessons' modules; reference modules sit above the lessons"
    order = ['core', 'data'] + [re.search(r'^#\|\s*default_exp\s+(\w+)', '\n'.join(src(c) for c in cells(p)), re.M).group(1)
                                for p in sorted(NBS.glob('[0-9][0-9]*_*.ipynb'))]
    for i, m in enumerate(order):
        text = (ROOT/'mnist_basics'/f'{m}.py').read_text()
        used = set(re.findall(r'^\s*from (?:mnist_basics)?\.(\w+) import', text, re.M)) | set(re.findall(r'mnist_basics\.(\w+)', text))
        later = used & (set(MODULES) - set(order[:i]))
        assert not later, f'{m} imports {later}, which come later (or sit above the lessons)'
    assert 'import_module' not in (ROOT/'mnist_basics'/'results.py').read_text()   # the registry calls trainers, not strings

def test_contributor_guide_maps_every_module():
    guide = ''.join(src(c) for c in cells(NBS/'contributors.ipynb'))
    for m in MODULES: assert f'| `{m}` |' in guide, m

def test_reliability_page_cites_tests_that_exist():
    "Every test the reliability page names is a test function in that file (the page cannot drift from the tests)"
    import re, json
    text = ''.join(''.join(c['source']) for c in json.loads((ROOT/'nbs'/'reliability.ipynb').read_text())['cells'])
    cited = {(f, t) for f, names in re.findall(r'`(tests/test_\w+\.py)`: ((?:`test_\w+`(?:,\s+)?)+)', text)
             for t in re.findall(r'`(test_\w+)`', names)}
    assert len(cited) >= 25, cited
    missing = [f'{f}::{t}' for f, t in sorted(cited) if not re.search(rf'^def {t}\(', (ROOT/f).read_text(), re.M)]
    assert not missing, missing
