"""The package on a GPU: every MNIST_SAMPLE approach of the registry at or above its floor, our Learner on CUDA
tensors, `predict` with a CUDA model, and a widget model packed from CUDA weights. Skipped where there is no GPU.

On a GPU machine: `MNIST_BASICS_ARCHIVES=DIR python -m pytest -q tests/test_gpu.py` (DIR holds mnist_sample.tgz)."""
import json, os, time
from pathlib import Path
import pytest
import torch

if not torch.cuda.is_available(): pytest.skip('no CUDA device: these checks are for a GPU machine', allow_module_level=True)
from fastai.data.external import URLs
from mnist_basics.data import mnist_path, load_digit_tensors
from fastai.torch_core import set_seed
from mnist_basics.results import APPROACHES, run_approach, check_result, settings
from mnist_basics.loss import flatten_xy, mnist_loss
from mnist_basics.training import batch_accuracy
from mnist_basics.learner import SimpleLearner, tensor_batches
from mnist_basics.simple_net import simple_net_module
from mnist_basics.resnet import predict
from mnist_basics.widgets import model_spec, spec_predict

@pytest.fixture(scope='module')
def path(): return mnist_path(URLs.MNIST_SAMPLE)

@pytest.fixture(scope='module')
def report():
    out = {'device': torch.cuda.get_device_name(0), 'torch': torch.__version__}
    yield out
    print(json.dumps(out, indent=1))
    if os.environ.get('OUT'): Path(os.environ['OUT'], 'gpu_check.json').write_text(json.dumps(out, indent=1))

def test_registry_on_gpu(path, report, tmp_path, monkeypatch):
    monkeypatch.setenv('MNIST_BASICS_RESULTS', str(tmp_path/'results.json'))
    report['approaches'] = []
    for key, a in APPROACHES.items():
        if a.dataset != 'mnist_sample': continue
        r = run_approach(key, path)
        check_result(key, r['fit'], path, strict=True)      # below its floor is an error
        report['approaches'].append((key, round(r['accuracy'], 4), round(r['seconds'], 1)))
        if key == 'resnet18_tensors':
            files = [sorted((path/'valid'/d).glob('*.png'))[0] for d in ('3', '7')]
            report['predict'] = [lab for lab, _ in predict(r['fit'].model.model, files)]
            assert report['predict'] == [3, 7]

def test_our_learner_and_packing_on_cuda(path, report):
    tr, va = load_digit_tensors(path, 'train'), load_digit_tensors(path, 'valid')
    (tx, ty), (vx, vy) = flatten_xy(tr[3], tr[7]), flatten_xy(va[3], va[7])
    hp = settings('simple_net_batches')
    set_seed(42)
    model = simple_net_module().cuda()
    learn = SimpleLearner(model, *tensor_batches(tx.cuda(), ty.float().cuda(), vx.cuda(), vy.float().cuda(), hp.bs),
                          mnist_loss, metrics=[batch_accuracy])
    t = time.perf_counter(); learn.fit(hp.epochs, hp.lr)
    acc = learn.validate()[1]['batch_accuracy']
    report['our_learner_cuda'] = dict(device=str(learn.device), accuracy=round(acc, 4), seconds=round(time.perf_counter() - t, 1))
    assert acc > 0.97
    lab, _ = spec_predict(model_spec('simple_net (cuda)', model, [3, 7]), vx)
    with torch.no_grad(): p = torch.sigmoid(model(vx.cuda())).cpu()[:, 0]
    agree = float((lab == torch.where(p >= 0.5, 3, 7)).float().mean())
    report['packed_vs_cuda_model_agree'] = round(agree, 4)
    assert agree > 0.99
