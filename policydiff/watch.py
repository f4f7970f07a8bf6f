"""`policydiff watch`: compare a draft with the reference again every time either is saved.

The loop is split so that it can be tested without watchfiles (an optional extra, imported only by
:func:`watch_changes`):

* :class:`Session` holds the reference's outline between runs and :meth:`Session.rerun` is one re-run:
  read what changed, compare, render — a problem (a draft caught half-written, an unreadable file) is
  shown in the frame instead of ending the watch;
* :func:`loop` draws a first frame, then one per batch of changes that touches the watched files;
* :func:`watch_changes` is the watchfiles source of those batches. It watches the files' folders, not
  the files, because editors often save by writing a new file and renaming it over the old one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .errors import PolicydiffError, UsageError
from .models import Comparison, Options, Outline

INSTALL_HINT = "policydiff watch needs the watchfiles package: pip install 'policydiff[watch]'"


@dataclass(frozen=True)
class Frame:
    """What one re-run draws."""

    text: str
    ok: bool
    """False when the run failed; ``text`` then says why."""


Loader = Callable[[str], Outline]
Renderer = Callable[[Comparison], str]


class Session:
    """The state of a watch: the paths, the thresholds, and the reference's outline while it is unchanged."""

    def __init__(self, reference: str, draft: str, *, options: Options, render: Renderer,
                 load: Loader | None = None) -> None:
        if load is None:
            from .api import load as api_load

            def load(path: str) -> Outline:
                return api_load(path)

        self.reference = reference
        self.draft = draft
        self.options = options
        self.render = render
        self.load = load
        self._reference: Outline | None = None
        self.runs = 0

    @property
    def paths(self) -> tuple[str, str]:
        return self.reference, self.draft

    def rerun(self, changed: Iterable[str] = ()) -> Frame:
        """Compare again: the reference is read again only when it is among ``changed`` (or not read yet)."""
        from .align import compare

        self.runs += 1
        if self._reference is None or any(same_file(p, self.reference) for p in changed):
            self._reference = None
        try:
            if self._reference is None:
                self._reference = self.load(self.reference)
            draft = self.load(self.draft)
            return Frame(self.render(compare(self._reference, [draft], self.options)), True)
        except PolicydiffError as e:
            return Frame(f"policydiff: error: {e}\n\nWaiting for the next save…\n", False)


def same_file(a: str, b: str) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


def relevant(batch: Iterable[tuple[object, str]], paths: Iterable[str]) -> list[str]:
    """The watched files a batch of (change, path) events touches."""
    wanted = list(paths)
    return [p for p in wanted if any(same_file(path, p) for _, path in batch)]


def loop(session: Session, changes: Iterable[Iterable[tuple[object, str]]], draw: Callable[[Frame], None]) -> int:
    """Draw a first frame, then one for every batch of changes to the watched files; the number of frames."""
    frames = 1
    draw(session.rerun())
    for batch in changes:
        touched = relevant(batch, session.paths)
        if touched:
            draw(session.rerun(touched))
            frames += 1
    return frames


def watch_changes(paths: Iterable[str]) -> Iterator[set[tuple[object, str]]]:
    """Batches of file-system changes to ``paths`` (watchfiles; debounced), until Ctrl+C (KeyboardInterrupt,
    raised: watchfiles would otherwise log a message of its own and end the watch as if it were done).

    Raises :class:`UsageError` at once, not at the first change, when watchfiles is not installed.
    """
    try:
        import watchfiles
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    wanted = {os.path.abspath(p) for p in paths}
    folders = sorted({os.path.dirname(p) for p in wanted})

    def only_ours(change: object, path: str) -> bool:
        return os.path.abspath(path) in wanted

    def batches() -> Iterator[set[tuple[object, str]]]:
        for batch in watchfiles.watch(*folders, watch_filter=only_ours):
            yield {(change, path) for change, path in batch}

    return batches()
