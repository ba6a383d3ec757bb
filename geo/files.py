"""Writing files whole or not at all: one file, or several as one change."""
from __future__ import annotations

import os
import secrets
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# Every file this process has replaced or created here, in order: what a Ctrl-C message may truly
# say was written before it came (the command line's "no file was changed" only when this is empty).
CHANGED: list[Path] = []


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to a temporary file beside `path`, then rename it over `path`.

    A full disk, a Ctrl-C or a crash part-way leaves any existing file as it was and no temporary
    file behind; readers see either the old file or the new one, never half of it. A path that is
    a device or a pipe (/dev/stdout, a FIFO) is written to directly: renaming would replace it.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        path.write_bytes(content)
        return
    temporary = _staged(path, content)
    try:
        with _interrupts_held():
            os.replace(temporary, path)
            CHANGED.append(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class NotPutBack(OSError):
    """A write failed part-way and some old files could not be put back (each is kept beside its
    target, and the message names it): unlike any other failure here, files were changed."""


@contextmanager
def _interrupts_held() -> Iterator[Callable[[], bool]]:
    """Ctrl-C held back for a few renames: it stays pending, and is raised when released. Yields a
    test of whether one came meanwhile. Only the main thread receives Python's signals."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield lambda: signal.SIGINT in signal.sigpending()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _holds(path: Path, content: bytes) -> bool:
    return path.is_file() and path.stat().st_size == len(content) and path.read_bytes() == content


def _new_folders(folder: Path) -> list[Path]:
    """Make a folder and its missing parents; return those made, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir()
    return list(reversed(missing))


def _staged(path: Path, content: bytes) -> Path:
    """The new content in a temporary file beside `path`, on disk, with the old file's mode."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _kept_aside(path: Path) -> Path | None:
    """The old file under a second name beside it (a hard link: no copy, and putting it back is one
    rename); None when there is no old file."""
    if not os.path.lexists(path):
        return None
    while True:
        aside = path.with_name(f".{path.name}.{secrets.token_hex(6)}.old")
        try:
            os.link(path, aside, follow_symlinks=False)
            return aside
        except FileExistsError:
            continue
        except OSError:
            if not path.is_file():
                raise
            return _staged(path, path.read_bytes())  # a file system without hard links: a copy will do


def _put_back(replaced: list[tuple[Path, Path | None]]) -> list[tuple[Path, Path | None]]:
    """Undo the renames done, last first; return those that could not be undone."""
    left = []
    for target, aside in reversed(replaced):
        try:
            if aside is None:
                target.unlink()
            else:
                os.replace(aside, target)
        except OSError:
            left.append((target, aside))
    return left


def write_together(files: dict[Path, bytes]) -> list[Path]:
    """Write several files as one change: every one of them, or none. Returns the files changed
    (one that already holds its new content is left alone).

    Each new content is written to a temporary file beside its target and each old file kept aside
    under a second name first, so a full disk, a read-only folder, a Ctrl-C or any error until then
    leaves every file as it was. The renames into place run with Ctrl-C held back; if a rename fails,
    or a Ctrl-C came meanwhile, the old files are put back before the error or the Ctrl-C is raised.
    An OSError names the target it concerns.
    """
    changed = {path: content for path, content in files.items() if not _holds(path, content)}
    made: list[Path] = []
    staged: list[tuple[Path, Path, Path | None]] = []  # target, its new content, its old file kept aside
    left: list[tuple[Path, Path | None]] = []
    done = False
    try:
        for target, content in changed.items():
            made += _new_folders(target.parent)
            temporary = _staged(target, content)
            try:
                staged.append((target, temporary, _kept_aside(target)))
            except BaseException:
                temporary.unlink()
                raise
        with _interrupts_held() as interrupted:
            replaced: list[tuple[Path, Path | None]] = []
            try:
                for target, temporary, aside in staged:
                    os.replace(temporary, target)
                    replaced.append((target, aside))
                if interrupted():
                    raise KeyboardInterrupt
            except BaseException as exc:
                left = _put_back(replaced)
                if left:
                    raise NotPutBack(f"could not undo the write of {', '.join(str(path) for path, _ in left)} "
                                     "(an old file is kept beside its target, under a hidden name)") from exc
                raise
            CHANGED.extend(path for path, _ in replaced)
            done = True
    except OSError as exc:
        if isinstance(exc, NotPutBack):
            raise
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    finally:
        for _, temporary, aside in staged:
            temporary.unlink(missing_ok=True)
            if aside is not None and aside not in {kept for _, kept in left}:
                aside.unlink(missing_ok=True)
        for folder in [] if done else reversed(made):
            try:
                folder.rmdir()
            except OSError:  # something else was put there meanwhile: it stays
                pass
    return list(changed)
