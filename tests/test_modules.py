"A lesson split in two parts keeps the old import paths working (one notebook, one module: test_docs)"
import importlib

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
