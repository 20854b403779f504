#!/usr/bin/env python
"""Keep the notebooks' Colab badges and install cells, the home page's results table, and README.md in sync.

  python tools/nbtools.py sync            rewrite badges/install cells from settings.ini, README.md from nbs/index.ipynb
  python tools/nbtools.py check           exit 1 (saying what differs) if `sync` would change anything
  python tools/nbtools.py results FILE    put the results table from FILE (results.json) into nbs/index.ipynb + README

`sync` also rebuilds the question list of nbs/questionnaire.ipynb from the `### Qn. ... {#qn}` headings that the
chapters hold, so the questionnaire page always links every question to its answer.
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

def problems_in(nb_path:Path, nb:dict)->list:
    "Structural problems: numbered notebooks need a badge for themselves and a Colab-only install cell"
    out = []
    if not re.match(r'\d\d_', nb_path.name): return out
    texts = [src(c) for c in nb['cells'][:4]]
    if not any(f'/nbs/{nb_path.name})' in t and 'colab-badge.svg' in t for t in texts):
        out.append(f'{nb_path.name}: no Colab badge pointing at itself in its first cells')
    if not any("'google.colab' in sys.modules" in t and 'pip' in t for t in texts):
        out.append(f'{nb_path.name}: no Colab-only install cell in its first cells')
    return out

def render_readme(nb:dict)->str:
    "README.md from the home-page notebook: markdown cells as they are, visible code cells with their text outputs"
    parts = ['<!-- Generated from nbs/index.ipynb by tools/nbtools.py: edit the notebook, then run `python tools/nbtools.py sync`. -->']
    for c in nb['cells']:
        s = src(c).strip('\n')
        if c['cell_type'] == 'markdown': parts.append(s); continue
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

Q_RE = re.compile(r'^### Q(\d+)\. (.+?) \{#q(\d+)\}$', re.M)
QLIST_START, QLIST_END = '<!-- questions:start -->', '<!-- questions:end -->'

def questions()->dict:
    "{n: (question text, notebook name)} from the chapters' `### Qn. ... {#qn}` headings"
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

def planned_changes()->dict:
    "{path: new text} for every file that `sync` would rewrite"
    cfg, changes = settings(), {}
    for p in notebooks():
        old = p.read_text(encoding='utf-8'); nb = json.loads(old)
        for c in nb['cells']:
            set_src(c, fix_links(src(c), cfg))
            if p.name == 'questionnaire.ipynb' and QLIST_START in src(c):
                set_src(c, _replace_block(src(c), QLIST_START, QLIST_END, question_list()))
        new = dumps(nb)
        if new != old: changes[p] = new
    index = json.loads(changes.get(NBS/'index.ipynb') or (NBS/'index.ipynb').read_text(encoding='utf-8'))
    readme = render_readme(index)
    if not (ROOT/'README.md').exists() or (ROOT/'README.md').read_text(encoding='utf-8') != readme: changes[ROOT/'README.md'] = readme
    return changes

def sync():
    for p, text in planned_changes().items(): p.write_text(text, encoding='utf-8'); print(f'updated {p.relative_to(ROOT)}')

def check()->int:
    probs = [q for p in notebooks() for q in problems_in(p, read(p))]
    probs += [f'{p.relative_to(ROOT)} is out of date' for p in planned_changes()]
    for q in probs: print('nbtools:', q)
    if not probs: print('nbtools: badges, install cells and README.md are in sync')
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
