#!/usr/bin/env python
"""Measure how much each registered approach's accuracy moves between runs: seeds, instruction sets, threads.

  python tools/spread.py run [options]      train in this process (its instruction set, --threads N threads) and
                                            add one line per run to mnist_basics/assets/spread_runs.jsonl
  python tools/spread.py matrix [options]   the same over the four configurations: the CPU's best instruction set
                                            and AVX2 forced (ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2), with
                                            one thread and with two (two one-thread processes share the cores)
  python tools/spread.py table              print min / median / max / floor per approach and dataset

Options of run and matrix:
  --data sample,full,embedded   datasets (default all three; 'embedded' is the package's 10k-digit subset)
  --only TEXT                   approaches whose name contains TEXT (repeatable)
  --slow                        include the slow approaches (resnet18); otherwise only the quick ones
  --seeds 42,1,2,3,4            seeds of the quick approaches (the slow ones take the first --slow-seeds of them)
  --slow-seeds 3                how many seeds each slow approach gets
  --threads N                   (run only) torch threads
  --configs best/1,best/2,avx2/1,avx2/2   (matrix only) which configurations, default all four
A run replaces an earlier line with the same approach, data, seed, instruction set and thread count.
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'mnist_basics'/'assets'/'spread_runs.jsonl'
AVX2 = dict(ATEN_CPU_CAPABILITY='avx2', ONEDNN_MAX_CPU_ISA='AVX2')

def datasets(names):
    "{data name: folder} for the requested datasets"
    from fastai.data.external import URLs
    from mnist_basics.data import mnist_path, write_embedded, fastai_data_dir, data_source
    out = {}
    for n in names:
        if n == 'sample': ps = [mnist_path(URLs.MNIST_SAMPLE, embedded=False)]
        elif n == 'full': ps = [mnist_path(URLs.MNIST, embedded=False)]
        elif n == 'embedded': ps = [write_embedded('mnist_sample', fastai_data_dir()), write_embedded('mnist_png', fastai_data_dir())]
        else: sys.exit(f"spread: unknown dataset {n!r}; use sample, full, embedded")
        for p in ps: out.setdefault(data_source(p), []).append(p)
    return out

def plan(args):
    "(approach name, dataset folder, seed) for every run asked for"
    from mnist_basics.results import APPROACHES
    seeds = [int(s) for s in args.seeds.split(',')]
    todo = []
    for data, paths in datasets(args.data.split(',')).items():
        for p in paths:
            kind = 'mnist_png' if p.name.startswith('mnist_png') else 'mnist_sample'
            for name, a in APPROACHES.items():
                if a.dataset != kind or (a.slow and not args.slow) or (args.only and not any(o in name for o in args.only)): continue
                ss = seeds[:1] if not a.seeded else seeds[:args.slow_seeds] if a.slow else seeds
                todo += [(name, p, s) for s in ss]
    return todo

def save(recs):
    "Add `recs` to the spread file, replacing lines for the same approach, data, seed, instruction set and threads"
    from mnist_basics.core import locked, atomic_write_bytes
    key = lambda r: (r['approach'], r['data'], r['seed'], r['isa'], r['threads'])
    with locked(OUT):
        old = [json.loads(l) for l in OUT.read_text().splitlines() if l.strip()] if OUT.exists() else []
        new = {key(r): r for r in old + recs}
        lines = sorted(new.values(), key=lambda r: (r['approach'], r['data'], r['isa'], r['threads'], r['seed']))
        atomic_write_bytes(OUT, ''.join(json.dumps(r) + '\n' for r in lines).encode())

def run(args):
    import torch
    torch.set_num_threads(args.threads)
    from mnist_basics.results import run_approach
    isa = torch.backends.cpu.get_cpu_capability()
    todo = plan(args)
    if args.part: k, n = map(int, args.part.split('/')); todo = todo[k::n]
    for i, (name, path, seed) in enumerate(todo):
        r = run_approach(name, path, seed)
        rec = dict(approach=name, data=r['data'], seed=seed, isa=isa, threads=args.threads, accuracy=round(r['accuracy'], 6),
                   seconds=round(r['seconds'], 1), n_valid=r['n_valid'], torch=torch.__version__, date=time.strftime('%Y-%m-%d'))
        save([rec])
        print(f"[{i+1}/{len(todo)}] {isa}/{args.threads}t seed {seed:>2}  {r['data']:<20} {name:<52} {r['accuracy']:.4f}  {r['seconds']:.1f}s", flush=True)

def matrix(args):
    base = [sys.executable, __file__, 'run', '--data', args.data, '--seeds', args.seeds, '--slow-seeds', str(args.slow_seeds)]
    base += ['--slow'] if args.slow else []
    for o in args.only or []: base += ['--only', o]
    configs = args.configs.split(',')
    for isa, env in (('best', {}), ('avx2', AVX2)):
        e = {**os.environ, **env}
        if f'{isa}/1' in configs:   # two one-thread processes at once, each with half of the runs
            procs = [subprocess.Popen(base + ['--threads', '1', '--part', f'{k}/2'], env=e) for k in range(2)]
            if any(p.wait() for p in procs): sys.exit('spread: a one-thread run failed')
        if f'{isa}/2' in configs: subprocess.run(base + ['--threads', '2'], env=e, check=True)

def table(args):
    import pandas as pd
    from mnist_basics.results import spread_table
    with pd.option_context('display.width', 250, 'display.max_rows', 200, 'display.max_colwidth', 55):
        print(spread_table().to_string(index=False))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('cmd', choices=['run', 'matrix', 'table'])
    ap.add_argument('--data', default='sample,full,embedded')
    ap.add_argument('--only', action='append')
    ap.add_argument('--slow', action='store_true')
    ap.add_argument('--seeds', default='42,1,2,3,4')
    ap.add_argument('--slow-seeds', type=int, default=3)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--configs', default='best/1,best/2,avx2/1,avx2/2')
    ap.add_argument('--part', default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    {'run': run, 'matrix': matrix, 'table': table}[args.cmd](args)
