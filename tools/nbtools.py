#!/usr/bin/env python
"""Everything in the course that is derived rather than written: the one place that keeps it in sync.

  python tools/nbtools.py sync            rewrite every derived part (below) from its source
  python tools/nbtools.py check           exit 1, saying what differs, if `export` or `sync` would change anything
  python tools/nbtools.py results FILE    put the results table from FILE (results.json) into nbs/index.ipynb + README

What `sync` derives, and from what:
- each numbered notebook's header cells (Colab badge, Colab-only install cell, test imports): from HEADER below and
  settings.ini's user/repo/branch; and the folded state (Jupyter metadata) of the code cells of questionnaire answers;
- nbs/sidebar.yml and the chapter tables of nbs/index.ipynb: from the notebooks' file names and titles;
- the module map of nbs/contributing.ipynb: from MODULES and the `#| export` cells that feed each module;
- the question list of nbs/questionnaire.ipynb: from the chapters' `### Qn. ... <a id="qn"></a>` headings;
- README.md: from nbs/index.ipynb.
`check` also fails on a notebook link (`x.ipynb#anchor`) that points at no notebook or no anchor.
"""
import configparser, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'
START, END = '<!-- results:start -->', '<!-- results:end -->'

def settings():
    cp = configparser.ConfigParser(); cp.read(ROOT/'settings.ini'); return cp['DEFAULT']

def read(p): return json.loads(Path(p).read_text(encoding='utf-8'))
def dumps(nb): return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + '\n'  # nbdev_clean's format
def src(cell): s = cell['source']; return ''.join(s) if isinstance(s, list) else s
def set_src(cell, text): cell['source'] = text.splitlines(keepends=True)

def fix_links(text:str, cfg)->str:
    "Point Colab badge links and the Colab pip-install URL at this repo (settings.ini's user/repo/branch)"
    text = re.sub(r'https://colab\.research\.google\.com/github/[^/\s)]+/[^/\s)]+/blob/[^/\s)]+/nbs/',
                  f"https://colab.research.google.com/github/{cfg['user']}/{cfg['repo']}/blob/{cfg['branch']}/nbs/", text)
    return re.sub(r'git\+https://github\.com/[^/\s\'"]+/[^/\s\'"]+?\.git',
                  f"git+https://github.com/{cfg['user']}/{cfg['repo']}.git", text)

def notebooks(): return sorted(NBS.glob('*.ipynb'))

# One line per module of the package: what it holds. `sync` writes it into the module map of nbs/contributors.ipynb,
# and `check` fails if a module is missing here (or listed but gone). (A module's docstring is nbdev's: the summary
# line of the notebook whose `default_exp` it is.)
MODULES = {
    'core': 'Helpers every chapter shares: seeds, a timer, plot defaults, digit grids, the cache folder, safe writes',
    'data': 'MNIST from anywhere (fastai, a local archive, the embedded subset) to cached tensors and batches',
    'pixel_similarity': 'Classify by the nearest mean image: L1 and RMSE distances, nearest-mean classifiers',
    'gradients': 'Gradients with autograd, gradient-descent steps and paths, and plots of functions and the SGD loop',
    'losses': 'Loss functions: mean squared error, sigmoid and the MNIST loss, log-softmax, NLL and cross-entropy',
    'training': 'Training from scratch: parameters, linear1, gradient steps, epochs, accuracy, BasicOptim',
    'learner': "Training loops as objects: fastai's Learner recipes, our SimpleLearner and callbacks, predict",
    'simple_net': 'A neural network with one hidden layer: by hand, as nn.Sequential, and its training recipes',
    'resnet': "resnet18 on digits: the book's from_folder recipe and a faster one on tensors",
    'confusion': 'What a classifier gets wrong: confusion matrices, the most-confused pairs and their plot',
    'widgets': 'Live widgets for the browser: draw a digit for the chapter\'s models, a learning-rate playground',
    'results': "The registry of the chapter's approaches, their measured spread and floors, and the results file",
    'benchmarks': "The book's code against the package's: time and peak memory on the same data and seeds",
    'cli': 'The `mnist-basics` command: reproduce the chapter, classify digit images',
}

# The cells every numbered notebook starts with, after its title: written here once, kept in sync by `sync`.
BADGE = ('[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]'
         '(https://colab.research.google.com/github/{user}/{repo}/blob/{branch}/nbs/{nb})')
INSTALL = """#| hide
#| eval: false
# In Colab, install the course package first (anywhere else, this cell does nothing)
import sys, subprocess
if 'google.colab' in sys.modules:
    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', 'git+https://github.com/{user}/{repo}.git'], check=True)"""
TEST_IMPORTS = """#| hide
from fastcore.test import test_eq, test_close, test_fail"""

def is_numbered(p:Path)->bool: return bool(re.match(r'\d\d_', p.name))
def is_lesson(p:Path)->bool: return bool(re.match(r'(0[1-9]|[1-9]\d)_', p.name))

def title(nb:dict)->str:
    for c in nb['cells']:
        m = re.match(r'# (.+)', src(c)) if c['cell_type'] == 'markdown' else None
        if m: return m.group(1).strip()
    return ''

def set_header(nb:dict, name:str, cfg)->None:
    "Put the badge, the install cell and the test-import cell into notebook `nb` (named `name`)"
    cells = nb['cells']
    def mk(kind, text):
        c = {'cell_type': kind, 'metadata': {}, 'source': []}
        if kind == 'code': c.update(execution_count=None, outputs=[])
        set_src(c, text); return c
    badge = BADGE.format(nb=name, **cfg); install = INSTALL.format(**cfg)
    if len(cells) < 2 or 'colab-badge.svg' not in src(cells[1]): cells.insert(1, mk('markdown', badge))
    else: set_src(cells[1], badge)
    if len(cells) < 3 or "'google.colab' in sys.modules" not in src(cells[2]): cells.insert(2, mk('code', install))
    else: set_src(cells[2], install)
    tests = [c for c in cells if c['cell_type'] == 'code' and src(c).startswith('#| hide\nfrom fastcore.test import')]
    if tests: set_src(tests[0], TEST_IMPORTS)
    else:
        imp = next((i for i, c in enumerate(cells) if re.match(r'#\|\s*export\s*\n', src(c))), 3)
        cells.insert(imp + 1, mk('code', TEST_IMPORTS))

FOLDED = {'source_hidden': True, 'outputs_hidden': True}
def fold_answer_code(nb:dict)->None:
    "Code cells inside a `<details class=\"answer\">` (between its opening and closing markdown cells) start folded in Jupyter"
    inside = False
    for c in nb['cells']:
        if c['cell_type'] == 'code':
            if inside: c.setdefault('metadata', {})['jupyter'] = dict(FOLDED)
            else: c.get('metadata', {}).pop('jupyter', None)
            continue
        for m in re.finditer(r'<details class="answer">|</details>', src(c)): inside = m.group(0) != '</details>'

EXPORT_RE = re.compile(r'^#\|\s*(?:export|exporti|exports)(?:[ \t]+(\w+))?[ \t]*$', re.M)
def feeds(nb:dict)->list:
    "Modules the notebook exports into, its `default_exp` first"
    default, out = None, []
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        m = re.search(r'^#\|\s*default_exp\s+(\w+)', src(c), re.M)
        if m: default = m.group(1)
        for m in EXPORT_RE.finditer(src(c)): out.append(m.group(1) or default)
    return list(dict.fromkeys(([default] if default else []) + out))

REFERENCE = ('questionnaire.ipynb', 'glossary.ipynb', 'results.ipynb', '00_data.ipynb', '00_core.ipynb', 'cli.ipynb',
             'benchmarks.ipynb', 'contributors.ipynb')   # order of the reference pages; unlisted ones follow, by name

def reference_pages()->list:
    names = [p.name for p in notebooks() if not is_lesson(p) and p.name != 'index.ipynb']
    return [n for n in REFERENCE if n in names] + sorted(n for n in names if n not in REFERENCE)

def sidebar()->str:
    lessons = [p.name for p in notebooks() if is_lesson(p)]
    lines = ['# Generated by tools/nbtools.py sync from the notebooks in nbs/: do not edit.', 'website:', '  sidebar:',
             '    contents:', '      - index.ipynb', '      - section: Lessons', '        contents:']
    lines += [f'          - {n}' for n in lessons]
    lines += ['      - section: Reference', '        contents:'] + [f'          - {n}' for n in reference_pages()]
    return '\n'.join(lines) + '\n'

def chapter_table(cfg)->str:
    rows = ['| # | lesson | exports to | open in Colab |', '|---|---|---|---|']
    for p in notebooks():
        if not is_lesson(p): continue
        nb = read(p); mods = ', '.join(f'`{m}`' for m in feeds(nb))
        badge = BADGE.format(nb=p.name, **cfg)
        rows.append(f'| {p.name[:2]} | [{title(nb)}]({p.name}) | {mods} | {badge} |')
    refs = ', '.join(f'[{title(read(NBS/n)).lower() if n not in ("cli.ipynb",) else title(read(NBS/n))}]({n})'
                     for n in reference_pages())
    return '\n'.join(rows) + f'\n\nReference pages: {refs}.'

def module_map()->str:
    fed = {}
    for p in notebooks():
        for m in feeds(read(p)): fed.setdefault(m, []).append(p.name)
    rows = ['| module | what it holds | written in |', '|---|---|---|']
    for m, what in MODULES.items():
        rows.append(f"| `mnist_basics.{m}` | {what} | {', '.join(f'[{n}]({n})' for n in fed.get(m, []))} |")
    return '\n'.join(rows)

def module_problems()->list:
    have = {p.stem for p in (ROOT/'mnist_basics').glob('*.py') if not p.stem.startswith('_')}
    fed = {m for p in notebooks() for m in feeds(read(p))}
    out = [f'mnist_basics/{m}.py is not in MODULES (tools/nbtools.py): add a line saying what it holds'
           for m in sorted((have | fed) - set(MODULES))]
    out += [f'MODULES lists {m}, which no notebook exports' for m in sorted(set(MODULES) - fed)]
    return out

LINK_RE = re.compile(r'\]\(([\w.-]+\.ipynb)(?:#([\w.-]+))?\)')
def anchors(nb:dict)->set:
    out = set()
    for c in nb['cells']:
        if c['cell_type'] != 'markdown': continue
        out |= set(re.findall(r'\{#([\w.-]+)', src(c))) | set(re.findall(r'<a id="([\w.-]+)"></a>', src(c)))
        for h in re.findall(r'^#+ (.+?)\s*(?:\{.*\})?$', src(c), re.M):   # Quarto's ids for headings without one
            out.add(re.sub(r'[^\w\s-]', '', h.lower()).strip().replace(' ', '-'))
    for c in nb['cells']:   # exported names get an id from nbdev's show_doc (lower case)
        if c['cell_type'] == 'code' and EXPORT_RE.search(src(c)):
            out |= {n.lower() for n in re.findall(r'^(?:def|class) (\w+)', src(c), re.M)}
    return out

def link_problems()->list:
    out, cache = [], {}
    for p in notebooks():
        for c in read(p)['cells']:
            if c['cell_type'] != 'markdown': continue
            for target, anchor in LINK_RE.findall(src(c)):
                if not (NBS/target).exists(): out.append(f'{p.name}: link to missing notebook {target}'); continue
                if anchor and anchor not in cache.setdefault(target, anchors(read(NBS/target))):
                    out.append(f'{p.name}: link to {target}#{anchor}, which has no such anchor')
    return out

def render_readme(nb:dict)->str:
    "README.md from the home-page notebook: markdown cells as they are, visible code cells with their text outputs"
    parts = ['<!-- Generated from nbs/index.ipynb by tools/nbtools.py: edit the notebook, then run `python tools/nbtools.py sync`. -->']
    for c in nb['cells']:
        s = src(c).strip('\n')
        if c['cell_type'] == 'markdown': parts.append(re.sub(r'\]\((images/)', r'](nbs/\1', s)); continue   # paths from the root
        if c['cell_type'] != 'code': continue
        lines = s.splitlines()
        if any(re.match(r'#\|\s*(hide|include:\s*false)', l) for l in lines): continue
        code = '\n'.join(l for l in lines if not l.startswith('#|')).strip('\n')
        if code: parts.append(f'```python\n{code}\n```')
        for o in c.get('outputs', []):
            text = o.get('text') if o.get('output_type') == 'stream' else o.get('data', {}).get('text/markdown') or o.get('data', {}).get('text/plain')
            if text:
                text = ''.join(text).strip('\n')
                parts.append(text if 'text/markdown' in o.get('data', {}) else f'```\n{text}\n```')
    return '\n\n'.join(parts) + '\n'

# Anchors are HTML (`<a id=...>`), not Quarto's `{#id}`, so they stay invisible in Jupyter and Colab too
Q_RE = re.compile(r'^### Q(\d+)\. (.+?) <a id="q(\d+)"></a>$', re.M)
QLIST_START, QLIST_END = '<!-- questions:start -->', '<!-- questions:end -->'

def questions()->dict:
    "{n: (question text, notebook name)} from the chapters' `### Qn. ... <a id=\"qn\"></a>` headings"
    out = {}
    for p in notebooks():
        for c in read(p)['cells']:
            if c['cell_type'] != 'markdown': continue
            for m in Q_RE.finditer(src(c)):
                n = int(m.group(1))
                if n != int(m.group(3)) or n in out: raise SystemExit(f'{p.name}: question {n} heading is malformed or repeated')
                out[n] = (m.group(2), p.name)
    return dict(sorted(out.items()))

def question_list()->str:
    return '\n'.join(f'{n}. [{q}]({nb}#q{n})' for n, (q, nb) in questions().items())

def _replace_block(text, start, end, body):
    if start not in text or end not in text: raise SystemExit(f'missing {start} ... {end}')
    return text[:text.index(start)+len(start)] + '\n' + body + '\n' + text[text.index(end):]

CHAPTERS_START, CHAPTERS_END = '<!-- chapters:start -->', '<!-- chapters:end -->'
MODMAP_START, MODMAP_END = '<!-- modules:start -->', '<!-- modules:end -->'

def planned_changes()->dict:
    "{path: new text} for every file that `sync` would rewrite"
    cfg, changes = settings(), {}
    blocks = {'questionnaire.ipynb': (QLIST_START, QLIST_END, question_list),
              'index.ipynb': (CHAPTERS_START, CHAPTERS_END, lambda: chapter_table(cfg)),
              'contributors.ipynb': (MODMAP_START, MODMAP_END, module_map)}
    for p in notebooks():
        old = p.read_text(encoding='utf-8'); nb = json.loads(old)
        if is_numbered(p): set_header(nb, p.name, cfg); fold_answer_code(nb)
        for c in nb['cells']:
            set_src(c, fix_links(src(c), cfg))
            if p.name in blocks and blocks[p.name][0] in src(c):
                start, end, body = blocks[p.name]
                set_src(c, _replace_block(src(c), start, end, body()))
        new = dumps(nb)
        if new != old: changes[p] = new
    if (NBS/'sidebar.yml').read_text(encoding='utf-8') != sidebar(): changes[NBS/'sidebar.yml'] = sidebar()
    index = json.loads(changes.get(NBS/'index.ipynb') or (NBS/'index.ipynb').read_text(encoding='utf-8'))
    readme = render_readme(index)
    if not (ROOT/'README.md').exists() or (ROOT/'README.md').read_text(encoding='utf-8') != readme: changes[ROOT/'README.md'] = readme
    return changes

def sync():
    for p, text in planned_changes().items(): p.write_text(text, encoding='utf-8'); print(f'updated {p.relative_to(ROOT)}')

def check()->int:
    probs = module_problems() + link_problems()
    probs += [f'{p.relative_to(ROOT)} is out of date' for p in planned_changes()]
    for q in probs: print('nbtools:', q)
    if not probs: print('nbtools: headers, sidebar, chapter tables, module map, questions, links and README.md are in sync')
    return 1 if probs else 0

def set_results(results_file:Path):
    "Replace the results block of nbs/index.ipynb with the table recorded in `results_file`, then sync"
    sys.path.insert(0, str(ROOT))
    from mnist_basics.results import load_results, results_markdown
    table = results_markdown(load_results(Path(results_file)))
    p = NBS/'index.ipynb'; nb = read(p)
    cells = [c for c in nb['cells'] if START in src(c)]
    if len(cells) != 1: sys.exit(f'{p}: expected one cell holding {START} ... {END}')
    text = src(cells[0])
    set_src(cells[0], text[:text.index(START)+len(START)] + '\n' + table + '\n' + text[text.index(END):])
    p.write_text(dumps(nb), encoding='utf-8'); sync()

if __name__ == '__main__':
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    if cmd == 'sync': sync()
    elif cmd == 'check': sys.exit(check())
    elif cmd == 'results' and len(sys.argv) == 3: set_results(Path(sys.argv[2]))
    else: sys.exit(__doc__)
