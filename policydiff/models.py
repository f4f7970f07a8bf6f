"""One frozen dataclass per concept of the pipeline.

read → :class:`Text` → clean → :class:`Text` → outline → :class:`Document` → units → :class:`Unit` …
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Literal

from .errors import UsageError

UnitKind = Literal["recommendation", "context"]
Status = Literal["covered", "partial", "missing"]
Confidence = Literal["high", "low"]


def coverage_percent(covered: int, partial: int, total: int) -> float:
    """Coverage in percent, a partial counting half (0 when there is nothing to cover)."""
    return round(100.0 * (covered + 0.5 * partial) / total, 1) if total else 0.0


@dataclass(frozen=True)
class Line:
    """One line (or paragraph, for .docx/.html) of a document as read."""

    text: str
    """The text, without its line break."""
    number: int
    """1-based line number in the source (paragraph number for .docx, page-ordered line for .pdf)."""
    heading: int | None = None
    """Heading level the format itself declares (Word 'Heading 2', HTML <h2>), else None."""


@dataclass(frozen=True)
class Text:
    """A document's text as lines, with where it came from."""

    lines: tuple[Line, ...]
    origin: str
    """The path as the user gave it, or '-' for stdin."""
    format: str
    """'txt', 'md', 'html', 'docx' or 'pdf'."""
    encoding: str | None
    """The character encoding used to decode it (None for .docx/.pdf)."""
    sha256: str
    """Hex digest of the raw bytes."""

    @property
    def content(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Block:
    """A paragraph of body text inside a section (hard-wrapped lines already joined)."""

    text: str
    line: int
    breaks: tuple[tuple[int, int], ...] = ()
    """(character offset, source line) for each later source line the paragraph was joined from."""

    def line_at(self, offset: int) -> int:
        """Source line of the character at ``offset`` (a binary search: a 5 MB table is one block of 50,000
        source lines, asked once per sentence)."""
        k = bisect_right(self.breaks, offset, key=itemgetter(0))
        return self.breaks[k - 1][1] if k else self.line

    def line_starts(self) -> list[int]:
        """The offset at which each source line of the paragraph starts (0 for the first)."""
        return [0, *(start for start, _ in self.breaks)]


@dataclass(frozen=True)
class Section:
    """A numbered (or styled) heading and what follows it up to the next heading of its level."""

    id: str
    """Stable numeric path: '3.1' is the first subsection of the third top-level section."""
    label: str
    """Readable path built from the numbers as printed: '三(一)', '2.3', or the id when unnumbered."""
    number: str
    """The numbering token as it appears: '（一）', '1.', '第三章', '' for an unnumbered heading."""
    title: str
    level: int
    line: int
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()

    def walk(self) -> tuple[Section, ...]:
        """This section and all its descendants, in document order."""
        out: list[Section] = [self]
        for child in self.sections:
            out.extend(child.walk())
        return tuple(out)


@dataclass(frozen=True)
class Document:
    """A document's outline: its title, front matter and tree of sections."""

    path: str
    title: str
    format: str
    encoding: str | None
    sha256: str
    blocks: tuple[Block, ...] = ()
    """Front matter: body text before the first heading."""
    script: str = "none"
    """'simplified', 'traditional', 'mixed', or 'none' (no Chinese): see :mod:`policydiff.script`."""
    sections: tuple[Section, ...] = ()

    def walk(self) -> tuple[Section, ...]:
        out: list[Section] = []
        for s in self.sections:
            out.extend(s.walk())
        return tuple(out)


@dataclass(frozen=True)
class Unit:
    """The smallest thing a verdict is about: an enumerated item or a sentence group."""

    id: str
    """Stable, readable id from the section path: '3.1.2', '2.1a', '3.2.0' (a section's lead-in)."""
    section: str
    """Id of the section the unit belongs to ('' for front matter)."""
    kind: UnitKind
    text: str
    line: int
    marker: str = ""
    """The enumeration marker that introduced it ('一是', '（1）', '1.'), '' for sentence groups."""


@dataclass(frozen=True)
class Outline:
    """A document together with its units: what `policydiff outline` shows."""

    document: Document
    units: tuple[Unit, ...] = field(default=())

    def units_of(self, section_id: str) -> tuple[Unit, ...]:
        return self._by_section.get(section_id, ())

    @cached_property
    def _by_section(self) -> dict[str, tuple[Unit, ...]]:
        """Units by section id, built once: formats ask for every section's units (linear, not quadratic)."""
        groups: dict[str, list[Unit]] = {}
        for u in self.units:
            groups.setdefault(u.section, []).append(u)
        return {sid: tuple(us) for sid, us in groups.items()}


@dataclass(frozen=True)
class Options:
    """Everything that changes a comparison's verdicts. Scores are on the 0–100 display scale."""

    covered: float = 60.0
    """A unit scoring at least this is covered."""
    partial: float = 35.0
    """A unit scoring at least this (and below ``covered``) is partly covered."""
    script: Literal["auto", "keep"] = "auto"
    """auto: match Traditional Chinese on a Simplified copy; keep: compare characters as they are."""

    def __post_init__(self) -> None:
        for name in ("covered", "partial"):
            value = getattr(self, name)
            if not 0 <= value <= 100:  # False for nan, which would otherwise turn every verdict off
                raise UsageError(f"the {name} threshold must be a number from 0 to 100, got {value!r}")


@dataclass(frozen=True)
class Evidence:
    """A target passage that covers (part of) a unit."""

    text: str
    section: str
    """Readable label of the target section ('二(一)', '3.2'), '' for front matter."""
    section_title: str
    line: int
    score: float
    shared: tuple[str, ...] = ()
    """Terms the passage shares with the unit, most distinctive first."""
    end_line: int = 0
    """Source line where the passage ends (``line`` for a passage on one line; 0: not known). ``text`` is cut
    to :data:`policydiff.align.EVIDENCE_CHARS` characters, ending in '…', when the passage is longer: the
    lines say where the whole of it is."""


@dataclass(frozen=True)
class ClauseResult:
    text: str
    score: float
    found: bool
    evidence: Evidence | None


@dataclass(frozen=True)
class Verdict:
    """A reference unit's coverage in one target."""

    unit: Unit
    section: str
    """Readable label of the unit's reference section ('三(一)')."""
    status: Status | None
    """None for context units: they are not judged."""
    score: float
    evidence: tuple[Evidence, ...] = ()
    clauses: tuple[ClauseResult, ...] = ()
    moved: bool = False
    """The evidence lies outside the target section aligned with the unit's section."""
    confidence: Confidence = "high"
    """'low' when lexical evidence cannot decide (see :mod:`policydiff.confidence`): the verdict needs review."""
    reason: str = ""
    """Why the confidence is low, in one line ('' when high)."""

    @property
    def missing_clauses(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.clauses if not c.found)


@dataclass(frozen=True)
class SectionAlignment:
    reference_id: str
    reference: str
    """Readable label of the reference section."""
    title: str
    target_id: str | None
    target: str | None
    """Readable label of the aligned target section, None when nothing corresponds."""
    target_title: str | None
    score: float
    coverage: float | None
    """Percent of the section's recommendations covered, a partial counting half (None if it has none)."""
    units: int
    """How many recommendations the section and its subsections hold."""


@dataclass(frozen=True)
class Addition:
    """A target section with no counterpart in the reference: the other direction of the diff."""

    section: str
    title: str
    text: str
    line: int


@dataclass(frozen=True)
class TargetResult:
    document: Document
    verdicts: tuple[Verdict, ...]
    sections: tuple[SectionAlignment, ...]
    additions: tuple[Addition, ...]

    def count(self, status: Status) -> int:
        return sum(1 for v in self.verdicts if v.status == status)

    @property
    def judged(self) -> int:
        return sum(1 for v in self.verdicts if v.status is not None)

    @property
    def percent(self) -> float:
        """Coverage in percent, a partial counting half."""
        return coverage_percent(self.count("covered"), self.count("partial"), self.judged)


@dataclass(frozen=True)
class Comparison:
    reference: Outline
    targets: tuple[TargetResult, ...]
    options: Options = Options()

    def verdict(self, target: int, unit_id: str) -> Verdict | None:
        return next((v for v in self.targets[target].verdicts if v.unit.id == unit_id), None)
