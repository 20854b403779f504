#!/usr/bin/env python
"""The package on a GPU: every MNIST_SAMPLE approach of the registry, our Learner on CUDA tensors, `predict` with a
CUDA model, and a widget model packed from CUDA weights. For a machine with an NVIDIA GPU (not part of `make test`).

  python tools/gpu_check.py [ARCHIVE_DIR]     (ARCHIVE_DIR holds mnist_sample.tgz; default: download or embedded)
"""
import json, os, sys, tempfile, time
from pathlib import Path
if len(sys.argv) > 1: os.environ['MNIST_BASICS_ARCHIVES'] = str(Path(sys.argv[1]).resolve())
os.environ.setdefault('MNIST_BASICS_STRICT', '1')
os.environ.setdefault('MNIST_BASICS_RESULTS', str(Path(tempfile.mkdtemp())/'results.json'))
import torch
assert torch.cuda.is_available(), 'no CUDA device: this check is for a GPU machine'
from fastai.data.external import URLs
from mnist_basics.data import mnist_path, data_source, load_xy, TensorBatches, flatten_xy, load_digit_tensors
from mnist_basics.results import APPROACHES, run_approach, check_result
from mnist_basics.simple_net import simple_net_module
from mnist_basics.learner import SimpleLearner, predict
from mnist_basics.losses import mnist_loss
from mnist_basics.training import batch_accuracy
from mnist_basics.widgets import model_spec, spec_predict

out = {'device': torch.cuda.get_device_name(0), 'torch': torch.__version__}
path = mnist_path(URLs.MNIST_SAMPLE); data = data_source(path); out['data'] = data
rows = []
for name, a in APPROACHES.items():
    if a.dataset != 'mnist_sample': continue
    r = run_approach(name, path)
    check_result(name, r['accuracy'], r['seconds'], data)      # strict: below its floor is an error
    rows.append((name, round(r['accuracy'], 4), round(r['seconds'], 1))); print(rows[-1], flush=True)
    if name == 'resnet18, 1 epoch (tensor DataLoaders)': resnet = r['fit'].model
out['approaches'] = rows

# our Learner with model and batches on the GPU
tr, va = load_digit_tensors(path, 'train'), load_digit_tensors(path, 'valid')
(tx, ty), (vx, vy) = flatten_xy(tr[3], tr[7]), flatten_xy(va[3], va[7])
torch.manual_seed(42)
model = simple_net_module().cuda()
learn = SimpleLearner(model, TensorBatches(tx.cuda(), ty.float().cuda(), 256, shuffle=True),
                      TensorBatches(vx.cuda(), vy.float().cuda(), 4096), mnist_loss, lr=0.1, metrics=[batch_accuracy])
t = time.perf_counter(); learn.fit(40)
out['our_learner_cuda'] = dict(device=str(learn.device), accuracy=round(learn.validate()[1]['batch_accuracy'], 4),
                               seconds=round(time.perf_counter() - t, 1))
assert out['our_learner_cuda']['accuracy'] > 0.97, out['our_learner_cuda']

# predict with the CUDA resnet18 on image files, and a widget model packed from CUDA weights
files = [sorted((path/'valid'/d).glob('*.png'))[0] for d in ('3', '7')]
out['predict'] = [(str(f.relative_to(path)), lab, round(float(p), 4)) for f, (lab, p) in zip(files, predict(resnet.model, files))]
spec = model_spec('simple_net (cuda)', model, [3, 7])
lab, conf = spec_predict(spec, vx)
with torch.no_grad(): p = torch.sigmoid(model(vx.cuda())).cpu()[:, 0]
out['packed_vs_cuda_model_agree'] = round(float((lab == torch.where(p >= 0.5, 3, 7)).float().mean()), 4)
assert [o[1] for o in out['predict']] == [3, 7] and out['packed_vs_cuda_model_agree'] > 0.99, out
print(json.dumps(out, indent=1))
if os.environ.get('OUT'): Path(os.environ['OUT'], 'gpu_check.json').write_text(json.dumps(out, indent=1))
