"""The per-document work of ``policydiff scan``: each recommendation's verdict and score, fast.

``compare`` builds a full :class:`~policydiff.models.TargetResult` per target: evidence text, shared terms,
clause explanations, additions, the alignment table. A scan over thousands of documents needs only each
recommendation's status and score, so this module computes those — the same numbers as
:func:`policydiff.align.compare_target`, from the same floating-point operations in the same order — and
reuses align's own section alignment (``align_sections``, ``calibrate``, ``status_for``). What it skips:

- everything that depends only on the reference (its units' terms, clause splits, term repeats,
  reference-side IDF) is computed once per worker (:class:`Prepared`), not once per document;
- the target is parsed once, and its units, which compare never uses for a target, are not built;
- a target sentence's terms are only the reference's vocabulary (a term the reference lacks weighs
  nothing in any score), found by set lookups of its n-grams rather than a dictionary of all of them;
- a clause is scored on the *maximal* windows of each paragraph only (a passage inside another holds a
  subset of its terms and never scores more), and ``align._place``'s per-section maximum is taken
  directly — exact, because its order-dependent tie rule (a later passage within 1e-12 replaces the
  best when it comes earlier in the text) can only matter when two scores of a section nearly tie:
  such a clause is detected and recomputed literally, passage by passage, in compare's order;
- section scores are computed once per recommendation instead of three times.

Known difference: when two *different* spelling variants of an English term are equally similar to it,
``match.Index.variants`` picks the one its set iteration meets first (which depends on the hash seed of
the process); scan picks the first in document order.

``tests/scan/test_scan_engine.py`` checks the results identical to ``compare_target`` on every sample,
every real and dev document in ../shared and a generated corpus, under several options. When matching
changes in ``match.py``/``align.py``/``normalize.py``, those tests say whether this mirror must follow.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import compress
from operator import add, and_, mul
from pathlib import Path

from rapidfuzz import fuzz, process

from ..align import PREFER_ALIGNED, Placed, align_sections, calibrate, script_of, section_order, status_for
from ..clean import clean
from ..errors import InputError, UsageError
from ..match import SPELLING_MIN, SPELLING_SIMILARITY, WINDOW, UnitScores, bodies
from ..models import Document, Options, Outline, Status, Text, Unit
from ..normalize import FUNCTION_EN, STOP_WEIGHT, WORD, clauses, stem, term_text, terms
from ..outline import outline
from ..read import read_bytes
from ..read.sniff import format_for_path, strong_format
from ..script import detect, needs_conversion, to_simplified
from ..units import sentences

_NOT_RESULTS = ("cli.py", "__main__.py", "progress.py", "formats/", "scan/", "gate.py", "baseline.py", "config.py",
                "diff.py", "watch.py", "output.py")
"""Modules that cannot change a verdict (the interface, reports, the scan machinery): editing them keeps
the cache. scan/engine.py does change verdicts and is hashed."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the policydiff source that computes results (once per process): a result cached by
    other code is not reused."""
    root = Path(__file__).resolve().parents[1]  # the policydiff package
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel != "scan/engine.py" and rel.startswith(_NOT_RESULTS):
            continue
        digest.update(rel.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()




_LONG_WORD = 2 + SPELLING_MIN
"""An English term ('e:' + stem) this long may match a spelling variant (match.Index.variants)."""


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
        n = len(self.verdicts)
        if not n:
            return 0.0
        covered = sum(1 for v in self.verdicts if v.status == "covered")
        partial = sum(1 for v in self.verdicts if v.status == "partial")
        return round(100.0 * (covered + 0.5 * partial) / n, 1)


def document_of(text: Text) -> Document:
    """``api.outline_text(text).document`` without building the units (compare never reads a target's)."""
    cleaned = clean(text)
    return replace(outline(cleaned), script=detect(cleaned.content))


def read_document(data: bytes, path: str, *, encoding: str | None = None) -> Text:
    """Read bytes already loaded from ``path`` exactly as ``read.read_path`` reads the file."""
    declared = strong_format(data) or format_for_path(path)
    return read_bytes(data, origin=path, format=declared, encoding=encoding)


def _key(term: str) -> str:
    """The term as scan stores it: a CJK bigram or trigram bare (they never collide), 'e:stem' as is."""
    return term[2:] if term[0] in "bt" else term


@dataclass(frozen=True)
class _Clause:
    text: str
    terms: tuple[str, ...]
    """The clause's terms in match.terms order (the order match.score_unit adds them in), as scan keys."""
    full: tuple[str, ...]
    """The same terms with their prefix, for the spelling-variant lookup."""
    classes: tuple[int, ...]
    """Each term's (reference-side IDF, stop-listed, repeats) as an index into ``_Side.classes``."""
    long: tuple[int, ...]
    """Positions of the English terms long enough to match a spelling variant."""


class _Side:
    """The reference's terms under one conversion setting (as written, or on a Simplified copy)."""

    def __init__(self, reference: Outline, recs: list[Unit], convert: bool) -> None:
        conv: Callable[[str], str] = to_simplified if convert else _same
        ref_terms = [terms(conv(u.text)) for u in reference.units]
        ref_df: dict[str, int] = {}
        for ts in ref_terms:
            for t in ts:
                ref_df[t] = ref_df.get(t, 0) + 1
        nr = max(1, len(ref_terms))
        classes: dict[tuple[float, bool, int], int] = {}
        self.recs: list[list[_Clause]] = []
        self.occurrences: dict[str, tuple[float, list[tuple[int, int, bool, int]]]] = {}
        """Scan key → its reference-side IDF and where the recommendations use it: (clause number over
        all recommendations, position, stop-listed there, repeats in that recommendation)."""
        self.clauses: list[_Clause] = []
        """Every recommendation's clauses, one after the other."""
        self.spans: list[tuple[int, int]] = []
        """Each recommendation's clauses in ``clauses``: (first, end)."""
        for u in recs:
            parts = clauses(u.text) or [u.text]
            clause_terms = [terms(conv(c)) for c in parts]
            # a term repeated in several clauses counts once per unit (match.score_unit)
            repeats: dict[str, int] = {}
            for ts in clause_terms:
                for t in ts:
                    repeats[t] = repeats.get(t, 0) + 1
            out: list[_Clause] = []
            for c, ts in zip(parts, clause_terms, strict=True):
                g = len(self.clauses) + len(out)
                full = tuple(ts)
                keys = tuple(_key(t) for t in full)
                cls = []
                for j, (t, key) in enumerate(zip(full, keys, strict=True)):
                    ref_side = math.log(1 + nr / max(1, ref_df.get(t, 0)))
                    cls.append(classes.setdefault((ref_side, ts[t], repeats[t]), len(classes)))
                    self.occurrences.setdefault(key, (ref_side, []))[1].append((g, j, ts[t], repeats[t]))
                long = tuple(j for j, t in enumerate(full) if t.startswith("e:") and len(t) >= _LONG_WORD)
                out.append(_Clause(c, keys, full, tuple(cls), long))
            self.recs.append(out)
            self.spans.append((len(self.clauses), len(self.clauses) + len(out)))
            self.clauses.extend(out)
        self.classes = list(classes)
        vocab = self.occurrences.keys()
        self.bigrams = frozenset(t for t in vocab if len(t) == 2 and not t.startswith("e:"))
        self.trigrams = frozenset(t for t in vocab if len(t) == 3 and not t.startswith("e:"))
        self.words = frozenset(t for t in vocab if t.startswith("e:"))
        self.variants = any(len(t) >= _LONG_WORD for t in self.words)
        """Whether a reference term may be matched by a spelling variant (English only)."""
        self.convert = conv


def _same(text: str) -> str:
    return text


class Prepared:
    """Everything about the reference that scoring a document needs: computed once per worker."""

    def __init__(self, reference: Outline, options: Options | None = None) -> None:
        self.reference = reference
        self.options = options or Options()
        self.recs = [u for u in reference.units if u.kind == "recommendation"]
        if not self.recs:
            raise UsageError(f"{reference.document.path}: the reference has no recommendations to look for")
        self.script = script_of([u.text for u in self.recs])
        self._sides: dict[bool, _Side] = {}

    def side(self, convert: bool) -> _Side:
        side = self._sides.get(convert)
        if side is None:
            side = self._sides[convert] = _Side(self.reference, self.recs, convert)
        return side

    def score(self, document: Document) -> tuple[UnitResult, ...]:
        """Each recommendation's status, score and 'moved' flag, identical to compare_target's verdicts."""
        options = self.options
        convert = options.script == "auto" and (
            needs_conversion(self.reference.document.script) or needs_conversion(document.script))
        target = _Target(document, self.side(convert))
        placed: dict[str, Placed] = dict(zip((u.id for u in self.recs), target.place(self.recs), strict=True))
        script = self.script
        first = {uid: calibrate(p.best_section(None)[1], script) for uid, p in placed.items()}
        alignments = align_sections(self.reference, placed, Outline(document, ()),
                            {uid: status_for(s, options) for uid, s in first.items()}, options, script)
        aligned = {a.reference_id: a.target_id for a in alignments}
        out: list[UnitResult] = []
        for u in self.recs:
            prefer = aligned.get(u.section)
            section, raw = placed[u.id].best_section(prefer)
            score = calibrate(raw, script)
            st = status_for(score, options)
            moved = st != "missing" and section is not None and prefer is not None and not (
                section == prefer or section.startswith(prefer + "."))
            out.append(UnitResult(st, score, moved))
        return tuple(out)


@dataclass(frozen=True)
class _Memo(Placed):
    """align.Placed with every section score computed once, up front, by the same sums.

    ``section_score`` is ``sum(c.weight * s for …)`` over the clauses in order — ``sum(map(mul, …))``
    adds the same products in the same order — and ``best_section`` is align's choice (best score,
    ties to the earlier section; the aligned section when within PREFER_ALIGNED of it) without
    rebuilding the sort keys of every section for every call.
    """

    memo: dict[str, float] = field(default_factory=dict)

    def section_score(self, section: str) -> float:
        return self.memo.get(section, 0.0)

    def best_section(self, prefer: str | None) -> tuple[str | None, float]:
        scores = self.memo
        if not scores:
            return None, 0.0
        high = max(scores.values())
        tops = [sid for sid, v in scores.items() if v == high]
        top = tops[0] if len(tops) == 1 else min(tops, key=section_order)
        if prefer is not None and prefer in scores and scores[prefer] >= PREFER_ALIGNED * scores[top]:
            top = prefer
        return top, scores[top]


_NEAR = 1e-9
"""Relative closeness under which two different clause scores of one section count as a near tie."""


class _Target:
    """One target's sentences, windows and postings, restricted to the reference's vocabulary.

    Passages are windows of 1–3 consecutive sentences of one paragraph, numbered as match.make_passages
    numbers them (``k``). A passage inside a longer window of the same paragraph holds a subset of its
    terms, so it never scores more for any clause: the per-section maxima come from the *maximal* windows
    alone (numbered ``m``): a paragraph's 3-sentence windows, or the whole paragraph when it is shorter.
    """

    def __init__(self, document: Document, side: _Side) -> None:
        self.side = side
        conv = side.convert
        bigrams, trigrams, words = side.bigrams, side.trigrams, side.words
        has_bigram = bigrams.__contains__
        variants = side.variants
        english = bool(words) or variants
        where: dict[str, list[int]] = {}
        """Vocabulary term → the sentences holding it (its target-side document frequency is the length)."""
        sections: list[str] = []
        window_section: list[int] = []
        cover_max: list[list[int]] = []
        blocks_at: list[tuple[int, int, str]] = []  # (first sentence, end, section id) of each paragraph
        long: list[set[str]] = []  # each sentence's long English terms (candidates for spelling variants)
        numbers: dict[str, int] = {}
        i = 0
        for sid, blocks in bodies(document):
            sec = numbers.get(sid)
            if sec is None:
                sec = numbers[sid] = len(sections)
                sections.append(sid)
            for block in blocks:
                first = i
                for _, sentence in sentences(block.text):
                    folded = term_text(conv(sentence))
                    # the n-grams of the whole sentence: one that spans a non-CJK character is in no
                    # vocabulary, so this equals the n-grams of each CJK run (normalize.terms); a
                    # trigram can only be a term where both its bigrams are (the reference's runs
                    # hold both), so trigrams are only built there
                    pairs = list(map(add, folded, folded[1:]))
                    hits = list(map(has_bigram, pairs))
                    found = set(compress(pairs, hits))
                    if len(found) > 1:
                        found.update(trigrams.intersection(
                            [folded[j : j + 3] for j in compress(range(len(hits) - 1), map(and_, hits, hits[1:]))]))
                    more: set[str] = set()
                    if english:
                        for word in WORD.findall(folded):
                            if len(word) < 2 and not word.isdigit():
                                continue
                            if word in FUNCTION_EN:
                                continue
                            key = "e:" + stem(word)
                            if key in words:
                                found.add(key)
                            if variants and len(key) >= _LONG_WORD:
                                more.add(key)
                    for t in found:
                        lst = where.get(t)
                        if lst is None:
                            where[t] = [i]
                        else:
                            lst.append(i)
                    long.append(more)
                    i += 1
                if i == first:
                    continue
                blocks_at.append((first, i, sid))
                # the maximal windows of this paragraph, and for each sentence the ones holding it
                size = i - first
                if size <= WINDOW:
                    m = len(window_section)
                    window_section.append(sec)
                    cover_max.extend([m] for _ in range(size))
                else:
                    base = len(window_section)
                    count = size - WINDOW + 1
                    window_section.extend([sec] * count)
                    for j in range(size):
                        cover_max.append(list(range(base + max(0, j - WINDOW + 1), base + min(j, count - 1) + 1)))
        self.where = where
        self.sections = sections
        self.window_section = window_section
        self._cover_max = cover_max
        self._blocks = blocks_at
        self._long = long
        self.nt = max(1, i)
        self._passages: tuple[list[str], list[list[int]]] | None = None
        self._latin: list[str] | None = None
        self._variant: dict[str, tuple[list[int], list[int], float] | None] = {}

    def passages(self) -> tuple[list[str], list[list[int]]]:
        """Every passage's section and, for each sentence, the passages holding it (ascending): the
        numbering of match.make_passages, built only when a near tie needs it."""
        if self._passages is None:
            section: list[str] = []
            cover: list[list[int]] = [[] for _ in range(self.nt)]
            for first, end, sid in self._blocks:
                for i in range(first, end):
                    for size in range(1, WINDOW + 1):
                        if i + size > end:
                            break
                        k = len(section)
                        section.append(sid)
                        for j in range(i, i + size):
                            cover[j].append(k)
            self._passages = (section, cover)
        return self._passages

    def postings(self, term: str) -> list[int]:
        """The passages holding a vocabulary term, ascending (match.Index.postings[term])."""
        cover = self.passages()[1]
        sents = self.where[term]
        if len(sents) == 1:
            return cover[sents[0]]
        return sorted({k for i in sents for k in cover[i]})

    def variant(self, term: str) -> tuple[list[int], list[int], float] | None:
        """match.Index.variants for a long English term the target lacks: the passages (and maximal
        windows) holding its closest spelling variant, and the similarity; None without one."""
        if term in self._variant:
            return self._variant[term]
        if self._latin is None:
            # every long English term of the target, in order of first appearance
            self._latin = list(dict.fromkeys(t for words in self._long for t in sorted(words)))
        hit = process.extractOne(term, self._latin, scorer=fuzz.ratio, score_cutoff=SPELLING_SIMILARITY)
        got = None
        if hit is not None:
            sents = [i for i, words in enumerate(self._long) if hit[0] in words]
            cover = self.passages()[1]
            got = (sorted({k for i in sents for k in cover[i]}),
                   sorted({m for i in sents for m in self._cover_max[i]}), hit[1] / 100.0)
        self._variant[term] = got
        return got

    def place(self, recs: list[Unit]) -> list[Placed]:
        """match.score_unit followed by align._place, for every recommendation."""
        side = self.side
        nt = self.nt
        where = self.where
        # weights as match.Index.weight / repeats: sqrt(reference-side IDF × target-side IDF), a
        # stop-listed term times STOP_WEIGHT; first every class of term for a term the target lacks …
        absent = math.log(1 + nt / max(1, 0))
        class_w = []
        for ref_side, stop, rep in side.classes:
            value = math.sqrt(ref_side * absent)
            class_w.append((value * STOP_WEIGHT if stop else value) / rep)
        get_class = class_w.__getitem__
        all_clauses = side.clauses
        weights = [list(map(get_class, c.classes)) for c in all_clauses]
        # … then the terms it holds, with the maximal windows that hold them
        present: list[list[tuple[int, float, list[int] | set[int]]] | None] = [None] * len(all_clauses)
        occurrences = side.occurrences
        cover_max = self._cover_max
        for t, sents in where.items():
            ref_side, occ = occurrences[t]
            value = math.sqrt(ref_side * math.log(1 + nt / max(1, len(sents))))
            windows = cover_max[sents[0]] if len(sents) == 1 else {m for i in sents for m in cover_max[i]}
            for g, j, stop, rep in occ:
                w = weights[g][j] = (value * STOP_WEIGHT if stop else value) / rep
                got = present[g]
                if got is None:
                    present[g] = [(j, w, windows)]
                else:
                    got.append((j, w, windows))
        if side.variants:
            for g, c in enumerate(all_clauses):
                for j in c.long:
                    if c.terms[j] not in where:
                        hit = self.variant(c.full[j])
                        if hit is not None:
                            got = present[g]
                            if got is None:
                                got = present[g] = []
                            got.append((j, weights[g][j] * hit[2], hit[1]))
        out: list[Placed] = []
        nwin = len(self.window_section)
        for u, (first, end) in zip(recs, side.spans, strict=True):
            masses = [sum(weights[g]) for g in range(first, end)]
            total = sum(masses) or 1.0
            n = end - first
            by_section: dict[str, list[float]] = {}
            for ci in range(n):
                g = first + ci
                mass = masses[ci]
                contributions = present[g]
                if not mass or contributions is None:
                    continue
                # in clause order, as match.score_unit adds them (positions are unique: no tuple ties)
                contributions.sort()
                # each maximal window's score, summed term by term in clause order
                acc = [0.0] * nwin
                touched: set[int] = set()
                smallest = mass
                for _, w, windows in contributions:
                    if w < smallest:
                        smallest = w
                    touched.update(windows)
                    for m in windows:
                        acc[m] += w
                slots_of = self._best_by_section(acc, touched, mass, smallest)
                if slots_of is None:
                    slots_of = self._clause_exact(all_clauses[g], weights[g], mass)
                for sid, s in slots_of.items():
                    slots = by_section.get(sid)
                    if slots is None:
                        slots = by_section[sid] = [0.0] * n
                    slots[ci] = s
            cw = [m / total for m in masses]
            memo = {sid: sum(map(mul, cw, slots)) for sid, slots in by_section.items()}
            # by_section holds each clause's score alone, not align._place's (passage, score) pairs:
            # align reads only its keys, and the two methods that read values are _Memo's own
            out.append(_Memo(UnitScores(u, ()), by_section, memo))  # type: ignore[arg-type]
        return out

    def _best_by_section(self, acc: list[float], touched: set[int], mass: float, smallest: float
                         ) -> dict[str, float] | None:
        """Each section's best clause score, from the maximal windows; None on a near tie.

        A window's score is its terms' weights summed in clause order, exactly as match.score_unit sums
        them, so equal term sets give equal scores, and a window inside another scores the same or at
        least one term's weight (``smallest``) less. With the best score S of a section and no other
        within ``_NEAR × mass`` of it, align._place's slot ends on S whatever the order it sees the
        passages in (it only keeps a smaller score than the best within 1e-12 of it), and a smaller
        passage cannot hide a near tie. Otherwise (None) the caller runs align._place's loop literally.
        """
        near = _NEAR * mass
        if smallest <= 1000 * near:
            return None
        win_section = self.window_section
        names = self.sections
        out: dict[str, float] = {}
        # a section's windows are consecutive: walk them in order, one section after the other
        current = -1
        b = -1.0
        for m in sorted(touched):
            v = acc[m]
            sec = win_section[m]
            if sec != current:
                if current >= 0:
                    out[names[current]] = min(1.0, b / mass)
                current, b = sec, v
            elif v > b:
                if v - b < near:
                    return None
                b = v
            elif v != b and b - v < near:
                return None
        if current >= 0:
            out[names[current]] = min(1.0, b / mass)
        return out

    def _clause_exact(self, c: _Clause, ws: list[float], mass: float) -> dict[str, float]:
        """match.score_unit's passage scores and align._place's slots, literally (for near ties).

        Within a section align._place keeps the best score, except that a later passage within 1e-12 of
        it replaces it when it comes earlier in the text: the result depends on the order, which is the
        order the scores were first added to, reproduced here.
        """
        acc: dict[int, float] = {}
        long = set(c.long) if self.side.variants else set()
        for j, (t, w) in enumerate(zip(c.terms, ws, strict=True)):
            if t in self.where:
                for k in self.postings(t):
                    acc[k] = acc.get(k, 0.0) + w
            elif j in long:
                hit = self.variant(c.full[j])
                if hit is not None:
                    for k in hit[0]:
                        acc[k] = acc.get(k, 0.0) + w * hit[2]
        section = self.passages()[0]
        slots: dict[str, tuple[int | None, float]] = {}
        for k, v in acc.items():
            s = min(1.0, v / mass)
            sid = section[k]
            old_k, old_s = slots.get(sid, (None, 0.0))
            if s > old_s + 1e-12 or (abs(s - old_s) <= 1e-12 and old_k is not None and k < old_k):
                slots[sid] = (k, s)
        return {sid: s for sid, (_, s) in slots.items()}


def score_text(prepared: Prepared, text: Text) -> DocResult:
    """Parse one document and judge every recommendation in it."""
    document = document_of(text)
    return DocResult(text.origin, text.sha256, text.format, document.title, prepared.score(document))


def score_bytes(prepared: Prepared, data: bytes, path: str, sha256: str, *, encoding: str | None = None) -> DocResult:
    """Read, parse and judge one document held in memory; an unreadable one comes back with its error."""
    fmt = strong_format(data) or format_for_path(path) or ""
    try:
        text = read_document(data, path, encoding=encoding)
    except InputError as e:
        return DocResult(path, sha256, fmt, error=e.detail)
    return score_text(prepared, text)
