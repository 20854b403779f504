#!/usr/bin/env python
"""Run every notebook of the course top to bottom, saving its outputs; then print the results table.

Usage: python tools/run_course.py [NOTEBOOK ...]   (default: all of nbs/*.ipynb, in order)
Each lesson records its results into $MNIST_BASICS_RESULTS; this script clears that file first.
"""
import os, re, sys, time, warnings
from pathlib import Path
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
import fastprogress.fastprogress as fastprogress

# Saved notebooks should show results, not thousands of console progress-bar updates or library deprecation chatter
fastprogress.NO_BAR = True
warnings.filterwarnings('ignore', category=FutureWarning)

ROOT = Path(__file__).resolve().parents[1]

def skip(cell)->bool:
    "Cells nbdev_test would not run either: markdown, `#| eval: false`, and the nbdev_export cell"
    return (cell.cell_type != 'code' or bool(re.search(r'^#\|\s*eval:\s*false', cell.source, re.M))
            or 'nbdev_export(' in cell.source)

def tidy_streams(nb:Path):
    """Keep what a terminal would show: text overwritten after a bare carriage return (progress bars) is dropped, and a
    value that a trailing `;` hides in Jupyter is dropped too"""
    import json
    d = json.loads(nb.read_text(encoding='utf-8')); changed = False
    for c in d['cells']:
        for o in c.get('outputs', []):
            if o.get('output_type') != 'stream': continue
            text = ''.join(o['text']); new = re.sub(r'[^\n]*\r(?!\n)', '', text)
            if new != text: o['text'] = new.splitlines(keepends=True); changed = True
        c['outputs'] = [o for o in c.get('outputs', []) if o.get('output_type') != 'stream' or ''.join(o['text'])]
        if c['cell_type'] == 'code' and ''.join(c['source']).rstrip().endswith(';'):   # as Jupyter: `;` hides the value
            kept = [o for o in c['outputs'] if o.get('output_type') != 'execute_result']
            if len(kept) != len(c['outputs']): c['outputs'] = kept; changed = True
    if changed: nb.write_text(json.dumps(d, indent=1, ensure_ascii=False, sort_keys=True) + '\n', encoding='utf-8')

class Shell(CaptureShell):
    "execnb 0.1 drops everything a cell prints when the cell ends with `;`; Jupyter only hides the cell's value"
    def run_cell(self, raw_cell, *args, **kwargs):
        code = raw_cell.rstrip()   # run it without the `;`: its prints are kept, and `tidy_streams` drops the value
        return super().run_cell(code[:-1] if code.endswith(';') else raw_cell, *args, **kwargs)

def run(nb:Path)->float:
    t = time.perf_counter()
    with working_directory(nb.parent):
        sh = Shell(nb)
        try: sh.execute(nb, nb, exc_stop=True, preproc=skip)
        except Exception:
            sys.stderr.write(sh.prettytb(fname=nb) + '\n'); raise SystemExit(f'course: {nb.name} failed (see above)')
    tidy_streams(nb)
    return time.perf_counter() - t

def main():
    nbs = [Path(a).resolve() for a in sys.argv[1:]] or sorted((ROOT/'nbs').glob('*.ipynb'))
    nbs = [p for p in nbs if p.name != 'index.ipynb'] + [p for p in nbs if p.name == 'index.ipynb']
    res = Path(os.environ.setdefault('MNIST_BASICS_RESULTS', str(ROOT/'_results'/'results.json')))
    if not sys.argv[1:] and res.exists(): res.unlink()
    total = 0.
    for nb in nbs:
        print(f'course: running {nb.name} ...', flush=True)
        s = run(nb); total += s
        print(f'course: {nb.name} done in {s:.0f} s', flush=True)
    print(f'course: all {len(nbs)} notebooks ran in {total:.0f} s')

if __name__ == '__main__': main()
