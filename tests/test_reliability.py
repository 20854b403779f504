"Damaged and hostile files: nothing a user had is lost, nothing read from disk is trusted unchecked (issue 24)."
import json, os, shutil, subprocess, sys
import numpy as np
from pathlib import Path
import pytest
from conftest import ROOT

# ---- item 1: the results file --------------------------------------------------------------------------------------

def damaged(good:bytes)->dict:
    "How results files are seen damaged: cut short by a crash, left with a merge conflict, JSON of another shape"
    return {'truncated': good[:len(good)//2],
            'merge conflict': b'<<<<<<< HEAD\n' + good + b'=======\n{}\n>>>>>>> other\n',
            'not a mapping': b'[1, 2, 3]'}

def fill(p:Path, n:int):
    from mnist_basics.results import record_result
    for i in range(n): record_result(f'approach_{i}', 0.9 + i/1000, i, chapter='09', data='MNIST_SAMPLE', path=p)

@pytest.mark.parametrize('kind', ['truncated', 'merge conflict', 'not a mapping'])
def test_damaged_results_file_is_refused_not_emptied(tmp_path, kind):
    from mnist_basics.results import load_results, record_result
    p = tmp_path/'results.json'; fill(p, 10)
    bad = damaged(p.read_bytes())[kind]; p.write_bytes(bad)
    with pytest.raises(ValueError, match='damaged') as e: load_results(p)
    assert str(p) in str(e.value) and 'delete it to start afresh' in str(e.value)
    with pytest.raises(ValueError, match='damaged'): record_result('new', 0.5, 1, path=p)
    assert p.read_bytes() == bad   # the 10 earlier results are still there to be recovered

def test_missing_results_file_is_empty(tmp_path):
    from mnist_basics.results import load_results, record_result
    p = tmp_path/'results.json'
    assert load_results(p) == {}
    record_result('a', 0.5, 1, path=p); assert list(load_results(p)) == ['a']

@pytest.fixture
def course_copy(tmp_path):
    "A copy of the files `nbtools.py results` rewrites (nbs/index.ipynb, README.md), with nbtools itself"
    d = tmp_path/'course'
    (d/'tools').mkdir(parents=True); (d/'nbs').mkdir()
    shutil.copy(ROOT/'tools'/'nbtools.py', d/'tools')
    shutil.copy(ROOT/'nbs'/'index.ipynb', d/'nbs'); shutil.copy(ROOT/'README.md', d)
    return d

def nbtools_results(course:Path, *args):
    env = {**os.environ, 'PYTHONPATH': str(ROOT)}
    return subprocess.run([sys.executable, str(course/'tools'/'nbtools.py'), 'results', *map(str, args)],
                          capture_output=True, text=True, cwd=course, env=env, timeout=300)

def snapshot(course:Path)->dict: return {p: p.read_bytes() for p in (course/'nbs'/'index.ipynb', course/'README.md')}

def rows_in_index(course:Path)->int:
    sys.path.insert(0, str(ROOT/'tools')); import nbtools
    return max(nbtools.block_rows(nbtools.src(c), 'results') for c in nbtools.read(course/'nbs'/'index.ipynb')['cells'])

@pytest.mark.parametrize('kind', ['missing', 'truncated', 'merge conflict', 'not a mapping', 'far fewer rows'])
def test_nbtools_results_refuses_and_rewrites_nothing(tmp_path, course_copy, kind):
    n = rows_in_index(course_copy); assert n >= 10, n   # the table the course ships
    p = tmp_path/'results.json'
    if kind == 'far fewer rows': fill(p, 3)
    elif kind != 'missing': fill(p, n); p.write_bytes(damaged(p.read_bytes())[kind])
    before = snapshot(course_copy)
    r = nbtools_results(course_copy, p)
    assert r.returncode != 0, r.stdout + r.stderr
    assert str(p) in r.stderr and 'nothing was' in r.stderr.lower(), r.stderr
    if kind == 'far fewer rows': assert f'holds 3 results' in r.stderr and '--allow-fewer' in r.stderr, r.stderr
    assert snapshot(course_copy) == before

def test_nbtools_results_writes_a_good_table(tmp_path, course_copy):
    "The same command accepts a full results file, and a short one when told to"
    n = rows_in_index(course_copy)
    p = tmp_path/'results.json'; fill(p, n)
    r = nbtools_results(course_copy, p); assert r.returncode == 0, r.stderr
    assert rows_in_index(course_copy) == n and '| approach_0 |' in (course_copy/'README.md').read_text()
    q = tmp_path/'short.json'; fill(q, 2)
    r = nbtools_results(course_copy, q, '--allow-fewer'); assert r.returncode == 0, r.stderr
    assert rows_in_index(course_copy) == 2

# ---- item 2: cached models and tensors are checked ----------------------------------------------------------------

def flip_bit_in_member(f:Path, member_suffix:str, at:int=0, bit:int=6):
    "Flip one bit inside the stored (uncompressed) data of a zip member of `f`, as a failing disk or copy would"
    import zipfile
    with zipfile.ZipFile(f) as z:
        zi = next(i for i in z.infolist() if i.filename.endswith(member_suffix))
        assert zi.compress_type == zipfile.ZIP_STORED, zi
    b = bytearray(f.read_bytes())
    name_len, extra_len = int.from_bytes(b[zi.header_offset+26:zi.header_offset+28], 'little'), \
                          int.from_bytes(b[zi.header_offset+28:zi.header_offset+30], 'little')
    start = zi.header_offset + 30 + name_len + extra_len
    b[start + at] ^= 1 << bit; f.write_bytes(bytes(b))

@pytest.fixture
def fake_training(monkeypatch):
    "Training replaced by a seeded fresh `simple_net` (the cache is what is under test, not training): counts calls"
    import torch
    from types import SimpleNamespace as NS
    from mnist_basics import results
    calls = []
    def run_approach(key, path, seed=42, **kw):   # the model built as Approach.train builds it, with its settings
        a = results.APPROACHES[key]; sig = __import__('inspect').signature(a.model).parameters
        torch.manual_seed(seed); m = a.model(**{k: v for k, v in a.hparams.items() if k in sig}); calls.append(key)
        return dict(fit=NS(model=NS(model=m)))
    monkeypatch.setattr(results, 'run_approach', run_approach)
    return calls

def model_file(): return next(f for f in Path(os.environ['MNIST_BASICS_CACHE']).glob('simple_net-*.pt'))

def test_flipped_bit_in_cached_model_is_retrained(isolated, fake_training, capsys):
    import torch
    from mnist_basics import data as D
    from mnist_basics.cli import small_model
    p = D.write_embedded('mnist_sample', isolated/'d')
    good = {k: v.clone() for k, v in small_model(p).state_dict().items()}
    assert fake_training == ['simple_net_batches']
    f = model_file(); assert f.with_name(f.name+'.sha256').exists()
    small_model(p); assert len(fake_training) == 1   # served from the cache
    assert 'note' not in capsys.readouterr().err
    last = sorted(n for n in __import__('zipfile').ZipFile(f).namelist() if '/data/' in n)[-1]
    flip_bit_in_member(f, last[last.index('/data/'):], at=3)   # the exponent of one weight
    loaded = torch.load(f, weights_only=True)   # the damage: torch itself does not notice it
    assert any(not torch.equal(loaded[k], good[k]) for k in good)
    m = small_model(p)
    assert len(fake_training) == 2, 'a damaged cached model was trusted'
    err = capsys.readouterr().err
    assert f'{f} does not match its SHA-256 checksum' in err and len(err.strip().splitlines()) == 1, err
    assert all(torch.equal(m.state_dict()[k], good[k]) for k in good)
    small_model(p); assert len(fake_training) == 2   # the rebuilt cache is trusted again
    f.with_name(f.name+'.sha256').unlink()           # a model cached without a checksum (older versions)
    small_model(p); assert len(fake_training) == 3 and 'has no checksum' in capsys.readouterr().err
    small_model(p, retrain=True); assert len(fake_training) == 4

def test_cli_retrain_flag(isolated, fake_training, capsys):
    from mnist_basics import data as D
    from mnist_basics.cli import main
    img = sorted((D.mnist_path()/'valid'/'3').iterdir())[0]
    assert main(['predict', str(img)]) == 0 and main(['predict', str(img)]) == 0 and len(fake_training) == 1
    assert 'does not fit' not in capsys.readouterr().err   # the ten-digit net (100 hidden units) loads from the cache
    assert main(['predict', '--retrain', str(img)]) == 0 and len(fake_training) == 2
    with pytest.raises(SystemExit): main(['predict', '--help'])
    assert '--retrain' in capsys.readouterr().out

def test_altered_cached_tensors_are_rebuilt(isolated, capsys):
    "A cache file altered into another well-formed one (right fingerprint and shape, other pixels) is not trusted"
    import io, numpy as np
    from mnist_basics import data as D
    p = D.write_embedded('mnist_sample', isolated/'d'); folder = p/'valid'/'3'
    a = D.load_folder(folder, progress=False); cf = D._cache_file(folder)
    with np.load(cf) as z: sig, imgs = z['sig'], z['images'].copy()
    imgs[0, 14, 14] ^= 0x80
    buf = io.BytesIO(); np.savez(buf, images=imgs, sig=sig); cf.write_bytes(buf.getvalue())
    with np.load(cf) as z: assert str(z['sig']) == str(sig) and z['images'].shape == a.shape   # passes the old check
    capsys.readouterr()
    np.testing.assert_array_equal(D.load_folder(folder, progress=False), a)
    assert f'{cf} does not match its SHA-256 checksum' in capsys.readouterr().err
    with np.load(cf) as z: np.testing.assert_array_equal(z['images'], a)   # rewritten properly
    flip_bit_in_member(cf, 'images.npy', at=200, bit=7)   # a flipped bit: numpy's zip CRC sees it, the checksum too
    np.testing.assert_array_equal(D.load_folder(folder, progress=False), a)
    assert 'does not match its SHA-256 checksum' in capsys.readouterr().err

# ---- item 7: a cache folder that cannot be written ----------------------------------------------------------------
# Tests run as root, for whom chmod does not stop writes: the unwritable folder is one under a regular file.

@pytest.fixture
def fresh_note(monkeypatch):
    from mnist_basics import core
    monkeypatch.setattr(core, '_no_cache_noted', [], raising=False)

def no_cache_notes(err:str)->list: return [l for l in err.splitlines() if 'cannot use the cache folder' in l]

def test_unwritable_cache_works_without_it(isolated, fresh_note, fake_training, monkeypatch, capsys):
    from mnist_basics import data as D
    from mnist_basics.cli import main
    p = D.mnist_path(); (isolated/'afile').write_text('x')
    monkeypatch.setenv('MNIST_BASICS_CACHE', str(isolated/'afile'/'cache'))
    capsys.readouterr()
    t = D.load_digit_tensors(p, 'valid', progress=False); D.load_digit_tensors(p, 'train', progress=False)
    assert {d: len(v) for d, v in t.items()} == {3: 147, 7: 153}
    img = sorted((p/'valid'/'3').iterdir())[0]
    assert main(['predict', str(img)]) == 0
    notes = no_cache_notes(capsys.readouterr().err)
    assert len(notes) == 1, notes   # said once, however many cache files were skipped
    assert str(isolated/'afile') in notes[0] and 'MNIST_BASICS_CACHE' in notes[0] and 'FASTAI_HOME' in notes[0]

def test_no_home_at_all(isolated, fresh_note, monkeypatch, capsys):
    "Path.home() fails (HOME unset and no passwd entry, as in some containers): loading still works"
    from mnist_basics import data as D
    p = D.mnist_path()
    monkeypatch.delenv('MNIST_BASICS_CACHE')
    def no_home(cls): raise RuntimeError('Could not determine home directory.')
    monkeypatch.setattr(Path, 'home', classmethod(no_home))
    capsys.readouterr()
    assert len(D.load_digit_tensors(p, 'valid', progress=False)[3]) == 147
    notes = no_cache_notes(capsys.readouterr().err)
    assert len(notes) == 1 and 'set MNIST_BASICS_CACHE' in notes[0], notes

def test_unwritable_home_subprocess(tmp_path):
    "HOME a regular file (nothing can be written under it), the dataset folder elsewhere: exit 0, one note"
    (tmp_path/'home').write_text('not a folder')
    env = {k: v for k, v in os.environ.items() if not k.startswith(('MNIST_BASICS', 'FASTAI'))}
    env.update(HOME=str(tmp_path/'home'), FASTAI_HOME=str(tmp_path/'fastai'), MNIST_BASICS_OFFLINE='1')
    code = ("from mnist_basics.data import mnist_path, load_digit_tensors; p = mnist_path(); "
            "t = load_digit_tensors(p, 'train', progress=False); print(len(t[3]), len(t[7]))")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr
    notes = no_cache_notes(r.stderr)
    assert len(notes) == 1 and str(tmp_path/'home') in notes[0], r.stderr

def test_unwritable_dataset_folder_is_a_clear_error(isolated, monkeypatch):
    "The datasets are not a cache: an unwritable FASTAI_HOME is an error that says which variable to set"
    from mnist_basics import data as D
    (isolated/'afile').write_text('x'); monkeypatch.setenv('FASTAI_HOME', str(isolated/'afile'/'fastai'))
    with pytest.raises(D.MnistDataError, match='set FASTAI_HOME to a writable folder') as e: D.mnist_path()
    assert str(isolated/'afile'/'fastai') in str(e.value)

# Item 3: an image's size is checked from its header, before anything is decoded
def png_bytes(w:int, h:int, raw:bytes=b'', depth:int=8, color:int=0)->bytes:
    "A PNG whose IHDR says `w` x `h`, holding `raw` (filter bytes and pixels) deflated: the header may lie"
    import struct, zlib
    def chunk(typ, data): return struct.pack('>I', len(data)) + typ + data + struct.pack('>I', zlib.crc32(typ + data))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, color, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))

@pytest.mark.parametrize('side', [13_300, 30_000])
def test_huge_image_is_refused_before_decoding(tmp_path, side):
    from mnist_basics.data import MnistDataError, MAX_PIXELS, read_digit
    from mnist_basics.playground import read_grey, read_digit_image
    f = tmp_path/f'bomb{side}.png'; f.write_bytes(png_bytes(side, side, b'\0' * 1000))   # 1 KB claiming side² px
    assert f.stat().st_size < 2000 and side * side > MAX_PIXELS
    for read in (read_grey, read_digit_image, read_digit):
        with pytest.raises(MnistDataError) as e: read(f)
        msg = str(e.value)
        assert str(f) in msg and f'{side*side:,} pixels' in msg and f'{MAX_PIXELS:,}' in msg, msg

def test_phone_photo_size_passes(tmp_path):
    from mnist_basics.data import open_image, too_large
    assert too_large('photo.jpg', 4032, 3024) is None and too_large('x', 4032, 3024, limit=10**6) is not None
    f = tmp_path/'photo.png'; f.write_bytes(png_bytes(4032, 3024))
    with open_image(f) as im: assert im.size == (4032, 3024)   # opened: only the header was read

def test_fast_decoder_caps_inflated_data(tmp_path):
    import tracemalloc
    from mnist_basics.data import MnistDataError, read_digit
    f = tmp_path/'inflates.png'; f.write_bytes(png_bytes(28, 28, b'\0' * 200_000_000))   # 200 MB from ~200 KB
    assert f.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        with pytest.raises(MnistDataError, match='inflates to more than its 28x28 header'): read_digit(f)
        peak = tracemalloc.get_traced_memory()[1]
    finally: tracemalloc.stop()
    assert peak < 20_000_000, f'{peak:,} bytes allocated to read a 28x28 image'
    ok = tmp_path/'ok.png'; ok.write_bytes(png_bytes(28, 28, b'\0' * (28*29)))
    assert read_digit(ok).shape == (28, 28)

def test_cli_huge_image_is_one_line_exit_2(isolated, capsys):
    from mnist_basics.cli import main
    f = isolated/'bomb.png'; f.write_bytes(png_bytes(30_000, 30_000, b'\0' * 1000))
    assert main(['predict', str(f)]) == 2
    cap = capsys.readouterr()
    assert cap.out == '' and len(cap.err.strip().splitlines()) == 1, cap.err
    assert cap.err.startswith(f'mnist-basics: error: {f}: ') and '900,000,000 pixels' in cap.err, cap.err
    assert 'over the limit of 40,000,000' in cap.err and 'Bomb' not in cap.err

def digit_files(folder:Path, n:int)->list:
    "`n` embedded MNIST digits written as PNGs, some blown up to photo size (dark on light) so they are prepared"
    from PIL import Image
    from mnist_basics.data import embedded_digits
    imgs, _ = embedded_digits(); folder.mkdir(exist_ok=True); files = []
    for i in range(n):
        im = Image.fromarray(imgs[i]) if i % 2 else Image.fromarray(255 - imgs[i]).resize((90, 90))
        im.save(f := folder/f'{i}.png'); files.append(f)
    return files

def test_prediction_in_chunks_equals_all_at_once(isolated, fake_training, monkeypatch, capsys):
    from mnist_basics import cli, playground
    files = digit_files(isolated/'imgs', 7)
    model = cli.small_model(isolated)   # fake training: a seeded fresh simple_net
    whole = cli.predict_files(files, model, chunk=100)
    assert cli.predict_files(files, model, chunk=3) == whole
    import weakref
    live, most, read_grey = [0], [0], playground.read_grey
    def counting(f):   # how many decoded pictures are alive at once
        g = read_grey(f); live[0] += 1; most[0] = max(most[0], live[0])
        weakref.finalize(g, lambda: live.__setitem__(0, live[0] - 1)); return g
    monkeypatch.setattr(playground, 'read_grey', counting)
    got = cli._predict_cmd(files, chunk=3, three_seven=True)
    assert most[0] == 1, f'{most[0]} of 7 decoded pictures held at once'
    assert [(n, l, round(c, 5)) for n, l, c in got] == [(n, l, round(c, 5)) for n, l, c in whole]
    assert cli._predict_cmd(files, chunk=100, three_seven=True) == got
    ten = cli._predict_cmd(files, chunk=3)   # the default: the ten-digit model, also in chunks
    assert ten == cli._predict_cmd(files, chunk=100) and len(ten) == 7

def test_unsure_answers_are_flagged(isolated, fake_training, capsys):
    "An untrained ten-digit net (fake training) is never confident: every answer is flagged unsure, and counted"
    from mnist_basics.cli import main, UNSURE_BELOW
    files = digit_files(isolated/'imgs', 3)
    assert main(['predict', *map(str, files)]) == 0
    out, err = capsys.readouterr()
    rows = [l.split('\t') for l in out.strip().splitlines()]
    assert [len(r) for r in rows] == [4, 4, 4] and all(float(r[2]) < UNSURE_BELOW and r[3] == 'unsure' for r in rows)
    assert f'3 of 3 answers are unsure (confidence below {UNSURE_BELOW})' in err
    assert fake_training == ['ten_two_layer_batches']
    assert main(['predict', '--three-seven', str(files[0])]) == 0 and fake_training[-1] == 'simple_net_batches'
    assert capsys.readouterr().out.split('\t')[1] in ('3', '7')

# Item 8: 16-bit grey and ink on a transparent background read as the equivalent 8-bit image
def ink_of_a_three(side:int=90):
    "ink (0-1) of an embedded MNIST 3, blown up to `side`"
    from PIL import Image
    from mnist_basics.data import embedded_digits
    imgs, labels = embedded_digits()
    three = imgs[int(np.flatnonzero(labels == 3)[0])]
    return np.asarray(Image.fromarray(three).resize((side, side), Image.BILINEAR), np.float64) / 255



def test_sixteen_bit_grey_scan(tmp_path):
    from PIL import Image
    from mnist_basics.playground import read_digit_image
    ink = ink_of_a_three()
    paper16 = np.round(60000 - 40000 * ink).astype(np.uint16)        # ink 20000 on paper 60000
    Image.fromarray(paper16).save(f16 := tmp_path/'scan16.png')
    with Image.open(f16) as im: assert im.mode.startswith('I'), im.mode
    Image.fromarray(np.round(paper16 / 65535 * 255).astype(np.uint8)).save(f8 := tmp_path/'scan8.png')
    got, want = read_digit_image(f16), read_digit_image(f8)
    assert got.shape == (28, 28) and got.max() > 0.5
    assert np.abs(got - want).max() < 0.02

@pytest.mark.parametrize('mode', ['RGBA', 'LA', 'white-on-clear'])
def test_ink_on_transparent_background(tmp_path, mode):
    from PIL import Image
    from mnist_basics.playground import read_digit_image
    ink = ink_of_a_three(); a = np.round(255 * ink).astype(np.uint8); z = np.zeros_like(a)
    colour = np.full_like(a, 255) if mode == 'white-on-clear' else z
    if mode == 'LA': img = Image.fromarray(np.dstack([colour, a]), 'LA')
    else: img = Image.fromarray(np.dstack([colour, colour, colour, a]), 'RGBA')
    img.save(f := tmp_path/f'{mode}.png')
    Image.fromarray(255 - a).save(f8 := tmp_path/'paper.png')          # the same ink on white paper
    got, want = read_digit_image(f), read_digit_image(f8)
    assert np.abs(got - want).max() < 0.02

# Item 9 (CLI): names cannot forge result lines, and a stdout that cannot encode them does not stop the run
def test_cli_names_with_control_characters(isolated, fake_training, capsys):
    from mnist_basics.cli import main
    src = digit_files(isolated/'imgs', 2)
    forged = isolated/'a\n7\t1.0000\nb\t.png'; forged.write_bytes(src[1].read_bytes())
    assert main(['predict', str(src[1]), str(forged)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f'{src[1]}\t'), lines     # a normal name is unchanged
    assert lines[1].startswith(str(isolated) + '/a\\n7\\t1.0000\\nb\\t.png\t'), lines

def test_cli_strict_ascii_stdout_does_not_stop(isolated, fake_training, monkeypatch, capsys):
    import io
    from mnist_basics.cli import main
    src = digit_files(isolated/'imgs', 2)
    names = [isolated/'trois-é.png', isolated/'sept-ü.png', src[1]]
    for n in names[:2]: n.write_bytes(src[1].read_bytes())
    out = io.TextIOWrapper(io.BytesIO(), encoding='ascii', errors='strict', newline='\n')
    monkeypatch.setattr(sys, 'stdout', out)
    assert main(['predict', *map(str, names)]) == 0
    out.flush(); lines = out.buffer.getvalue().decode('ascii').splitlines()
    assert len(lines) == 3 and lines[0].startswith(f'{isolated}/trois-\\xe9.png\t'), lines
    assert lines[1].startswith(f'{isolated}/sept-\\xfc.png\t') and lines[2].startswith(f'{src[1]}\t'), lines

# --- item 5: unpacking normalises modes and owners on every Python the package supports ---

def _hostile_modes_archive(tmp_path):
    "An archive whose members ask for setuid root-style modes, a world-writable folder and a stranger's uid"
    import tarfile, io
    arc = tmp_path/'modes.tgz'
    with tarfile.open(arc, 'w:gz') as tf:
        def add(name, mode, data=None):
            ti = tarfile.TarInfo(name); ti.mode, ti.uid, ti.gid, ti.uname, ti.gname = mode, 4242, 4242, 'x', 'x'
            if data is None: ti.type = tarfile.DIRTYPE; tf.addfile(ti)
            else: ti.size = len(data); tf.addfile(ti, io.BytesIO(data))
        add('mnist_sample', 0o777); add('mnist_sample/open', 0o777)
        add('mnist_sample/open/run', 0o4755, b'#!/bin/sh\n'); add('mnist_sample/sticky', 0o1777)
    return arc

@pytest.mark.parametrize('with_data_filter', [True, False])
def test_extract_normalises_modes_and_owners(tmp_path, monkeypatch, with_data_filter):
    import tarfile, stat
    from mnist_basics.data import safe_extract
    if not with_data_filter: monkeypatch.delattr(tarfile, 'data_filter', raising=False)   # as on Python < 3.11.4
    elif not hasattr(tarfile, 'data_filter'): pytest.skip("this Python's tarfile has no 'data' filter")
    out = safe_extract(_hostile_modes_archive(tmp_path), tmp_path/'data')
    run, folder, sticky = out/'open'/'run', out/'open', out/'sticky'
    assert not run.stat().st_mode & (stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX), oct(run.stat().st_mode)
    for p in (run, folder, sticky):
        assert not p.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH), (p.name, oct(p.stat().st_mode))
        assert p.stat().st_uid == os.getuid() and p.stat().st_gid == os.getgid(), (p.name, p.stat().st_uid)
    assert not sticky.stat().st_mode & stat.S_ISVTX
    assert run.read_bytes() == b'#!/bin/sh\n'

# --- item 9: atomic writes give files the permissions a plain open(..., 'w') would ---

@pytest.mark.parametrize('umask,mode', [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_atomic_write_follows_the_umask(tmp_path, umask, mode):
    import stat
    from mnist_basics.core import atomic_write_bytes, write_cache
    old = os.umask(umask)
    try:
        p = atomic_write_bytes(tmp_path/'new.json', b'{}')
        plain = tmp_path/'plain.json'; plain.write_bytes(b'{}')   # what open(..., 'w') gives, for comparison
        c = write_cache(tmp_path/'cache'/'x.npz', b'data')
    finally: os.umask(old)
    assert stat.S_IMODE(p.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode) == mode, oct(p.stat().st_mode)
    assert stat.S_IMODE(c.stat().st_mode) == mode and stat.S_IMODE(Path(f'{c}.sha256').stat().st_mode) == mode
    assert p.read_bytes() == b'{}' and sorted(o.name for o in tmp_path.iterdir()) == ['cache', 'new.json', 'plain.json']

def test_atomic_write_keeps_an_existing_files_mode(tmp_path):
    import stat
    from mnist_basics.core import atomic_write_bytes
    p = tmp_path/'results.json'; p.write_bytes(b'old'); p.chmod(0o640)
    atomic_write_bytes(p, b'new')
    assert p.read_bytes() == b'new' and stat.S_IMODE(p.stat().st_mode) == 0o640
