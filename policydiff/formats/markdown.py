"""Markdown a person can paste into a review.

Every piece of document text goes through :func:`escape`, so a ``|`` cannot split a table cell and a
``<script>`` stays text. In ``explain``, the terms a passage shares with the recommendation are set in
**bold**. A place in a document is written ``§<section label> line <n>``. Output is deterministic: the
same comparison gives the same bytes.

The helpers in the first part (display width and clipping, status symbols, the closest passage, the
threshold and "why" sentences, term highlighting) are shared with :mod:`policydiff.formats.view`, the
text views, so that both say the same thing; they import nothing from rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import PurePath
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..models import (
    ClauseResult,
    Comparison,
    Evidence,
    Options,
    Outline,
    Section,
    SectionAlignment,
    TargetResult,
    Unit,
    Verdict,
)
from ..normalize import stem, strip_marker
from ..read.textutil import BIDI

if TYPE_CHECKING:
    from ..diff import VersionDiff
    from ..gate import GateResult, RuleResult

# --------------------------------------------------------------------------------------------------
# Shared by the text and Markdown views

SYMBOL = {"covered": "✔", "partial": "◐", "missing": "✘"}
"""Status symbols, the same in colour, plain text and Markdown."""
SHOW = ("all", "gaps", "covered", "review")
REVIEW = "?"
"""Beside a status symbol: the verdict has low confidence and needs a person's review."""
WORDS = 30
"""Display columns of a recommendation's first words where space is short."""
MD_WORDS = 48
"""The same in Markdown tables, which have no fixed width."""

_CJK = (("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"))
"""Ranges of CJK ideographs (compared directly: a regular expression over them takes 1.5 ms to compile)."""
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI}]")


def first_words(text: str, n: int = 40) -> str:
    """The first ``n`` characters of ``text`` on one line (the outline views)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1].rstrip() + "…"


def sanitize(text: str) -> str:
    """Drop control characters (ESC above all) and bidirectional controls, so that document text cannot
    drive a terminal or reorder what a log or a page shows."""
    return _CONTROL.sub("", text)


_LINE_BREAKS = re.compile(r"[\n\u2028\u2029]+")


def one_line(text: str) -> str:
    """Text for a single-line field (a file name in a log line, an error message, a JSON path): no controls,
    no line breaks — a file named 'x\n::error::…' must not start a line of its own."""
    return _LINE_BREAKS.sub(" ", sanitize(text))


_ZERO_WIDTH = frozenset(("Mn", "Me", "Mc", "Cf", "Cc", "Zl", "Zp"))
"""Categories a terminal draws in no column of its own: marks, format characters (U+200B), controls."""


@lru_cache(maxsize=8192)
def char_width(ch: str) -> int:
    """Terminal columns of one character: 2 for wide (CJK) characters, 0 for marks and format characters.

    Unassigned code points count one column; Hangul vowel and final jamo join the syllable before them.
    """
    category = unicodedata.category(ch)
    if category in _ZERO_WIDTH:
        return 1 if ch == "\xad" else 0  # a soft hyphen is drawn
    if category == "Cn":
        return 1
    if "\u1160" <= ch <= "\u11ff" or "\ud7b0" <= ch <= "\ud7ff":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns of ``text`` (measured with :func:`unicodedata.east_asian_width`)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(char_width, text))


def clip(text: str, width: int = WORDS) -> str:
    """``text`` on one line, cut to ``width`` display columns (a CJK character counts 2) with '…'.

    Latin text is cut at a word boundary when there is one in the last third.
    """
    flat = " ".join(sanitize(text).split())
    if display_width(flat) <= width:
        return flat
    out: list[str] = []
    used = 0
    for ch in flat:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    cut = "".join(out)
    space = cut.rfind(" ")
    if space >= len(cut) * 2 // 3 and cut[-1:].isascii() and cut[-1:].isalnum():
        cut = cut[:space]
    return cut.rstrip(" ,;:，、；：") + "…"


def body(unit: Unit) -> str:
    """A unit's text on one line, without its enumeration marker (its id already says where it is)."""
    return " ".join(sanitize(strip_marker(unit.text) or unit.text).split())


def gist(unit: Unit, width: int = WORDS) -> str:
    """A unit's first words, without its enumeration marker."""
    return clip(body(unit), width)


def check_show(show: str) -> None:
    if show not in SHOW:
        raise UsageError(f"--show {show}: expected one of {', '.join(SHOW)}")


def shown(v: Verdict, show: str) -> bool:
    """Whether a recommendation belongs to the list ``show`` asks for (context units never do)."""
    if v.status is None:
        return False
    if show == "gaps":
        return v.status != "covered"
    if show == "covered":
        return v.status == "covered"
    if show == "review":
        return v.confidence == "low"
    return True


def mark(v: Verdict) -> str:
    """The verdict's status symbol, with '?' when it needs review: '✔?'."""
    return SYMBOL[v.status or "missing"] + (REVIEW if v.confidence == "low" else "")


def review_note(v: Verdict) -> str:
    """'review: <reason>' for a low-confidence verdict, '' otherwise."""
    return f"review: {v.reason}" if v.confidence == "low" else ""


def to_review(t: TargetResult) -> int:
    """How many of the target's verdicts need review."""
    return sum(1 for v in t.verdicts if v.confidence == "low")


MATRIX_KEEPS = {"gaps": "with a gap in some target", "covered": "covered in every target",
                "review": "to review in some target"}
"""What a ``--show`` filter keeps of the several-target matrix (:func:`matrix_rows`), in words."""


def matrix_rows(c: Comparison, show: str) -> list[Verdict]:
    """Rows of the several-target matrix (the first target's verdicts), filtered across all targets.

    ``gaps`` keeps a recommendation that some target misses or partly covers; ``covered`` keeps one
    that every target covers; together they make ``all``.
    """
    rows: list[Verdict] = []
    for i, v in enumerate(c.targets[0].verdicts):
        if v.status is None:
            continue
        statuses = [t.verdicts[i].status for t in c.targets]
        if show == "gaps" and all(s == "covered" for s in statuses):
            continue
        if show == "covered" and any(s != "covered" for s in statuses):
            continue
        if show == "review" and all(t.verdicts[i].confidence != "low" for t in c.targets):
            continue
        rows.append(v)
    return rows


def closest(v: Verdict) -> Evidence | None:
    """The closest target passage: the best clause passage (the first on ties), else the first evidence."""
    best: Evidence | None = None
    for cl in v.clauses:
        if cl.evidence is not None and (best is None or cl.evidence.score > best.score):
            best = cl.evidence
    if best is None and v.evidence:
        best = v.evidence[0]
    return best


def located(v: Verdict) -> Evidence | None:
    """Where a recommendation's evidence is: its first evidence passage, else the closest passage."""
    return v.evidence[0] if v.evidence else closest(v)


def place(e: Evidence) -> str:
    """'§二(二) line 28' ('line 3' in front matter)."""
    return f"§{e.section} line {e.line}" if e.section else f"line {e.line}"


def outside(v: Verdict, cl: ClauseResult) -> str:
    """Why a clause's closest passage scores more than the clause ('' when it does not): the passage lies
    outside the target section that carries the verdict, so its score did not count."""
    e = cl.evidence
    if cl.found or e is None or e.score <= cl.score:
        return ""
    carrier = located(v) if v.evidence else None
    if carrier is None:
        return "no target section carries the verdict: not counted"
    where = f"§{carrier.section}" if carrier.section else "the front matter"
    return f"outside {where}, which carries the verdict: not counted"


def decision(v: Verdict, o: Options) -> str:
    """The score against the thresholds: 'score 47.2 ≥ partial 35 and < covered 60 → partial'."""
    s = f"score {v.score:.1f}"
    if v.status == "covered":
        return f"{s} ≥ covered {o.covered:g} → covered"
    if v.status == "partial":
        return f"{s} ≥ partial {o.partial:g} and < covered {o.covered:g} → partial"
    return f"{s} < partial {o.partial:g} → missing"


def script_note(c: Comparison) -> str | None:
    """How Traditional Chinese was handled, when any document is written in it (None otherwise)."""
    several = len(c.targets) > 1
    docs = [("the reference", c.reference.document),
            *((t.document.path.rsplit("/", 1)[-1] if several else "the target", t.document) for t in c.targets)]
    odd = [(name, d) for name, d in docs if d.script in ("traditional", "mixed")]
    if not odd:
        return None
    what = "; ".join(f"{'Traditional' if d.script == 'traditional' else 'mixed-script'} Chinese in {name}"
                     for name, d in odd)
    how = "matched on a Simplified copy" if c.options.script == "auto" else "compared as written (--script keep)"
    return f"{what} — {how}"


def thresholds(o: Options) -> str:
    return f"covered ≥ {o.covered:g}, partial ≥ {o.partial:g} (scores 0–100)"


def percent(value: float) -> str:
    return f"{value:.1f}%"


def blocks(value: float, cells: int) -> str:
    """'████░░░░' for 50 percent in 8 cells."""
    full = min(cells, max(0, round(value * cells / 100)))
    return "█" * full + "░" * (cells - full)


def bar(value: float | None, cells: int = 8) -> str:
    """'████░░░░ 50%' for a section's coverage, '—' when it has nothing to cover."""
    if value is None:
        return "—"
    return f"{blocks(value, cells)} {value:.0f}%"


def section_name(label: str, title: str) -> str:
    return f"{label} {title}".strip() if label else (title or "(front matter)")


_SEPARATOR = re.compile(r"[-_. ]+")


def _distinguishing(stems: Sequence[str]) -> list[str]:
    """The shortest part of each name that tells it from the others: the words they all share at the start
    and at the end dropped ('plan-v1', 'plan-v2' → 'v1', 'v2'), then as few leading words as stay unique
    ('zh-county-plan', 'zh-city-notice' → 'county', 'city'). The names as given when nothing is shared."""
    words = [[w for w in _SEPARATOR.split(s) if w] or [s] for s in stems]
    head = 0
    while all(len(w) > head + 1 for w in words) and len({w[head] for w in words}) == 1:
        head += 1
    tail = 0
    while all(len(w) > head + tail + 1 for w in words) and len({w[-1 - tail] for w in words}) == 1:
        tail += 1
    middles = [w[head : len(w) - tail] for w in words]
    for n in range(1, max(len(m) for m in middles) + 1):
        names = ["-".join(m[:n]) for m in middles]
        if len(set(names)) == len(names):
            return names
    return list(stems)


def short_names(c: Comparison, width: int = 14) -> list[str]:
    """Column names for the targets: the file stems when they fit ``width`` and differ, else the shortest
    part of each that tells them apart; clipped to ``width`` and made unique with '#2', '#3' if need be."""
    stems = ["stdin" if t.document.path == "-" else (PurePath(t.document.path).stem or t.document.path)
             for t in c.targets]
    if len(stems) > 1 and (len(set(stems)) < len(stems) or any(display_width(s) > width for s in stems)):
        stems = _distinguishing(stems)
    names = [clip(s, width) for s in stems]
    out: list[str] = []
    for i, (s, n) in enumerate(zip(stems, names, strict=True)):
        if names.count(n) > 1:
            k = str(names[:i].count(n) + 1)
            n = f"{clip(s, max(1, width - 1 - len(k)))}#{k}"
        out.append(n)
    return out


def alignment_of(t: TargetResult, v: Verdict) -> SectionAlignment | None:
    """The alignment of the unit's reference section in this target."""
    return next((a for a in t.sections if a.reference_id == v.unit.section), None)


def _numbers(ns: Sequence[int]) -> str:
    """'1, 3 and 5–9'."""
    runs: list[str] = []
    i = 0
    while i < len(ns):
        j = i
        while j + 1 < len(ns) and ns[j + 1] == ns[j] + 1:
            j += 1
        if j - i >= 2:
            runs.append(f"{ns[i]}–{ns[j]}")
        else:
            runs.extend(str(n) for n in ns[i : j + 1])
        i = j + 1
    return runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1]


def _clauses(ns: Sequence[int]) -> str:
    plural = len(ns) > 1
    return ("Clauses " if plural else "Clause ") + _numbers(ns)


def why(v: Verdict, alignment: SectionAlignment | None) -> str:
    """Which clauses carry the verdict, which are missing, and whether the evidence moved."""
    if v.status is None:
        return "This is context (a finding, a problem or a motivation), not a recommendation: it is not " \
            "judged."
    found = [i for i, cl in enumerate(v.clauses, 1) if cl.found]
    lost = [i for i, cl in enumerate(v.clauses, 1) if not cl.found]
    sentences: list[str] = []
    if found:
        places = list(dict.fromkeys(place(cl.evidence) for cl in v.clauses if cl.found and cl.evidence))
        where = f" ({'; '.join(places)})" if places else ""
        subject = "The only clause" if len(v.clauses) == 1 else "All clauses" if not lost else _clauses(found)
        lead = f"{subject} {'is' if len(found) == 1 else 'are'} found in the target{where}"
        if v.status == "missing":
            sentences.append(f"{lead}, but that is too little of the recommendation to count as partial.")
        else:
            sentences.append(f"{lead} and carr{'ies' if len(found) == 1 else 'y'} the {v.status} verdict.")
        if lost:
            sentences.append(f"{_clauses(lost)} {'is' if len(lost) == 1 else 'are'} not found.")
    elif v.status == "missing":
        near = closest(v)
        tail = f"; the closest passage is {place(near)}" if near else "; no target passage shares its terms"
        sentences.append(f"No clause is found in the target{tail}.")
    else:
        near = located(v)
        tail = f" (best: {place(near)})" if near else ""
        sentences.append(f"No single clause is matched closely enough to count as found, but partial matches "
                         f"across the clauses{tail} bring the score to {v.score:.1f}: {v.status}.")
    if v.moved:
        ev = located(v)
        at = f" ({place(ev)})" if ev else ""
        if alignment is not None and alignment.target is not None:
            aligned = "§" + section_name(alignment.target, alignment.target_title or "")
            sentences.append(f"The evidence{at} lies outside {aligned}, the target section aligned with "
                             f"§{v.section}: the recommendation seems to have moved.")
        else:
            ref = f"§{v.section}" if v.section else "Its reference section"
            sentences.append(f"{ref} has no counterpart in the target; the evidence{at} lies elsewhere.")
    return " ".join(sentences)


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` where shared terms occur, merged and in order.

    CJK terms match verbatim (width and case folded); Latin terms are word stems, so a whole word
    matches when its stem is the term ('centres' for 'centr').
    """
    folded = "".join(f if len(f := unicodedata.normalize("NFKC", ch).lower()) == 1 else ch for ch in text)
    wanted = [t for t in terms if t]
    spans: list[tuple[int, int]] = []
    for t in wanted:
        if is_cjk(t):
            start = folded.find(t)
            while start >= 0:
                spans.append((start, start + len(t)))
                start = folded.find(t, start + len(t))
    latin = {t for t in wanted if not is_cjk(t)}
    if latin:
        for m in _LATIN_WORD.finditer(folded):
            if m.group() in latin or stem(m.group()) in latin:
                spans.append(m.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def is_cjk(text: str) -> bool:
    return any(lo <= ch <= hi for ch in text for lo, hi in _CJK)


def term_list(terms: Sequence[str]) -> str:
    """Shared terms as a list: 'a、b' when they are Chinese, 'a, b' otherwise."""
    return ("、" if is_cjk("".join(terms)) else ", ").join(terms)


def shared_words(e: Evidence) -> list[str]:
    """The shared terms as the passage spells them (the stretches highlighted in it), in order.

    Matching terms may be stems ('servic') or overlapping character n-grams; what a reader wants to
    see is the words of the passage. Falls back to the terms when none is found in the text.
    """
    flat = " ".join(sanitize(e.text).split())
    words: dict[str, str] = {}
    for s, end in term_spans(flat, e.shared):
        words.setdefault(flat[s:end].lower(), flat[s:end])
    return list(words.values()) or list(e.shared)


def find_verdict(c: Comparison, unit_id: str) -> Verdict:
    """The first target's verdict on ``unit_id``; an unknown id is a usage error naming it."""
    if not c.targets:
        raise UsageError("nothing to explain: the comparison has no target")
    v = c.verdict(0, unit_id)
    if v is None:
        ids = ", ".join(u.id for u in c.reference.units[:6])
        raise UsageError(f"{c.reference.document.path}: no unit has the id {unit_id!r} "
                         f"(ids look like {ids}…; see `policydiff outline`)")
    return v


# --------------------------------------------------------------------------------------------------
# Markdown


def escape(text: str) -> str:
    """Escape what Markdown would otherwise read as markup (tables, emphasis, links, html).

    Line breaks become spaces, so one piece of text stays one table cell or one list item.
    """
    out = sanitize(text).replace("\\", "\\\\")
    for ch in "|*_`[]<>#~":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split()) if ("\n" in out or "\r" in out) else out


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub table; ``align`` has one character per column, 'l' or 'r'."""
    return [_row(header), _row("---:" if a == "r" else "---" for a in align), *(_row(r) for r in rows)]


def _id(text: str) -> str:
    """An id as inline code (ids are digits, dots and letters; anything else is escaped instead)."""
    return f"`{text}`" if re.fullmatch(r"[\w.\-]+", text) else escape(text)


def _units(units: tuple[Unit, ...]) -> list[str]:
    return [f"- `{u.id}` *{u.kind}* (line {u.line}): {escape(first_words(u.text, 60))}" for u in units]


def _section(s: Section, outline: Outline) -> list[str]:
    heading = "#" * min(s.level + 1, 6)
    lines = [f"{heading} {escape(s.label)} {escape(s.title)}", "", f"Section `{s.id}`, line {s.line}.", ""]
    units = outline.units_of(s.id)
    if units:
        lines += [*_units(units), ""]
    for child in s.sections:
        lines += _section(child, outline)
    return lines


def format_outline(outline: Outline) -> str:
    d = outline.document
    recs = sum(1 for u in outline.units if u.kind == "recommendation")
    lines = [
        f"# {escape(d.title or d.path)}",
        "",
        f"`{sanitize(shown_path(d.path))}` — {d.format}" + (f", {d.encoding}" if d.encoding else "")
        + (f", {d.script} Chinese" if d.script not in ("none", "simplified") else "")
        + f"; {len(d.walk())} sections, {len(outline.units)} units ({recs} recommendations).",
        "",
    ]
    front = outline.units_of("")
    if front:
        lines += ["Front matter:", "", *_units(front), ""]
    for s in d.sections:
        lines += _section(s, outline)
    return "\n".join(lines).rstrip("\n") + "\n"


def shown_path(path: str) -> str:
    """A document's path as reports show it: standard input ('-') is '<stdin>'."""
    return "<stdin>" if path == "-" else path


def _doc(title: str, path: str) -> str:
    return f"{escape(title or '(untitled)')} ({escape(shown_path(path))})"


def _summary(c: Comparison, names: Sequence[str] | None = None) -> list[str]:
    rows = []
    for i, t in enumerate(c.targets):
        name = names[i] if names else (t.document.title or t.document.path)
        rows.append([escape(name), str(t.count("covered")), str(t.count("partial")), str(t.count("missing")),
                     str(t.judged), f"**{percent(t.percent)}**"])
    header = ["Target", "✔ Covered", "◐ Partial", "✘ Missing", "Recommendations", "Coverage"]
    return _table(header, "lrrrrr", rows)


def _review_line(t: TargetResult) -> list[str]:
    n = to_review(t)
    if not n:
        return []
    ids = ", ".join(v.unit.id for v in t.verdicts if v.confidence == "low")
    return [f"**{REVIEW} {n} verdict{'s' if n > 1 else ''} to review** (low confidence: lexical evidence cannot "
            f"decide): {escape(ids)}.", ""]


def _alignment(t: TargetResult) -> list[str]:
    rows = []
    for a in t.sections:
        if a.units == 0:
            target, score = "*(no recommendations)*", "—"
        elif a.target is None:
            target, score = "— no counterpart", "—"
        else:
            target, score = escape(section_name(a.target, a.target_title or "")), f"{a.score:.1f}"
        rows.append([escape(section_name(a.reference, a.title)), target, score, bar(a.coverage)])
    lines = _table(["Reference section", "Target section", "Alignment", "Coverage"], "llrl", rows)
    orphans = [a for a in t.sections if a.units and a.target is None]
    if orphans:
        names = "; ".join(escape(section_name(a.reference, clip(a.title, 16))) for a in orphans)
        lines += ["", f"Reference sections with no counterpart in the target: {names}."]
    return lines


def _gaps(t: TargetResult, gate: GateResult | None = None) -> list[str]:
    gaps = [v for v in t.verdicts if shown(v, "gaps")]
    lines = [f"### Gaps ({len(gaps)})", ""]
    if not gaps:
        return [*lines, "None: every recommendation is covered.", ""]
    rows = []
    for v in gaps:
        near = closest(v)
        missing = "; ".join(escape(clip(m, 30)) for m in v.missing_clauses) if v.status == "partial" else ""
        status = v.status or "missing"
        waived = waived_note(gate, t, v)
        rows.append([f"{SYMBOL[status]} {status}" + (f" ({escape(waived)})" if waived else ""), _id(v.unit.id), escape(v.section),
                     escape(gist(v.unit, MD_WORDS)), f"{v.score:.1f}", escape(place(near)) if near else "—",
                     missing])
    header = ["Status", "Id", "Section", "Recommendation", "Score", "Closest passage", "Clauses not found"]
    return [*lines, *_table(header, "llllrll", rows), ""]


def _covered(t: TargetResult, show: str = "covered") -> list[str]:
    covered = [v for v in t.verdicts if shown(v, show)]
    lines = [f"### {'Covered' if show == 'covered' else 'To review'} ({len(covered)})", ""]
    if not covered:
        return [*lines, "None.", ""]
    for v in covered:
        ev = located(v)
        where = f", evidence {escape(place(ev))}" if ev else ""
        moved = " (moved)" if v.moved else ""
        section = f" (§{escape(v.section)})" if v.section else ""
        review = f" — **{escape(review_note(v))}**" if v.confidence == "low" else ""
        lines.append(f"- {mark(v)} {_id(v.unit.id)}{section} {escape(gist(v.unit, MD_WORDS))} — "
                     f"score {v.score:.1f}{where}{moved}{review}")
    return [*lines, ""]


def _additions(t: TargetResult) -> list[str]:
    lines = [f"## Additions ({len(t.additions)})", ""]
    if not t.additions:
        return [*lines, "None: every target section has a counterpart in the reference.", ""]
    lines += ["Target sections with no counterpart in the reference:", ""]
    for a in t.additions:
        name = escape(section_name(a.section, a.title))
        lines.append(f"- {name} (line {a.line}): {escape(clip(a.text, 60))}")
    return [*lines, ""]


def _rules(c: Comparison, gate: GateResult | None) -> list[str]:
    """The rules of a check and their outcome (nothing without a gate)."""
    if gate is None:
        return []
    if not gate.rules:
        return ["## Rules", "", "None set.", ""]
    several = len(c.targets) > 1
    return ["## Rules", "", f"{rules_heading(gate).capitalize()}.", "",
            *(f"- {rule_mark(r)} {escape(rule_line(r, gate, c, several))}" for r in gate.rules), ""]


def _one_target(c: Comparison, show: str, gate: GateResult | None = None) -> list[str]:
    ref = c.reference.document
    t = c.targets[0]
    d = t.document
    lines = [
        f"# Coverage of “{escape(ref.title or ref.path)}” in “{escape(d.title or d.path)}”",
        "",
        f"- Reference: {_doc(ref.title, ref.path)}",
        f"- Target: {_doc(d.title, d.path)}",
        *([f"- Script: {escape(note)}"] if (note := script_note(c)) else []),
        f"- Thresholds: {thresholds(c.options)}; a partial counts half.",
        *([f"- Judged: {escape(judged)}"] if (judged := judged_note(gate, t)) else []),
        "",
        *_summary(c),
        "",
        *_review_line(t),
        *_rules(c, gate),
        "## Sections",
        "",
        *_alignment(t),
        "",
        "## Recommendations",
        "",
    ]
    if show in ("all", "gaps"):
        lines += _gaps(t, gate)
    if show in ("all", "covered"):
        lines += _covered(t)
    if show == "review":
        lines += _covered(t, "review")
    return lines + _additions(t)


def _matrix(c: Comparison, show: str, gate: GateResult | None = None) -> list[str]:
    ref = c.reference.document
    names = short_names(c, 24)
    lines = [
        f"# Coverage of “{escape(ref.title or ref.path)}” in {len(c.targets)} documents",
        "",
        f"- Reference: {_doc(ref.title, ref.path)}",
        *(f"- {escape(n)}: {_doc(t.document.title, t.document.path)}"
          for n, t in zip(names, c.targets, strict=True)),
        *([f"- Script: {escape(note)}"] if (note := script_note(c)) else []),
        f"- Thresholds: {thresholds(c.options)}; a partial counts half.",
        "",
        *_summary(c, names),
        "",
        *_rules(c, gate),
        "## Recommendations",
        "",
    ]
    rows = matrix_rows(c, show)
    if show != "all":
        n = c.targets[0].judged
        lines += [f"{len(rows)} of {n} recommendations {MATRIX_KEEPS[show]}; the totals count them all.", ""]
    index = {v.unit.id: i for i, v in enumerate(c.targets[0].verdicts)}
    body = []
    for v in rows:
        i = index[v.unit.id]
        body.append([_id(v.unit.id), escape(gist(v.unit, MD_WORDS)),
                     *(WAIVED if waived_note(gate, t, t.verdicts[i]) else mark(t.verdicts[i]) for t in c.targets)])
    body.append(["**Total**", "✔ / ◐ / ✘",
                 *(f"{t.count('covered')} / {t.count('partial')} / {t.count('missing')}" for t in c.targets)])
    body.append(["", "coverage", *(f"**{percent(t.percent)}**" for t in c.targets)])
    lines += _table(["Id", "Recommendation", *(escape(n) for n in names)], "l" * (2 + len(names)), body)
    if gate is not None and gate.waived:
        lines += ["", f"{WAIVED} a waived gap (see Rules): the verdict stands, the rules do not count it."]
    return [*lines, ""]


def format_comparison(c: Comparison, *, show: str = "all", gate: GateResult | None = None) -> str:
    """The comparison as a Markdown report; several targets make a recommendation × target matrix. With
    ``gate`` (`policydiff check`), the rules and their outcome, the coverage they judge and the waived gaps."""
    check_show(show)
    if not c.targets:
        raise UsageError("nothing to report: the comparison has no target")
    lines = _one_target(c, show, gate) if len(c.targets) == 1 else _matrix(c, show, gate)
    return "\n".join(lines).rstrip("\n") + "\n"


WAIVED = "⊘"
"""A waived gap (the verdict stands; the rules of a check do not count it), or a waiver in force."""


def rule_mark(r: RuleResult) -> str:
    """✔ a rule that holds, ⊘ a waiver in force, ✘ a rule that fails."""
    if r.passed:
        return WAIVED if r.rule == "waiver" else SYMBOL["covered"]
    return SYMBOL["missing"]


def rule_line(r: RuleResult, gate: GateResult, c: Comparison, several: bool) -> str:
    """The rule in words, and why it does not fail the check when it fails without deciding the exit code."""
    note = "" if r.passed or r.failing else " — a note: with a baseline only regressions fail"
    return rule_text(r, gate, c, several) + note


def rules_heading(gate: GateResult) -> str:
    failing = sum(1 for r in gate.rules if r.failing)
    return f"{failing} of {len(gate.rules)} fail" if failing else f"all {len(gate.rules)} hold"


def waived_note(gate: GateResult | None, t: TargetResult, v: Verdict) -> str:
    """'⊘ waived until 2027-06-30: <reason>' for a gap a waiver covers, else ''."""
    waiver = gate.waiver_for(t.document.path, v.unit.id) if gate is not None else None
    return f"{WAIVED} {sanitize(waiver.describe())}" if waiver is not None else ""


def _judged_because(gate: GateResult, target: str, counts: bool = False) -> list[str]:
    """Why the coverage the rules judge differs from the reported one: waived gaps left out, low-confidence
    verdicts counted as gaps (with ``review = "fail"``)."""
    waived = sum(1 for g in gate.waived if g.target == target)
    doubtful = next((len(r.ids) for r in gate.rules if r.rule == "review" and r.target == target), 0)
    out: list[str] = []
    if waived:
        out.append(f"the {waived} waived gap{'s' if waived != 1 else ''} left out" if counts else
                   "the waived gaps left out")
    if doubtful:
        out.append(f"{doubtful} low-confidence verdict{'s' if doubtful != 1 else ''} counted as gaps" if counts else
                   "the low-confidence verdicts counted as gaps")
    return out


def judged_note(gate: GateResult | None, t: TargetResult) -> str:
    """'44.2% with the 5 waived gaps left out: the coverage the rules judge', or '' when that is the reported
    coverage."""
    judged = gate.percent_of(t.document.path) if gate is not None else None
    if gate is None or judged is None:
        return ""
    return f"{percent(judged)} with {' and '.join(_judged_because(gate, t.document.path, counts=True))}: the " \
        "coverage the rules judge"


def rule_text(r: RuleResult, gate: GateResult, c: Comparison, several: bool) -> str:
    """What one rule asked and what it found, in words, where it was set last."""
    who = f"{sanitize(r.target)}: " if several and r.target else ""
    src = f" ({r.source})" if r.source else ""
    if r.rule == "fail-under":
        assert r.value is not None and r.threshold is not None
        raw = next((t.percent for t in c.targets if t.document.path == r.target), r.value)
        why = _judged_because(gate, r.target or "")
        counted = "" if raw == r.value else f" without the waived gaps ({percent(raw)} counting them)" \
            if why == ["the waived gaps left out"] else f" with {' and '.join(why)} ({percent(raw)} as reported)"
        verb = "meets" if r.passed else "is below"
        return f"{who}coverage {percent(r.value)}{counted} {verb} {r.threshold:g}%{src}"
    if r.rule == "required":
        if r.passed:
            return f"{who}none of the {len(gate.required)} required recommendations is missing{src}"
        return f"{who}required but missing: {', '.join(r.ids)}{src}"
    if r.rule == "review":
        if r.passed:
            return f"{who}no verdict has low confidence{src}"
        return f"{who}low confidence, counted as gaps: {', '.join(r.ids)}{src}"
    if r.rule == "baseline":
        return f"{who}regressions against {r.source}: {', '.join(r.ids)}" if r.ids else \
            f"{who}no regression against {r.source}"
    w = r.waiver
    assert w is not None
    if not r.passed and w.expires:
        return f"waiver {w.id} expired on {w.expires.isoformat()}{src}: {sanitize(w.reason)} — close the gap, " \
            "or extend or remove the waiver"
    until = f"until {w.expires.isoformat()}" if w.expires else "without expiry"
    waives = f" — waives {', '.join(r.ids)}" if r.ids else " — no gap to waive"
    return f"waiver {w.id} {until}{src}: {sanitize(w.reason)}{waives}"


def _passage(e: Evidence) -> str:
    """The passage's text, escaped, with the shared terms in bold."""
    text = " ".join(sanitize(e.text).split())
    out: list[str] = []
    pos = 0
    for s, end in term_spans(text, e.shared):
        out += [escape(text[pos:s]), f"**{escape(text[s:end])}**"]
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _explain_clauses(v: Verdict) -> list[str]:
    lines = ["## Clauses", ""]
    seen: dict[tuple[int, str], int] = {}
    for i, cl in enumerate(v.clauses, 1):
        mark = "✔ found" if cl.found else "✘ not found"
        lines.append(f"{i}. {mark}, score {cl.score:.1f}: {escape(cl.text)}")
        e = cl.evidence
        if e is None:
            lines.append("   - No target passage shares its terms.")
            continue
        label = f"{'Passage' if cl.found else 'Closest passage'}, {escape(place(e))}, score {e.score:.1f}"
        if elsewhere := outside(v, cl):
            label += f" ({escape(elsewhere)})"
        key = (e.line, e.text)
        if key in seen:
            lines.append(f"   - {label}: the passage shown for clause {seen[key]}.")
        else:
            seen[key] = i
            lines.append(f"   - {label}: {_passage(e)}")
    return [*lines, ""]


def _explain_evidence(v: Verdict) -> list[str]:
    lines = ["## Evidence", ""]
    if not v.evidence:
        return [*lines, "None: no passage carries the verdict.", ""]
    for i, e in enumerate(v.evidence, 1):
        title = f" ({escape(e.section_title)})" if e.section_title else ""
        shared = escape(term_list(shared_words(e))) or "—"
        lines += [f"{i}. {escape(place(e))}{title}, score {e.score:.1f}, shared: {shared}", "",
                  f"   > {_passage(e)}", ""]
    return lines


def format_explain(c: Comparison, unit_id: str) -> str:
    """Why one unit gets its verdict in the first target: clauses, passages, thresholds."""
    v = find_verdict(c, unit_id)
    t = c.targets[0]
    u = v.unit
    ref_section = next((s for s in c.reference.document.walk() if s.id == u.section), None)
    title = ref_section.title if ref_section else ""
    where = "§" + escape(section_name(v.section, title)) if u.section else "front matter"
    lines = [
        f"# Explain {_id(u.id)} in {escape(t.document.title or t.document.path)}",
        "",
        f"- Section: {where}",
        f"- Kind: {u.kind}, line {u.line} of {escape(c.reference.document.path)}",
        f"- Target: {_doc(t.document.title, t.document.path)}",
        "",
        f"> {escape(body(u))}",
        "",
    ]
    if v.status is None:
        lines += [why(v, None), ""]
    else:
        lines += [f"**Verdict: {SYMBOL[v.status]} {v.status}** — {decision(v, c.options)}.", "",
                  *([f"**Confidence: low** — {escape(v.reason)}: review it.", ""] if v.confidence == "low" else []),
                  *_explain_clauses(v), *_explain_evidence(v),
                  "## Why", "", escape(why(v, alignment_of(t, v))), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------------
# diff: version to version


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f}" if value else "±0"


def rounded_change(old: float | None, new: float | None) -> str:
    """A section's coverage change as its values are shown, in whole percent: 31 % → 47 % is '+16', not '+16.6'."""
    if old is None or new is None:
        return "—"
    change = round(new) - round(old)
    return f"{change:+d}" if change else "±0"


def format_diff(d: VersionDiff, *, show: str = "changes") -> str:
    """What the new draft gained and lost against the reference, as a Markdown report."""
    from ..diff import changes

    rows = changes(d, show)
    ref = d.reference.document
    old, new = d.old, d.new
    regressions = len(d.regressions)
    lines = [
        f"# Changes in coverage of “{escape(ref.title or ref.path)}”",
        "",
        f"- Reference: {_doc(ref.title, ref.path)}",
        f"- Old: {_doc(old.document.title, old.document.path)}",
        f"- New: {_doc(new.document.title, new.document.path)}",
        f"- Thresholds: {thresholds(d.options)}; a partial counts half.",
        "",
        *_table(["", "✔ Covered", "◐ Partial", "✘ Missing", "Coverage"], "lrrrr", [
            ["Old", str(old.count("covered")), str(old.count("partial")), str(old.count("missing")),
             percent(old.percent)],
            ["New", str(new.count("covered")), str(new.count("partial")), str(new.count("missing")),
             f"**{percent(new.percent)}**"],
            ["Change", *(f"{n:+d}" if (n := new.count(s) - old.count(s)) else "±0"
                         for s in ("covered", "partial", "missing")), f"{_signed(d.percent_change)} points"],
        ]),
        "",
        f"{d.count('improved')} improved, {d.count('worsened')} worsened ({regressions} "
        f"regression{'s' if regressions != 1 else ''}: covered before, not now), {d.count('unchanged')} unchanged.",
        "",
        "## Sections",
        "",
    ]
    sections = [s for s in d.sections if s.units]
    if not sections:
        lines += ["None: the reference has no sections with recommendations.", ""]
    else:
        body_rows = []
        for s in sections:
            counterpart = escape(section_name(s.new.target, s.new.target_title or "")) if s.new.target else "—"
            if s.old.target is not None and s.old.target != s.new.target:
                counterpart += f" (was {escape(s.old.target or '—')})"
            body_rows.append([escape(section_name(s.reference, s.title)), bar(s.old.coverage), bar(s.new.coverage),
                              rounded_change(s.old.coverage, s.new.coverage), counterpart])
        lines += [*_table(["Reference section", "Old", "New", "Change", "Counterpart"], "lllrl", body_rows), ""]
    lines += ["## Recommendations", ""]
    if not rows:
        lines += ["None changed: every verdict is the same in both drafts.", ""]
    else:
        if show == "changes":
            lines += [f"{len(rows)} of {len(d.units)} changed.", ""]
        table_rows = []
        for u in rows:
            change = "**regression**" if u.regression else u.change
            table_rows.append([_id(u.unit.id), escape(u.section), escape(gist(u.unit, MD_WORDS)),
                               f"{SYMBOL[u.old_status]} {u.old_status}", f"{SYMBOL[u.new_status]} {u.new_status}",
                               f"{u.old.score:.1f} → {u.new.score:.1f}", change])
        lines += [*_table(["Id", "Section", "Recommendation", "Old", "New", "Score", "Change"], "lllllrl",
                          table_rows), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
