"""Writing files whole or not at all."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to a temporary file beside `path`, then rename it over `path`.

    A full disk, a Ctrl-C or a crash part-way leaves any existing file as it was and no temporary
    file behind; readers see either the old file or the new one, never half of it. A path that is
    a device or a pipe (/dev/stdout, a FIFO) is written to directly: renaming would replace it.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG | 0o644
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        path.write_bytes(content)
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(mode))  # mkstemp makes 0600; keep the old file's mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
