#!/usr/bin/env python
"""Minutes a lesson takes on a first pass, estimated from the notebook by the formula the home page states.

  python tools/pace.py            a table: each lesson's main path, its "Going deeper" extras, and the home page's figure
  python tools/pace.py --check    the same, then exit 1 if the home page's figures differ from the estimates

The formula (nbs/index.ipynb, "Start here"): prose read at 180 words a minute, a minute for every 8 lines of code, the
lesson's own run time, and 4 minutes for each exercise. Counted for the main path: the markdown text and the visible code
cells (no `#| hide` cells, no `#|` lines, no blank lines), up to the questionnaire. Not counted: the questionnaire and
its folded answers, the exercises' own cells (their 4 minutes cover prompt, hint, solution and the learner's code), HTML
comments and link targets. Prose inside `<details><summary>Going deeper: ...</summary> ... </details>` is counted
apart, as the extras a learner can leave for a second pass; code can't be folded in Jupyter, so all code is main path.
Run times (RUN_S below) are rough: each lesson's training seconds in the home page's results table (2-core CPU, full
data), plus loading, rounded up; they matter only for 07 and 08.
"""
import json, math, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'
WORDS_PER_MIN, CODE_LINES_PER_MIN, MIN_PER_EXERCISE = 180, 8, 4
# rough seconds to run each lesson top to bottom on a 2-core CPU (see the docstring)
RUN_S = {'01': 15, '02': 10, '03': 10, '04': 10, '04b': 10, '05': 10, '05b': 10, '06': 20, '07': 45, '07b': 35, '08': 15,
         '08b': 220, '09': 10}

def src(c): s = c['source']; return ''.join(s) if isinstance(s, list) else s

def words(md:str)->int:
    md = re.sub(r'<!--.*?-->', ' ', md, flags=re.S)
    md = re.sub(r'\]\([^)]*\)', ']', md)            # a link's text is read, its target is not
    md = re.sub(r'<[^>]+>', ' ', md)                # HTML tags
    return len(re.findall(r"[\w'’.,%×-]*\w[\w'’.,%×-]*", md))

def code_lines(code:str)->int:
    return sum(1 for l in code.splitlines() if l.strip() and not l.lstrip().startswith('#|'))

DEEP = re.compile(r'<details[^>]*>\s*<summary>\s*Going deeper.*?</details>', re.S | re.I)
def split_deeper(md:str)->tuple:
    "(main text, going-deeper text) of one markdown cell; a box may open in one cell and close in a later one"
    deep = ''.join(DEEP.findall(md))
    return DEEP.sub(' ', md), deep

def estimate(p:Path)->dict:
    "Counts and minutes for one lesson: main path and going-deeper extras"
    cells = json.loads(p.read_text(encoding='utf-8'))['cells']
    main_w = deep_w = main_md_code = deep_md_code = code = ex = 0
    in_deep, skip_next = False, False
    for c in cells:
        s = src(c)
        if c['cell_type'] == 'markdown':
            if re.match(r'^## Questionnaire', s): break
            if s.startswith('<!-- exercise:'): ex += 1; skip_next = True; continue
            # a box spread over several cells: opened without closing, closed later
            text = s
            if in_deep:
                end = text.find('</details>')
                if end < 0: deep_w += words(text); continue
                deep_w += words(text[:end]); text = text[end+10:]; in_deep = False
            m = re.search(r'<details[^>]*>\s*<summary>\s*Going deeper', text, re.I)
            if m and '</details>' not in text[m.start():]:
                deep_w += words(text[m.start():]); text = text[:m.start()]; in_deep = True
            main, deep = split_deeper(text)
            main_w += words(main); deep_w += words(deep)
        elif c['cell_type'] == 'code':
            if skip_next: skip_next = False; continue
            if re.search(r'^#\|\s*(hide|include:\s*false|default_exp)', s, re.M): continue
            code += code_lines(s)
    lesson = p.name.split('_')[0]
    main_min = main_w/WORDS_PER_MIN + code/CODE_LINES_PER_MIN + RUN_S.get(lesson, 0)/60 + MIN_PER_EXERCISE*ex
    return dict(lesson=lesson, words=main_w, code_lines=code, exercises=ex, run_s=RUN_S.get(lesson, 0),
                main=main_min, deeper_words=deep_w, deeper=deep_w/WORDS_PER_MIN)

def rounded(m:float)->int: return 5*math.floor(m/5 + 0.5)   # the home page states a lesson's minutes to the nearest 5
def rounded_up(m:float)->int: return math.ceil(m)            # and its going-deeper extras in whole minutes, rounded up

def stated()->dict:
    "{lesson: (main minutes, going-deeper minutes or 0)} as the home page states them"
    text = ''.join(src(c) for c in json.loads((NBS/'index.ipynb').read_text(encoding='utf-8'))['cells'])
    out = {}
    for m in re.finditer(r'^\| \[(\d\d[a-z]?) [^|]*\|[^|]*\| (\d+) min(?:, \+ (\d+) min going deeper)? \|$', text, re.M):
        out[m.group(1)] = (int(m.group(2)), int(m.group(3) or 0))
    return out

def main():
    home, bad = stated(), []
    print(f"{'lesson':6} {'words':>6} {'code':>5} {'ex':>3} {'run s':>5} {'main':>6} {'deeper':>7}  {'stated':>8}")
    for p in sorted(NBS.glob('[0-9][0-9]*_*.ipynb')):
        e = estimate(p); want = (rounded(e['main']), rounded_up(e['deeper']))
        got = home.get(e['lesson'])
        print(f"{e['lesson']:6} {e['words']:6} {e['code_lines']:5} {e['exercises']:3} {e['run_s']:5} {e['main']:6.1f} "
              f"{e['deeper']:7.1f}  {str(got):>8}  (rounded: {want[0]} min" + (f", + {want[1]} min going deeper)" if want[1] else ')'))
        if got != want: bad.append(f"{p.name}: the home page says {got}, the formula gives {want}")
    for b in bad: print('pace:', b)
    return 1 if bad and '--check' in sys.argv else 0

if __name__ == '__main__': sys.exit(main())
