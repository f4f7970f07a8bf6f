"""The per-document work of ``policydiff scan``: each recommendation's verdict and score, fast.

``compare`` builds a full :class:`~policydiff.models.TargetResult` per target: evidence text, shared terms,
clause explanations, additions, the alignment table. A scan over thousands of documents needs only each
recommendation's status and score, so this module computes those — the same numbers as
:func:`policydiff.align.compare_target`, from the same floating-point operations in the same order — and
reuses align's own section alignment and verdict (``counterparts``, ``judge``). What it skips:

- everything that depends only on the reference (its units' terms, clause splits, term repeats,
  reference-side IDF) is computed once per worker (:class:`Prepared`), not once per document;
- the target is parsed once, and its units, which compare never uses for a target, are not built;
- the per-passage scores and per-section maxima (``match.score_unit`` and ``align._place``) are
  computed over arrays, restricted to the reference's vocabulary and to the maximal windows of each
  paragraph (:mod:`.kernel`), with the near ties of ``align._place``'s order-dependent rule recomputed
  literally;

Known difference: when two *different* spelling variants of an English term are equally similar to it,
``match.Index.variants`` picks the one its set iteration meets first (which depends on the hash seed of
the process); scan picks the first in document order.

``tests/scan/test_scan_engine.py`` checks the results identical to ``compare_target`` on every sample,
every real and dev document in ../shared and a generated corpus, under several options. When matching
changes in ``match.py``/``align.py``/``normalize.py``, those tests say whether this mirror must follow.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..align import Placed, converts, counterparts, judge, preferred, recommendations, script_of
from ..api import document_of
from ..errors import InputError
from ..match import UnitScores
from ..models import Document, Options, Outline, Status, Text, coverage_percent
from ..read import declared_format, read_loaded

if TYPE_CHECKING:
    from .kernel import Side

_NOT_RESULTS = ("cli.py", "__main__.py", "progress.py", "formats/", "scan/", "gate.py", "baseline.py", "config.py",
                "diff.py", "watch.py", "output.py")
_RESULTS = ("scan/engine.py", "scan/kernel.py")
"""Modules that cannot change a verdict (the interface, reports, the scan machinery): editing them keeps
the cache. Of scan's own, engine.py and kernel.py do change verdicts and are hashed."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the policydiff source that computes results (once per process): a result cached by
    other code is not reused."""
    root = Path(__file__).resolve().parents[1]  # the policydiff package
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel not in _RESULTS and rel.startswith(_NOT_RESULTS):
            continue
        digest.update(rel.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class UnitResult:
    """One recommendation's verdict in one document, as compare would give it."""

    status: Status
    score: float
    moved: bool


@dataclass(frozen=True)
class DocResult:
    """What a scan keeps of one document: its identity and a verdict per recommendation (or why it failed)."""

    path: str
    sha256: str
    format: str
    title: str = ""
    verdicts: tuple[UnitResult, ...] = ()
    """One per recommendation of the reference, in the reference's order."""
    error: str | None = None
    """Why the document could not be read (the reader's message without the path), else None."""
    internal: bool = False
    """The error is a policydiff bug, not a problem with the document."""

    @property
    def percent(self) -> float:
        """Coverage in percent, a partial counting half (as TargetResult.percent)."""
        statuses = [v.status for v in self.verdicts]
        return coverage_percent(statuses.count("covered"), statuses.count("partial"), len(statuses))


class Prepared:
    """Everything about the reference that scoring a document needs: computed once per worker."""

    def __init__(self, reference: Outline, options: Options | None = None) -> None:
        self.reference = reference
        self.options = options or Options()
        self.recs = recommendations(reference)
        self.script = script_of([u.text for u in self.recs])
        self._aligned = Outline(reference.document, tuple(self.recs))
        """The reference as counterparts reads it: it only ever looks at the recommendations."""
        self._sides: dict[bool, Side] = {}

    def side(self, convert: bool) -> Side:
        """The reference's terms, as written or on a Simplified copy (numpy is imported here, in the
        processes that score: the one that walks, reads and writes does not need it)."""
        side = self._sides.get(convert)
        if side is None:
            from .kernel import Side

            side = self._sides[convert] = Side(self.reference, self.recs, convert)
        return side

    def score(self, document: Document) -> tuple[UnitResult, ...]:
        """Each recommendation's status, score and 'moved' flag, identical to compare_target's verdicts."""
        options = self.options
        from .kernel import Target

        target = Target(document, self.side(converts(options, self.reference.document, document)))
        # the verdicts need only the section scores: no per-clause passages (by_section) are kept
        placed = {u.id: Placed(UnitScores(u, ()), {}, raw, calibrated)
                  for u, (raw, calibrated) in zip(self.recs, target.section_scores(self.script), strict=True)}
        aligned = preferred(counterparts(self._aligned, placed, options))
        out: list[UnitResult] = []
        for u in self.recs:
            _, score, status, moved = judge(placed[u.id], aligned.get(u.section), options)
            out.append(UnitResult(status, score, moved))
        return tuple(out)


def score_text(prepared: Prepared, text: Text) -> DocResult:
    """Parse one document and judge every recommendation in it."""
    document = document_of(text)
    return DocResult(text.origin, text.sha256, text.format, document.title, prepared.score(document))


def score_bytes(prepared: Prepared, data: bytes, path: str, sha256: str, *, encoding: str | None = None) -> DocResult:
    """Read, parse and judge one document held in memory; an unreadable one comes back with its error."""
    try:
        text = read_loaded(data, path, encoding=encoding)
    except InputError as e:
        return DocResult(path, sha256, declared_format(data, path) or "", error=e.detail)
    return score_text(prepared, text)
