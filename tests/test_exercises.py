"""The exercises: every checker accepts the reference, says "not yet" to a blank answer, and catches every mistake it
lists with that mistake's own message; the lessons hold them as the catalogue says, unanswered, and pass with the
reference answers filled in."""
import ast, json, os, random, re, sys
from pathlib import Path
import pytest, torch
from conftest import ROOT
from mnist_basics import exercises as ex
from mnist_basics.exercises import EXERCISES, NOT_YET, audit, check, run_code

sys.path.insert(0, str(ROOT/'tools'))
import nbtools

LESSONS = sorted(p for p in (ROOT/'nbs').glob('0[1-8]*_*.ipynb') if re.match(r'0[1-8]b?_', p.name))
def src(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']
def cells(p): return json.loads(p.read_text(encoding='utf-8'))['cells']

def test_at_least_three_per_lesson_and_thirty_in_all():
    per = {nbtools.lesson_id(p): sum(e.lesson == nbtools.lesson_id(p) for e in EXERCISES.values()) for p in LESSONS}
    assert all(n >= 2 for n in per.values()), per   # every notebook, a lesson's second part (04b...) included
    lesson = {n: sum(v for k, v in per.items() if k[:2] == n) for n in {k[:2] for k in per}}
    assert all(n >= 3 for n in lesson.values()) and sum(per.values()) >= 30, lesson   # lessons 01-08, parts together
    assert list(EXERCISES.values()) == sorted(EXERCISES.values(), key=lambda e: e.lesson), 'catalogue in lesson order'

@pytest.mark.parametrize('name', list(EXERCISES))
def test_checker_checked(name):
    "The reference passes, the starter is 'not yet', and each listed mistake gets its own message (several seeds)"
    e = EXERCISES[name]
    assert len(e.mistakes) >= 2
    assert not audit(e, seeds=(0, 1, 7, 42, 1234)), audit(e)

@pytest.mark.parametrize('name', list(EXERCISES))
def test_blank_answers_get_not_yet_never_a_traceback(name, capsys):
    e = EXERCISES[name]
    def unfinished(*a, **k): raise NotImplementedError
    starter = run_code(e.starter, e.name, e.uses)
    is_function = callable(starter) and not isinstance(starter, type)
    for blank in (None, ..., starter) + ((unfinished,) if is_function else ()):
        assert check(name, blank) is False
        assert capsys.readouterr().out.startswith('Not yet'), blank

def test_a_listed_mistake_is_what_makes_the_test_fail():
    "The audit catches a checker that accepts a mistake: with the mistake's code swapped for the reference, it reports"
    e = EXERCISES['rmse_distance']
    bad = ex.Exercise(**{**e.__dict__, 'mistakes': [ex.Mistake('same as reference', e.solution, 'x')] + e.mistakes})
    assert any("mistake 'same as reference'" in p for p in audit(bad))

def test_check_prints_and_returns_and_strict_mode_raises(capsys, monkeypatch):
    e = EXERCISES['rmse_distance']
    assert check('rmse_distance', e.reference) is True and capsys.readouterr().out.startswith('Correct')
    wrong = run_code(e.mistakes[0].code, e.name)
    assert check('rmse_distance', wrong) is False
    assert capsys.readouterr().out.strip() == f'Not quite: {e.mistakes[0].message}'
    monkeypatch.setenv(ex.STRICT_ENV, 'strict')
    with pytest.raises(AssertionError, match='rmse_distance'): check('rmse_distance', wrong)
    with pytest.raises(KeyError, match='no exercise called'): check('no_such_exercise', wrong)

def test_checking_leaves_the_lessons_randomness_alone():
    torch.manual_seed(0); random.seed(0)
    before = torch.rand(3), random.random()
    torch.manual_seed(0); random.seed(0)
    for name, e in EXERCISES.items(): e.check(e.reference, quiet=True)
    assert torch.equal(torch.rand(3), before[0]) and random.random() == before[1]

def test_every_message_names_what_to_do():
    for e in EXERCISES.values():
        for m in e.mistakes:
            assert 40 <= len(m.message) <= 400 and not m.message.startswith(('Not', 'not')), (e.name, m.name, m.message)
        assert e.hint and e.prompt and e.solution.strip(), e.name

def test_lessons_hold_every_exercise_unanswered_in_catalogue_order():
    placed = {}
    for p in LESSONS:
        cs = cells(p)
        names = [m.group(1) for c in cs if c['cell_type'] == 'markdown' for m in [nbtools.EX_MARK.match(src(c))] if m]
        placed[nbtools.lesson_id(p)] = names
        for i, c in enumerate(cs):
            if c['cell_type'] == 'markdown' and nbtools.EX_MARK.match(src(c)):
                assert src(cs[i+1]) == ex.exercise_code(nbtools.EX_MARK.match(src(c)).group(1)), (p.name, i)
                assert not cs[i+1].get('outputs') or 'Not yet' in json.dumps(cs[i+1]['outputs']), (p.name, i)
        imports = ''.join(src(c) for c in cs if c['cell_type'] == 'code')
        if names: assert 'from mnist_basics.exercises import check, hint, solution' in imports, p.name
    for e in EXERCISES.values(): assert e.name in placed[e.lesson], (e.lesson, e.name)

def defined_in_cell(s:str)->set:
    s = '\n'.join(l for l in s.splitlines() if not l.lstrip().startswith(('#|', '%', '!')))
    try: tree = ast.parse(s)
    except SyntaxError: return set()
    return {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))} | \
           {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} | \
           {(a.asname or a.name).split('.')[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}

def test_answers_do_not_shadow_the_lessons_names():
    "A learner's answer must not replace a function or value the lesson itself defines or imports"
    starters = {ex.exercise_code(e.name) for e in EXERCISES.values()}
    for p in LESSONS:
        mine = {e.name for e in EXERCISES.values() if e.lesson == nbtools.lesson_id(p)}
        bound = {n for c in cells(p) if c['cell_type'] == 'code' and src(c) not in starters for n in defined_in_cell(src(c))}
        assert not mine & bound, (p.name, mine & bound)

def test_lessons_answered_with_the_references_pass(tmp_path, monkeypatch):
    "The switch of tools/try_answers.sh: every exercise cell filled with its reference answer, checked strictly"
    for p in LESSONS: (tmp_path/p.name).write_text(p.read_text(encoding='utf-8'), encoding='utf-8')
    assert nbtools.fill_answers(tmp_path) == len(EXERCISES)
    monkeypatch.setenv(ex.STRICT_ENV, 'strict')
    for p in sorted(tmp_path.glob('*.ipynb')):
        cs = cells(p)
        for i, c in enumerate(cs):
            if c['cell_type'] == 'markdown' and (m := nbtools.EX_MARK.match(src(c))):
                e = EXERCISES[m.group(1)]
                ns = dict(check=check, torch=torch, nn=torch.nn, F=torch.nn.functional, **e.uses)   # the lesson's names
                exec(compile(src(cs[i+1]), f'{p.name}:{i+1}', 'exec'), ns)   # raises if the check fails

def _headings():
    "{lesson id: set of its section headings}, backticks dropped"
    out = {}
    for p in LESSONS:
        out[nbtools.lesson_id(p)] = {m.group(1).replace('`', '').strip() for c in cells(p) if c['cell_type'] == 'markdown'
                                     for m in re.finditer(r'^#+ (.+)$', src(c), re.M)}
    return out

def test_feedback_points_to_sections_that_exist_where_it_says():
    "A hint or message quoting a section (\"The training loop\") finds it in the exercise's own lesson, or names the lesson"
    heads, bad = _headings(), []
    for e in EXERCISES.values():
        for t in [e.hint] + [m.message for m in e.mistakes]:
            for m in re.finditer(r'(?:lessons? (\d\d[a-z]?)[,\'s ]*)?"([^"]+)"', t):
                q = m.group(2).replace('`', '')
                if not any(q in h for h in heads.values()): continue   # a quoted value, not a section
                lesson = m.group(1) or e.lesson
                if q not in heads.get(lesson, ()): bad.append((e.name, q, lesson))
    assert not bad, bad

def test_home_page_counts_the_exercises():
    text = ''.join(src(c) for c in cells(ROOT/'nbs'/'index.ipynb'))
    stated = re.search(r'exercises \((\d+) in all', text)
    assert stated and int(stated.group(1)) == len(EXERCISES), (stated and stated.group(0), len(EXERCISES))
