"""Find the documents a scan reads: files, folders walked recursively, and glob patterns.

- A file named on the command line is always read (its format is sniffed if the extension says nothing).
- A folder or glob yields regular files only: a FIFO, socket or device found there is listed as skipped
  ("not a regular file"), never opened (reading a FIFO nobody writes to would wait for ever).
- A folder is walked recursively for the supported extensions (``--include`` replaces that list);
  hidden files and folders (a name starting with '.') are skipped unless named on the command line.
  A symbolic link is followed when it leads out of the folder (what it leads to inside is reached by
  its own path), once: a loop, or a second way into the same folder, is not followed again.
- A path that does not exist but holds ``* ? [`` is a glob (``**`` crosses folders).
- ``--exclude`` patterns remove files (and whole folders) whose path relative to the walked folder,
  or whose name, matches.
- The same file reached twice (two arguments, a link) is read once. Order is deterministic: the
  arguments in order, each folder's entries sorted by name.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch

from ..errors import UsageError
from ..read.sniff import EXTENSIONS

DEFAULT_INCLUDE: tuple[str, ...] = tuple(f"*{ext}" for ext in EXTENSIONS)
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Skipped:
    """A path the scan could not use, and why (in the words the readers use)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Found:
    """A document to read."""

    path: str


def _matches(rel: str, name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch(rel, p) or fnmatch(name, p) for p in patterns)


def walk(paths: Iterable[str], *, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
         ) -> Iterator[Found | Skipped]:
    """Yield every document under ``paths`` (and what could not be looked into), in a stable order.

    Raises :class:`UsageError` for an argument that names nothing (no such file, a glob matching nothing).
    """
    include = include or DEFAULT_INCLUDE
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()

    def file_once(path: str) -> bool:
        try:
            st = os.stat(path)
        except OSError:
            return True  # let the reader say what is wrong with it
        key = (st.st_dev, st.st_ino)
        if key in seen_files:
            return False
        seen_files.add(key)
        return True

    def walk_dir(root: str) -> Iterator[Found | Skipped]:
        inside = os.path.realpath(root)

        def within(path: str) -> bool:
            real = os.path.realpath(path)
            return real == inside or real.startswith(inside.rstrip(os.sep) + os.sep)

        stack: list[str] = [root]
        while stack:
            folder = stack.pop()
            try:
                st = os.stat(folder)
            except OSError as e:
                yield Skipped(folder, _os_reason(e))
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                continue  # a link loop, or a folder already walked
            seen_dirs.add(key)
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as e:
                yield Skipped(folder, _os_reason(e))
                continue
            subdirs: list[str] = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                rel = os.path.relpath(entry.path, root)
                if exclude and _matches(rel, entry.name, exclude):
                    continue
                try:
                    is_dir = entry.is_dir()  # follows links
                except OSError:
                    is_dir = False
                if entry.is_symlink():
                    if not os.path.exists(entry.path):
                        if _matches(rel, entry.name, include):
                            yield Skipped(entry.path, "broken symbolic link")
                        continue
                    if within(entry.path):
                        continue  # reached by its own path (or a loop)
                if is_dir:
                    subdirs.append(entry.path)
                elif _matches(rel, entry.name, include):
                    yield from _regular(entry.path, file_once)
            stack.extend(reversed(subdirs))

    for arg in paths:
        if os.path.isdir(arg):
            yield from walk_dir(arg)
        elif os.path.lexists(arg):
            name = os.path.basename(arg)
            if exclude and _matches(arg, name, exclude):
                continue
            if file_once(arg):
                yield Found(arg)
        elif _GLOB_CHARS & set(arg):
            hits = sorted(glob.glob(arg, recursive=True))
            if not hits:
                raise UsageError(f"{arg}: no file matches this pattern")
            for hit in hits:
                if os.path.isdir(hit):
                    yield from walk_dir(hit)
                elif not (exclude and _matches(hit, os.path.basename(hit), exclude)):
                    yield from _regular(hit, file_once)
        else:
            raise UsageError(f"{arg}: no such file or folder")


def _regular(path: str, once: Callable[[str], bool]) -> Iterator[Found | Skipped]:
    """``path`` found in a folder or by a glob: Found when it is a regular file not seen before."""
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError as e:
        yield Skipped(path, _os_reason(e))
        return
    if not regular:
        yield Skipped(path, "not a regular file")
    elif once(path):
        yield Found(path)


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    return f"cannot read it ({error.strerror or error})"
