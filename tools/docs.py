#!/usr/bin/env python
"""The docs pipeline up to Quarto: what `nbdev_proc_nbs` does, without its side effects.

nbdev 2's `nbdev_proc_nbs` first tries to install Quarto (with sudo) and runs `pip install -e ".[dev]"`; we call
the steps it wraps directly: refresh nbs/nbdev.yml from settings.ini, the sidebar, and process the notebooks into
_proc/ (where `quarto render` would pick them up).   Usage: python tools/docs.py proc
"""
import sys
from pathlib import Path

def proc()->Path:
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.serve import proc_nbs
    refresh_quarto_yml(); nbdev_sidebar()
    cache = proc_nbs()
    n = len(list(Path(cache).glob('*.ipynb')))
    if not n: sys.exit(f'docs: no processed notebooks in {cache}')
    print(f'docs: {n} notebooks processed into {cache}')
    return cache

if __name__ == '__main__':
    if sys.argv[1:] != ['proc']: sys.exit(__doc__)
    proc()
