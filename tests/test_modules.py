"One lesson, one module; a lesson split in two parts keeps the old import paths working"
import importlib, json, re
from conftest import ROOT

MOVED = {  # name -> (module it lives in now, module programmers imported it from before the split)
    **{n: ('loss', 'training') for n in ['flatten_xy', 'init_params', 'linear1', 'sigmoid', 'mnist_loss']},
    **{n: ('optimizer', 'learner') for n in ['BasicOptim', 'train_model', 'fit_train_model', 'fit_learner']},
    **{n: ('vision', 'resnet') for n in ['folder_dls', 'fit_resnet18']},
    **{n: ('ideal_digits', 'full_mnist') for n in ['rmse_distance', 'most_confused']},
}

def test_old_import_paths_still_work():
    for name, (new, old) in MOVED.items():
        got_new = getattr(importlib.import_module(f'mnist_basics.{new}'), name)
        assert getattr(importlib.import_module(f'mnist_basics.{old}'), name) is got_new, (name, old)
        assert name in importlib.import_module(f'mnist_basics.{new}').__all__, (name, new)   # documented where it lives

def test_one_notebook_one_module():
    mods = {}
    for p in sorted((ROOT/'nbs').glob('*.ipynb')):
        text = ''.join(''.join(c['source']) for c in json.loads(p.read_text(encoding='utf-8'))['cells'] if c['cell_type'] == 'code')
        exps = re.findall(r'^#\|\s*default_exp\s+(\w+)', text, re.M)
        assert len(exps) <= 1, p.name
        assert not re.search(r'^#\|\s*export\s+\w', text, re.M), f'{p.name} exports into another module'
        if exps: mods.setdefault(exps[0], []).append(p.name)
    assert all(len(v) == 1 for v in mods.values()), {k: v for k, v in mods.items() if len(v) > 1}
