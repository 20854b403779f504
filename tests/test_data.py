"Data layer: archives, embedded fallback, cache, bad input, concurrency."
import io, os, subprocess, sys, tarfile, multiprocessing as mp
from pathlib import Path
import numpy as np, pytest
from PIL import Image
from conftest import ROOT
from mnist_basics import data as D
from mnist_basics.data import MnistDataError

def small_sample_tgz(dest:Path)->Path:
    "A small mnist_sample.tgz (same layout as fastai's) built from the embedded digits"
    src = D.write_embedded('mnist_sample', dest/'build')
    out = dest/'archives'; out.mkdir(parents=True, exist_ok=True)
    with tarfile.open(out/'mnist_sample.tgz', 'w:gz') as tf: tf.add(src, arcname='mnist_sample')
    return out

def test_import_is_light():
    "import mnist_basics.data pulls in neither torch nor fastai"
    code = "import sys, mnist_basics.data; print(sorted(m for m in ('torch','fastai') if m in sys.modules))"
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == '[]'

def test_embedded_fallback_warns(isolated, capsys):
    p = D.mnist_path()
    assert p.name == 'mnist_sample_embedded' and D.is_embedded(p)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith('WARNING:') and 'embedded' in err[0] and 'differ' in err[0]
    t = D.load_digit_tensors(p, 'valid', progress=False)
    assert {d: len(v) for d, v in t.items()} == {3: 147, 7: 153}
    full = D.mnist_path('mnist_png')
    assert sorted(o.name for o in (full/'training').iterdir()) == [str(d) for d in range(10)]

def test_embedded_fallback_subprocess_empty_home(tmp_path):
    "HOME an empty folder, no archive variable: the loaders fall back to the embedded data with one warning"
    env = {k: v for k, v in os.environ.items() if not k.startswith(('MNIST_BASICS', 'FASTAI'))}
    env.update(HOME=str(tmp_path), MNIST_BASICS_OFFLINE='1')
    code = ("from mnist_basics.data import mnist_path, load_digit_tensors; p = mnist_path(); "
            "t = load_digit_tensors(p, 'train', progress=False); print(p.name, len(t[3]), len(t[7]))")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ['mnist_sample_embedded', '885', '917']
    warnings = [l for l in r.stderr.splitlines() if l.startswith('WARNING')]
    assert len(warnings) == 1 and 'embedded 10k-digit MNIST subset' in warnings[0]

def test_embedded_warning_once_per_process(isolated, capsys):
    "A lesson may ask for the data several times: the warning comes once, not on every call"
    for _ in range(3): p = D.mnist_path()
    warnings = [l for l in capsys.readouterr().err.splitlines() if l.startswith('WARNING')]
    assert D.is_embedded(p) and len(warnings) == 1, warnings

def test_failed_download_leaves_no_progress_debris(isolated, monkeypatch, capsys):
    "A download that fails part-way prints no half-drawn progress bar: only the warning, on a line of its own"
    import fastai.data.external as fe
    def failing(url, *a, **k): print('\u2588\r', end=''); raise ConnectionError('no network')
    monkeypatch.setattr(fe, 'untar_data', failing)
    p = D.mnist_path(offline=False)
    out, err = capsys.readouterr()
    assert D.is_embedded(p) and out == '' and err.startswith('WARNING:'), (out, err)
    assert 'download failed: ConnectionError' in err and '\u2588' not in err

def test_archive_is_used_and_untar_data_finds_it(isolated):
    arch = small_sample_tgz(isolated)
    p = D.mnist_path(archive_dir=arch)
    assert p == D.fastai_data_dir()/'mnist_sample' and (p/'labels.csv').exists()
    from fastai.data.external import untar_data, URLs
    assert untar_data(URLs.MNIST_SAMPLE) == p   # the book's call, no download
    assert not [o for o in p.parent.iterdir() if o.name.startswith('.')]  # no temp folders left

def test_no_data_at_all_is_a_clear_error(isolated):
    with pytest.raises(MnistDataError, match='MNIST_BASICS_ARCHIVES'): D.mnist_path(embedded=False)

def test_missing_embedded_asset(isolated, monkeypatch, tmp_path):
    import importlib.resources as ir
    monkeypatch.setattr(ir, 'files', lambda pkg: tmp_path/'nowhere')
    with pytest.raises(MnistDataError, match='embedded data missing.*Reinstall'): D.embedded_digits()

def test_missing_dataset_and_class_folders(isolated, tmp_path):
    with pytest.raises(MnistDataError, match='dataset folder missing'): D.load_digit_tensors(tmp_path/'nope')
    (tmp_path/'ds'/'train'/'3').mkdir(parents=True)
    with pytest.raises(MnistDataError, match=r"class folder missing: .*train/7 \(.*holds \['3'\]"):
        D.load_digit_tensors(tmp_path/'ds', 'train', (7,))
    with pytest.raises(MnistDataError, match='holds no .png'): D.load_digit_tensors(tmp_path/'ds', 'train', (3,))

@pytest.mark.parametrize('kind,msg', [('truncated', 'not a readable image'), ('text', 'not a readable image'),
                                      ('rgb', "mode 'RGB'"), ('size', 'found 20x28'), ('rgba', "mode 'RGBA'")])
def test_bad_images_name_the_file(isolated, tmp_path, kind, msg):
    folder = tmp_path/'ds'/'train'/'3'; folder.mkdir(parents=True)
    imgs, _ = D.embedded_digits()
    Image.fromarray(imgs[0]).save(folder/'0.png')
    bad = folder/'bad.png'
    if kind == 'truncated':
        buf = io.BytesIO(); Image.fromarray(imgs[1]).save(buf, format='PNG'); bad.write_bytes(buf.getvalue()[:50])
    elif kind == 'text': bad.write_text('not an image')
    elif kind == 'rgb': Image.new('RGB', (28, 28)).save(bad)
    elif kind == 'rgba': Image.new('RGBA', (28, 28)).save(bad)
    elif kind == 'size': Image.new('L', (20, 28)).save(bad)
    with pytest.raises(MnistDataError, match=msg) as e: D.load_digit_tensors(tmp_path/'ds', 'train', (3,), progress=False)
    assert 'bad.png' in str(e.value)
    assert not list((tmp_path/'cache').glob('tensors/*.npz'))  # nothing cached from a failed load

def test_unsafe_archive_refused(isolated, tmp_path):
    arch = tmp_path/'arch'; arch.mkdir()
    with tarfile.open(arch/'mnist_sample.tgz', 'w:gz') as tf:
        ti = tarfile.TarInfo('mnist_sample/../../escape.txt'); ti.size = 1; tf.addfile(ti, io.BytesIO(b'x'))
    with pytest.raises(MnistDataError, match='unsafe member'): D.mnist_path(archive_dir=arch)
    assert not (D.fastai_data_dir()/'mnist_sample').exists()
    assert not (tmp_path/'escape.txt').exists()

def test_corrupt_cache_is_rebuilt(isolated):
    p = D.write_embedded('mnist_sample', isolated/'d')
    a = D.load_folder(p/'valid'/'3', progress=False)
    cf = D._cache_file(p/'valid'/'3'); cf.write_bytes(b'garbage')
    np.testing.assert_array_equal(D.load_folder(p/'valid'/'3', progress=False), a)
    with np.load(cf) as z: assert z['images'].shape == a.shape  # rewritten properly

def test_fast_decoder_matches_pil():
    "Our zlib fast path and PIL give the same pixels on real MNIST_SAMPLE files"
    p = Path(os.environ.get('MNIST_BASICS_ARCHIVES') or ROOT.parent/'shared'/'data')/'mnist_sample.tgz'
    if not p.exists(): pytest.skip('real MNIST_SAMPLE archive not available')
    with tarfile.open(p) as tf:
        ms = [m for m in tf.getmembers() if m.name.startswith('mnist_sample/valid/7/')][:300]
        fast = 0
        for m in ms:
            b = tf.extractfile(m).read(); px = D._fast_png28(b); fast += px is not None
            np.testing.assert_array_equal(px if px is not None else 0, np.asarray(Image.open(io.BytesIO(b))))
    assert fast == len(ms)

def _load_in_child(args):
    home, cache, arch, barrier = args
    barrier.wait(timeout=60)  # both workers start together
    os.environ.update(FASTAI_HOME=home, MNIST_BASICS_CACHE=cache, MNIST_BASICS_ARCHIVES=arch, MNIST_BASICS_OFFLINE='1')
    from fastai.data.external import fastai_cfg; fastai_cfg.cache_clear()
    p = D.mnist_path()
    t = D.load_digit_tensors(p, 'train', progress=False); v = D.load_digit_tensors(p, 'valid', progress=False)
    return p.name, [tuple(x.shape) for x in (*t.values(), *v.values())], float(sum(x.sum() for x in (*t.values(), *v.values())))

def test_concurrent_loaders_fresh_folder_20_times(isolated):
    arch = small_sample_tgz(isolated)
    ctx = mp.get_context('spawn')  # fork after torch has started threads can deadlock
    with ctx.Manager() as m, ctx.Pool(2) as pool:
        barrier = m.Barrier(2)
        for i in range(20):
            home, cache = isolated/f'h{i}', isolated/f'c{i}'
            a, b = pool.map(_load_in_child, [(str(home), str(cache), str(arch), barrier)]*2, chunksize=1)
            assert a == b, f'run {i}: {a} != {b}'
            assert a[0] == 'mnist_sample' and a[1] == [(885, 28, 28), (917, 28, 28), (147, 28, 28), (153, 28, 28)]
            data = home/'data'
            assert sorted(o.name for o in data.iterdir()) == ['mnist_sample'], list(data.iterdir())
            assert len(list((cache/'tensors').glob('*.npz'))) == 4
            assert not list((cache/'tensors').glob('.*'))  # no temp files left

def test_killed_unpack_leftovers_are_removed(isolated):
    "Hidden unpacking folders left by a kill -9 are removed on the next unpack; a live process's is kept (issue 24 item 9)"
    from filelock import FileLock
    arch = small_sample_tgz(isolated); data = D.fastai_data_dir(); data.mkdir(parents=True, exist_ok=True)
    for d in ('.mnist_sample.dead', '.mnist_sample.old', '.mnist_sample.live', '.mnist_sample_embedded.dead'):
        (data/d/'mnist_sample'/'train').mkdir(parents=True); (data/d/'.lock').touch()
    (data/'.mnist_sample.old'/'.lock').unlink(); os.utime(data/'.mnist_sample.old', (0, 0))  # no lock, years old
    with FileLock(str(data/'.mnist_sample.live'/'.lock')):   # another process still unpacking
        p = D.mnist_path(archive_dir=arch)
    assert sorted(o.name for o in data.iterdir()) == ['.mnist_sample.live', '.mnist_sample_embedded.dead', 'mnist_sample']
    assert [len(v) for v in D.load_digit_tensors(p, 'valid', progress=False).values()] == [147, 153]
    D.write_embedded('mnist_sample', data)
    assert sorted(o.name for o in data.iterdir()) == ['.mnist_sample.live', 'mnist_sample', 'mnist_sample_embedded']

def _sample_archive_with(dest:Path, change)->Path:
    "A small mnist_sample.tgz like small_sample_tgz's, with `change(folder)` applied to its files first"
    import shutil
    src = D.write_embedded('mnist_sample', dest/'build'); work = dest/'work'/'mnist_sample'
    shutil.copytree(src, work); change(work)
    out = dest/'bad'; out.mkdir(parents=True, exist_ok=True)
    with tarfile.open(out/'mnist_sample.tgz', 'w:gz') as tf: tf.add(work, arcname='mnist_sample')
    return out

def _wrong_sizes(folder:Path):
    for f in sorted((folder/'valid'/'7').iterdir())[:3]: Image.new('L', (32, 32), 255).save(f)

def _incomplete(folder:Path):
    import shutil; shutil.rmtree(folder/'valid'/'7')

@pytest.mark.parametrize('change,problem', [(_wrong_sizes, r'valid/7/\S+\.png is 32x32, not 28x28'),
                                            (_incomplete, 'class folder valid/7 is missing')])
def test_broken_archive_is_refused_and_does_not_stick(isolated, change, problem):
    "An archive that unpacks to a broken dataset: a clear error naming it; then the right archive works (issue 24 item 6)"
    bad, good = _sample_archive_with(isolated, change), small_sample_tgz(isolated)
    with pytest.raises(MnistDataError, match=rf'{bad}/mnist_sample.tgz gives a mnist_sample folder that fails its check \({problem}\)'):
        D.mnist_path(archive_dir=bad)
    data = D.fastai_data_dir()
    assert not (data/'mnist_sample').exists() and len(list(data.glob('mnist_sample.broken-*'))) == 1
    p = D.mnist_path(archive_dir=good)   # before: the broken folder stayed and this failed the same way
    assert p == data/'mnist_sample' and D.dataset_problem(p) is None
    assert [len(v) for v in D.load_digit_tensors(p, 'valid', progress=False).values()] == [147, 153]

@pytest.mark.parametrize('damage', ['missing_folder', 'missing_file', 'wrong_size', 'link_to_data_folder'])
def test_broken_dataset_folder_is_moved_aside_and_unpacked_again(isolated, damage, capsys):
    "A dataset folder already there but broken is moved aside, with a notice, and unpacked afresh (issue 24 item 6)"
    import shutil
    arch = small_sample_tgz(isolated); p = D.mnist_path(archive_dir=arch); data = p.parent
    if damage == 'missing_folder': shutil.rmtree(p/'train'/'3')
    elif damage == 'missing_file': next((p/'valid'/'3').iterdir()).unlink()
    elif damage == 'wrong_size': Image.new('L', (28, 20)).save(sorted((p/'train'/'7').iterdir())[0])
    else: shutil.rmtree(p); p.symlink_to('.')   # what a hostile archive's `mnist_sample -> .` used to leave
    assert D.dataset_problem(p) is not None
    capsys.readouterr()
    assert D.mnist_path(archive_dir=arch) == p and D.dataset_problem(p) is None and not p.is_symlink()
    err = capsys.readouterr().err
    assert f'{p} failed its check' in err and 'moved it aside to mnist_sample.broken-' in err, err
    assert len(list(data.glob('mnist_sample.broken-*'))) == 1
    assert [len(v) for v in D.load_digit_tensors(p, 'train', progress=False).values()] == [885, 917]

def test_archive_whose_top_level_is_a_link_is_refused(isolated, tmp_path):
    "`mnist_sample -> .` as the archive's top level used to be unpacked as a link to the data folder (issue 24 item 6)"
    arch = tmp_path/'arch'; arch.mkdir()
    with tarfile.open(arch/'mnist_sample.tgz', 'w:gz') as tf:
        ti = tarfile.TarInfo('mnist_sample'); ti.type = tarfile.SYMTYPE; ti.linkname = '.'; tf.addfile(ti)
    with pytest.raises(MnistDataError, match="top-level 'mnist_sample' is not a folder"): D.mnist_path(archive_dir=arch)
    assert not os.path.lexists(D.fastai_data_dir()/'mnist_sample')

def test_broken_embedded_folder_is_written_again(isolated, capsys):
    "The embedded fallback's own folder is checked too: a damaged one is moved aside and written afresh"
    p = D.mnist_path(); next((p/'train'/'7').iterdir()).unlink()
    capsys.readouterr()
    assert D.mnist_path() == p and D.dataset_problem(p) is None
    assert 'failed its check (train/7 holds 916 images where its labels.csv lists 917)' in capsys.readouterr().err

def test_checking_a_full_size_folder_is_quick(isolated):
    "The check runs on every mnist_path call: it reads file names and three headers per class folder, not images"
    import time
    p = D.write_embedded('mnist_png', isolated/'d')
    t = time.perf_counter(); assert D.dataset_problem(p) is None; dt = time.perf_counter() - t
    assert dt < 2, dt   # generous: a correctness guard against decoding every image, not a timing test
