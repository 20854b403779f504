#!/usr/bin/env python
"""The few parts of the course derived from other parts, kept in sync (nbdev does the rest: export, clean, sidebar).

  python tools/nbtools.py sync            rewrite every derived part from its source
  python tools/nbtools.py check           exit 1, saying what differs, if `sync` would change anything
  python tools/nbtools.py results FILE [--allow-fewer]
                                          put the results table from FILE (results.json) into nbs/index.ipynb + README;
                                          refused, rewriting nothing, if FILE is missing or damaged, or holds under
                                          half the rows of the table it would replace (unless --allow-fewer)
  python tools/nbtools.py answers DIR     in the lesson copies in DIR, fill every exercise with its reference answer

`sync` writes the lesson table of nbs/index.ipynb (from the lessons' titles and `default_exp`), the question list of
nbs/questionnaire.ipynb (from the lessons' `<div id="qn"></div>` anchors and `### Qn. ...` headings), the folded state of answer code
cells (Jupyter metadata), each lesson's exercise cells (from `mnist_basics.exercises`: a cell starting
`<!-- exercise: name -->` and the code cell after it), and README.md (from nbs/index.ipynb). `check` also fails on a notebook link
(`x.ipynb#anchor`) that points at no notebook or no anchor.
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'
COLAB = 'https://colab.research.google.com/github/mnist-basics/mnist_basics/blob/main/nbs/'

def read(p): return json.loads(Path(p).read_text(encoding='utf-8'))
def dumps(nb): return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + '\n'  # nbdev_clean's format
def src(cell): s = cell['source']; return ''.join(s) if isinstance(s, list) else s
def set_src(cell, text): cell['source'] = text.splitlines(keepends=True)
def notebooks(): return sorted(NBS.glob('*.ipynb'))
def lessons(): return [p for p in notebooks() if re.match(r'\d\d[a-z]?_', p.name)]
def lesson_id(p:Path)->str: return p.name.split('_')[0]   # '04', or '04b' for a lesson's second part
def found(pattern, nb): return next((m.group(1) for c in nb['cells'] if (m := re.search(pattern, src(c), re.M))), '')

def lesson_table()->str:
    rows = ['| # | lesson | its module | open in Colab |', '|---|---|---|---|']
    for p in lessons():
        nb = read(p); title, module = found(r'^# (.+)', nb), found(r'^#\|\s*default_exp\s+(\w+)', nb)
        lid = lesson_id(p)
        rows.append(f'| {lid} | [{title}]({p.name}) | `{module}` | [open {lid} in Colab]({COLAB}{p.name}) |')
    return '\n'.join(rows)

# a question: its anchor on a line of its own before the heading, so Quarto's "On this page" copy of the heading
# carries no second element with that id (a link to #q14 then lands on the question, not in the side menu)
Q_RE = re.compile(r'^<div id="q(\d+)"></div>\n\n### Q(\d+)\. (.+?)$', re.M)
def question_list()->str:
    qs = {}
    for p in lessons():
        for m in (m for c in read(p)['cells'] if c['cell_type'] == 'markdown' for m in Q_RE.finditer(src(c))):
            n = int(m.group(2))
            if n != int(m.group(1)) or n in qs: sys.exit(f'{p.name}: question {n} heading is malformed or repeated')
            qs[n] = f'{n}. [{m.group(3)}]({p.name}#q{n})'
    return '\n'.join(qs[n] for n in sorted(qs))

FOLDED = {'source_hidden': True, 'outputs_hidden': True}
def fold_answer_code(nb:dict)->None:
    "Code cells inside a `<details class=\"answer\">` (between its opening and closing markdown cells) start folded"
    inside = False
    for c in nb['cells']:
        if c['cell_type'] == 'code':
            if inside: c.setdefault('metadata', {})['jupyter'] = dict(FOLDED)
            else: c.get('metadata', {}).pop('jupyter', None)
            continue
        for m in re.finditer(r'<details class="answer">|</details>', src(c)): inside = m.group(0) != '</details>'

EX_MARK = re.compile(r'^<!-- exercise: (\w+) -->')
def exercise_cells(nb:dict, lesson:str, answered:bool=False)->list:
    "Rewrite each exercise (a marked markdown cell, then its code cell) from the catalogue; return the names in order"
    sys.path.insert(0, str(ROOT))
    from mnist_basics.exercises import exercise_markdown, exercise_code, answered_code
    names, cs = [], nb['cells']
    for i, c in enumerate(cs):
        m = EX_MARK.match(src(c)) if c['cell_type'] == 'markdown' else None
        if not m: continue
        names.append(m.group(1))
        if i + 1 == len(cs) or cs[i+1]['cell_type'] != 'code': sys.exit(f'{lesson}: exercise {m.group(1)} has no code cell after it')
        set_src(c, exercise_markdown(m.group(1), f'{lesson}.{len(names)}'))
        set_src(cs[i+1], (answered_code if answered else exercise_code)(m.group(1)))
    return names

def fill_answers(folder:Path)->int:
    "In the lesson copies in `folder`, replace every exercise's starter with its reference answer (tools/try_answers.sh)"
    n = 0
    for p in sorted(Path(folder).glob('[0-9][0-9]*_*.ipynb')):
        nb = read(p); n += len(exercise_cells(nb, lesson_id(p), answered=True)); p.write_text(dumps(nb), encoding='utf-8')
    return n

def anchors(nb:dict)->set:
    md = [src(c) for c in nb['cells'] if c['cell_type'] == 'markdown']
    out = {a for s in md for a in re.findall(r'\{#([\w.-]+)', s) + re.findall(r'<(?:a|div) id="([\w.-]+)"></(?:a|div)>', s)}
    out |= {re.sub(r'[^\w\s-]', '', h.lower()).strip().replace(' ', '-')   # Quarto's ids for plain headings
            for s in md for h in re.findall(r'^#+ (.+?)\s*(?:\{.*\})?$', s, re.M)}
    return out | {n.lower() for c in nb['cells'] if c['cell_type'] == 'code' and re.match(r'#\|\s*export', src(c))
                  for n in re.findall(r'^(?:def|class) (\w+)', src(c), re.M)}   # nbdev's show_doc ids

def link_problems()->list:
    out = []
    for p in notebooks():
        for target, anchor in re.findall(r'\]\(([\w.-]+\.ipynb)(?:#([\w.-]+))?\)', ''.join(src(c) for c in read(p)['cells'])):
            if not (NBS/target).exists(): out.append(f'{p.name}: link to missing notebook {target}')
            elif anchor and anchor not in anchors(read(NBS/target)): out.append(f'{p.name}: no anchor {target}#{anchor}')
    return out

def render_readme(nb:dict)->str:
    "README.md from the home-page notebook: markdown cells as they are, visible code cells with their text outputs"
    parts = ['<!-- Generated from nbs/index.ipynb by tools/nbtools.py: edit the notebook, then run `python tools/nbtools.py sync`. -->']
    for c in nb['cells']:
        s = src(c).strip('\n')
        if c['cell_type'] == 'markdown': parts.append(re.sub(r'\]\((images/)', r'](nbs/\1', s)); continue   # paths from the root
        if re.search(r'^#\|\s*(hide|include:\s*false)', s, re.M): continue
        code = '\n'.join(l for l in s.splitlines() if not l.startswith('#|')).strip('\n')
        if code: parts.append(f'```python\n{code}\n```')
        for o in c.get('outputs', []):
            d = o.get('data', {}); text = o.get('text') or d.get('text/markdown') or d.get('text/plain')
            if text: parts.append(''.join(text).strip('\n') if 'text/markdown' in d else f"```\n{''.join(text).strip()}\n```")
    return '\n\n'.join(parts) + '\n'

def replace_block(text:str, name:str, body:str)->str:
    start, end = f'<!-- {name}:start -->', f'<!-- {name}:end -->'
    return text[:text.index(start)+len(start)] + '\n' + body + '\n' + text[text.index(end):] if start in text else text

def planned_changes()->dict:
    "{path: new text} for every file that `sync` would rewrite"
    changes, blocks = {}, {'questionnaire.ipynb': ('questions', question_list), 'index.ipynb': ('chapters', lesson_table)}
    for p in notebooks():
        old = p.read_text(encoding='utf-8'); nb = json.loads(old)
        if re.match(r'\d\d[a-z]?_', p.name): fold_answer_code(nb); exercise_cells(nb, lesson_id(p))
        if p.name in blocks:
            name, body = blocks[p.name]
            for c in nb['cells']: set_src(c, replace_block(src(c), name, body()))
        if dumps(nb) != old: changes[p] = dumps(nb)
    readme = render_readme(json.loads(changes.get(NBS/'index.ipynb') or (NBS/'index.ipynb').read_text(encoding='utf-8')))
    if not (ROOT/'README.md').exists() or (ROOT/'README.md').read_text(encoding='utf-8') != readme: changes[ROOT/'README.md'] = readme
    return changes

def sync():
    for p, text in planned_changes().items(): p.write_text(text, encoding='utf-8'); print(f'updated {p.relative_to(ROOT)}')

def check()->int:
    probs = link_problems() + [f'{p.relative_to(ROOT)} is out of date' for p in planned_changes()]
    for q in probs: print('nbtools:', q)
    if not probs: print('nbtools: lesson table, questions, folded answers, links and README.md are in sync')
    return 1 if probs else 0

def block_rows(text:str, name:str)->int:
    "Table rows (not counting the header) inside the `name` block of `text`"
    start, end = f'<!-- {name}:start -->', f'<!-- {name}:end -->'
    if start not in text: return 0
    body = text[text.index(start)+len(start):text.index(end)]
    return max(0, sum(l.startswith('|') for l in body.splitlines()) - 2)

def set_results(results_file:Path, # the results.json a course run recorded into
                allow_fewer:bool=False, # accept a table under half the size of the one it replaces
               ):
    "Replace the results block of nbs/index.ipynb with the table recorded in `results_file`, then sync"
    sys.path.insert(0, str(ROOT))
    from mnist_basics.results import load_results, results_markdown
    results_file = Path(results_file)
    if not results_file.is_file():
        sys.exit(f"nbtools results: {results_file} does not exist, so there is no table to put in; nothing was "
                 f"rewritten. Pass the results.json a course run recorded into ($MNIST_BASICS_RESULTS).")
    try: res = load_results(results_file)
    except ValueError as e: sys.exit(f'nbtools results: {e}')
    p = NBS/'index.ipynb'; nb = read(p)
    old, new = max([block_rows(src(c), 'results') for c in nb['cells']] + [0]), len(res)
    if new < old/2 and not allow_fewer:
        sys.exit(f"nbtools results: {results_file} holds {new} results, but the table in {p.relative_to(ROOT)} has "
                 f"{old} rows: refusing to drop {old-new} of them; nothing was rewritten. Check that the course run "
                 f"finished, or add --allow-fewer if the shorter table is meant.")
    for c in nb['cells']: set_src(c, replace_block(src(c), 'results', results_markdown(res)))
    p.write_text(dumps(nb), encoding='utf-8'); sync()

if __name__ == '__main__':
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    if cmd == 'sync': sync()
    elif cmd == 'check': sys.exit(check())
    elif cmd == 'answers' and len(sys.argv) == 3: print(f'nbtools: {fill_answers(Path(sys.argv[2]))} exercises answered')
    elif cmd == 'results' and len(sys.argv) == 3: set_results(Path(sys.argv[2]))
    elif cmd == 'results' and len(sys.argv) == 4 and '--allow-fewer' in sys.argv[2:]:
        set_results(Path(next(a for a in sys.argv[2:] if a != '--allow-fewer')), allow_fewer=True)
    else: sys.exit(__doc__)
