"""Writing files: atomically, so that a killed run never leaves a truncated file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import PolicydiffError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], *, what: str = "the report") -> Iterator[str]:
    """A temporary file in ``path``'s folder to write ``path``'s new content to (streaming is fine): once the
    block ends it is synced and renamed to ``path``; if the block fails it is removed.

    The file at ``path`` is either the old one or the complete new one, never a part: a full disk, an
    error, Ctrl-C or a kill while writing leaves the old file (or none) and no temporary file behind (a
    kill -9 may leave the hidden ``.NAME.*.tmp``, never a truncated ``NAME``). An ``OSError`` becomes a
    :class:`PolicydiffError` naming ``path`` and ``what`` ('the report', 'the baseline').
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise PolicydiffError(f"{target}: cannot write {what} here ({e.strerror or e})") from e
    try:
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a report is an ordinary file
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            why = "the disk is full" if e.errno in (errno.ENOSPC, errno.EDQUOT) else (e.strerror or str(e))
            raise PolicydiffError(f"{target}: cannot write {what}: {why}") from e
        raise


def write_atomic(path: str | os.PathLike[str], text: str, *, what: str = "the report") -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder and a rename
    (:func:`replacing`)."""
    with replacing(path, what=what) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
