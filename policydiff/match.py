"""Score every reference unit against the target's passages, clause by clause.

A unit is cut into clauses; the target into passages (windows of 1–3 consecutive sentences of one
paragraph). Terms are weighted by rarity over all sentences in play (IDF) with a policy stop-list, so
that distinctive terms (警综平台, 网评队伍, abstraction) decide. A clause's coverage by a passage is the
weighted share of the clause's terms that the passage contains, so a document compared with itself
scores 1.0 on every clause. Several passages may jointly cover one unit: each clause keeps its own
best passage.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from .models import Block, Document, Unit
from .normalize import STOP_WEIGHT, clauses, fold, negated, stem, terms
from .script import to_simplified
from .units import block_sentences

WINDOW = 3
SPELLING_MIN = 6
"""English stems at least this long may match a spelling variant (rapidfuzz ratio)."""
SPELLING_SIMILARITY = 88.0
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Passage:
    """A window of consecutive target sentences inside one paragraph."""

    text: str
    section: str
    """Id of the target section it is in ('' for front matter)."""
    line: int
    start: int
    """Index of its first sentence in the target's sentence list."""
    size: int
    end_line: int
    """Source line of its last character."""


@dataclass(frozen=True)
class ClauseScores:
    """One clause of a unit and how well each passage covers it (only passages sharing a term)."""

    text: str
    weight: float
    """The clause's share of the unit's term weight (the shares of a unit sum to 1)."""
    term_weights: Mapping[str, float]
    by_passage: Mapping[int, float]
    """Passage index → share of the clause's term weight found in that passage (0–1)."""

    def best(self, allowed: frozenset[int] | None = None) -> tuple[int | None, float]:
        """The best passage (optionally among ``allowed``) and its score; ties go to the first."""
        items = self.by_passage.items()
        return best_passage(items if allowed is None else ((k, s) for k, s in items if k in allowed))


def best_passage(scores: Iterable[tuple[int, float]]) -> tuple[int | None, float]:
    """The best of some (passage, score) pairs; ties go to the first passage. (None, 0.0) for none."""
    best_k, best_s = None, 0.0
    for k, s in scores:
        if s > best_s + 1e-12 or (abs(s - best_s) <= 1e-12 and (best_k is None or k < best_k)):
            best_k, best_s = k, s
    return best_k, best_s


@dataclass(frozen=True)
class UnitScores:
    unit: Unit
    clauses: tuple[ClauseScores, ...]

    def score(self, allowed: frozenset[int] | None = None) -> float:
        """Weighted share of the unit's clauses covered (each by its best allowed passage)."""
        return sum(c.weight * c.best(allowed)[1] for c in self.clauses)


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str
    line: int
    block: int
    end_line: int
    """Source line of its last character."""


def bodies(document: Document) -> Iterable[tuple[str, tuple[Block, ...]]]:
    yield "", document.blocks
    for s in document.walk():
        if s.title:
            yield s.id, (Block(s.title, s.line),)
        yield s.id, s.blocks


def target_sentences(document: Document) -> list[Sentence]:
    """Every sentence of the target (section titles included), in order, with its section and line."""
    out: list[Sentence] = []
    block_no = 0
    for sid, blocks in bodies(document):
        for block in blocks:
            block_no += 1
            for offset, text in block_sentences(block):
                out.append(Sentence(text, sid, block.line_at(offset), block_no, block.line_at(offset + len(text) - 1)))
    return out


def _join(parts: Iterable[str]) -> str:
    out = ""
    for p in parts:
        out += (" " if out and out[-1].isascii() and p[:1].isascii() else "") + p
    return out


def make_passages(sents: list[Sentence]) -> list[Passage]:
    """Every window of 1–3 sentences of one paragraph, in order, less the repeats: a window whose section and
    sentences equal an earlier one's scores exactly as that one does and would lose every tie to it, so it
    is left out (a document of one sentence repeated 100,000 times has three passages, not 300,000)."""
    out: list[Passage] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for i, s in enumerate(sents):
        for size in range(1, WINDOW + 1):
            j = i + size
            if j > len(sents) or sents[j - 1].block != s.block:
                break
            key = (s.section, tuple(x.text for x in sents[i:j]))
            if key in seen:
                continue
            seen.add(key)
            out.append(Passage(_join(key[1]), s.section, s.line, i, size, sents[j - 1].end_line))
    return out


class Index:
    """IDF weights over the sentences in play and an inverted index of the target's passages."""

    def __init__(self, reference: Iterable[str], target: Document, *, convert_reference: bool = False,
                 convert_target: bool = False) -> None:
        self.sentences = target_sentences(target)
        self.passages = make_passages(self.sentences)
        self.section_of = [p.section for p in self.passages]
        """Passage → the id of its section."""
        self._convert_reference = convert_reference
        self._convert_target = convert_target
        ref_terms = [self.reference_terms(t) for t in reference]
        sent_terms = _sentence_terms(self.sentences, convert_target)
        # rarity on both sides: a term tells recommendations apart when few of them use it (reference side)
        # and it is specific when few target sentences use it (target side); the weight is the geometric
        # mean of the two IDFs, so boilerplate of either document counts little
        self._ref_df = _document_frequency(ref_terms)
        # the index is by sentence (a sentence is in up to six passages: the passage-level index of a 20 MB
        # text held gigabytes); a term's passages are worked out when it is first looked up
        sentences_of: dict[str, list[int]] = defaultdict(list)
        for i, st in enumerate(sent_terms):
            for t in st:
                sentences_of[t].append(i)
        self._sentences_of = dict(sentences_of)
        self._sent_terms = sent_terms
        self._cover: list[list[int]] = [[] for _ in self.sentences]
        """Sentence → the passages holding it, in order."""
        for k, p in enumerate(self.passages):
            for i in range(p.start, p.start + p.size):
                self._cover[i].append(k)
        self._nr, self._nt = max(1, len(ref_terms)), max(1, len(sent_terms))
        self._idf: dict[str, float] = {}
        self._postings: dict[str, list[int]] = {}
        self._denies = [negated(s.text) for s in self.sentences]
        self.denies = any(self._denies)
        """Some sentence of the target is negated ('The force does not publish …'): what it alone holds is no
        evidence for a clause that is not itself negated (:meth:`denied`)."""
        self._denied: dict[str, set[int]] = {}
        self._folded: dict[int, tuple[str, list[int], str]] = {}
        self._latin: list[str] | None = None

    def postings(self, term: str) -> list[int] | None:
        """The passages holding ``term``, in order; None when the target does not use it."""
        got = self._postings.get(term)
        if got is None:
            sents = self._sentences_of.get(term)
            if sents is None:
                return None
            cover = self._cover
            got = self._postings[term] = sorted({k for i in sents for k in cover[i]})
        return got

    def denied(self, term: str) -> set[int]:
        """The passages that hold ``term`` in negated sentences only."""
        got = self._denied.get(term)
        if got is None:
            sents = self._sentences_of.get(term, [])
            cover, denies = self._cover, self._denies
            plain = {k for i in sents if not denies[i] for k in cover[i]}
            got = self._denied[term] = {k for i in sents if denies[i] for k in cover[i]} - plain
        return got

    def terms_of(self, passage: int) -> set[str]:
        """The terms of a passage (its sentences')."""
        p = self.passages[passage]
        out: set[str] = set()
        for st in self._sent_terms[p.start : p.start + p.size]:
            out.update(st)
        return out

    def variants(self, term: str) -> list[tuple[int, float]]:
        """For a term the target lacks, the passages holding a spelling variant of it (organisation/
        organization, neighbourhood/neighborhood, co-ordinator/coordinator), with the similarity (0–1)."""
        if not term.startswith("e:") or len(term) < 2 + SPELLING_MIN:
            return []
        if self._latin is None:
            self._latin = sorted(t for t in self._sentences_of if t.startswith("e:") and len(t) >= 2 + SPELLING_MIN)
        hit = process.extractOne(term, self._latin, scorer=fuzz.ratio, score_cutoff=SPELLING_SIMILARITY)
        if hit is None:
            return []
        return [(k, hit[1] / 100.0) for k in self.postings(hit[0]) or ()]

    def folded(self, passage: int) -> tuple[str, list[int], str]:
        """The passage's folded text, for each folded character its index in the display text, and the
        display text: the passage as written, or its Simplified copy when conversion changed its length."""
        cached = self._folded.get(passage)
        if cached is None:
            text = self.passages[passage].text
            if self._convert_target:
                converted = to_simplified(text)
                # phrase conversion may change the length (網際網路 → 互联网): then show the converted spans
                text = converted if len(converted) != len(text) else text
                folded, origin = _folded_with_origin(converted)
                cached = (folded, origin, text)
            else:
                folded, origin = _folded_with_origin(text)
                cached = (folded, origin, text)
            self._folded[passage] = cached
        return cached

    def reference_terms(self, text: str) -> dict[str, bool]:
        """Terms of reference text, on the Simplified copy when the comparison converts the reference."""
        return terms(to_simplified(text) if self._convert_reference else text)

    def idf(self, term: str) -> float:
        """Geometric mean of the term's IDF among the reference's units and among the target's sentences."""
        value = self._idf.get(term)
        if value is None:
            ref_side = math.log(1 + self._nr / max(1, self._ref_df.get(term, 0)))
            target_side = math.log(1 + self._nt / max(1, len(self._sentences_of.get(term, ()))))
            value = self._idf[term] = math.sqrt(ref_side * target_side)
        return value

    def weight(self, term: str, stop: bool) -> float:
        w = self.idf(term)
        return w * STOP_WEIGHT if stop else w


def _sentence_terms(sents: list[Sentence], convert: bool) -> list[dict[str, bool]]:
    """The terms of each sentence; sentences of the same text share one dict, and every dict the same string
    for the same term (each sentence's own copies held a third of the memory of a 5 MB table)."""
    by_text: dict[str, dict[str, bool]] = {}
    one: dict[str, str] = {}
    out: list[dict[str, bool]] = []
    for s in sents:
        found = by_text.get(s.text)
        if found is None:
            found = terms(to_simplified(s.text) if convert else s.text)
            found = by_text[s.text] = {one.setdefault(t, t): v for t, v in found.items()}
        out.append(found)
    return out


def _document_frequency(docs: Iterable[Mapping[str, bool]]) -> dict[str, int]:
    df: dict[str, int] = defaultdict(int)
    for terms_of_doc in docs:
        for t in terms_of_doc:
            df[t] += 1
    return df


def score_unit(unit: Unit, index: Index) -> UnitScores:
    parts = clauses(unit.text) or [unit.text]
    clause_terms = [index.reference_terms(c) for c in parts]
    # a term repeated in several clauses (保安 in every clause of 创新保安服务) counts once per unit
    repeats: dict[str, int] = defaultdict(int)
    for ts in clause_terms:
        for t in ts:
            repeats[t] += 1
    weighted: list[tuple[str, dict[str, float]]] = [
        (c, {t: index.weight(t, stop) / repeats[t] for t, stop in ts.items()}) for c, ts in zip(parts, clause_terms, strict=True)
    ]
    total = sum(sum(ws.values()) for _, ws in weighted) or 1.0
    out: list[ClauseScores] = []
    for c, ws in weighted:
        mass = sum(ws.values())
        # the sums by passage, in a list (a dict's get and set per posting took seconds on a 5 MB target); the
        # passages in the order they were first reached, as a dict of the sums would hold them
        acc = [0.0] * len(index.passages)
        reached: list[int] = []
        check = index.denies and not negated(c)
        for t, w in ws.items():
            exact = index.postings(t)
            if exact is not None:
                denied = index.denied(t) if check else None
                for k in exact:
                    if denied and k in denied:
                        continue  # said only where the target denies it
                    v = acc[k]
                    if not v:
                        reached.append(k)
                    acc[k] = v + w
            else:
                for k, similarity in index.variants(t):
                    v = acc[k]
                    if not v:
                        reached.append(k)
                    acc[k] = v + w * similarity
        by_passage = {k: acc[k] / mass if acc[k] < mass else 1.0 for k in reached} if mass else {}
        out.append(ClauseScores(c, mass / total, ws, by_passage))
    return UnitScores(unit, tuple(out))


def shared_terms(clause: ClauseScores, passage: int, index: Index) -> tuple[str, ...]:
    """What a clause shares with a passage, as the passage spells it, most distinctive first.

    Overlapping Chinese n-grams merge into the spans they cover (视频+频监+监控 → 视频监控); English
    stems come back as the passage's own words (servic → services).
    """
    have = index.terms_of(passage)
    weights = {t: w for t, w in clause.term_weights.items() if t in have}
    spans: dict[str, float] = {}
    folded, origin, text = index.folded(passage)
    covered = [0.0] * len(folded)
    for term, w in weights.items():
        if term[0] in "bt":
            gram = term[2:]
            start = folded.find(gram)
            while start >= 0:
                for i in range(start, start + len(gram)):
                    covered[i] = max(covered[i], w)
                start = folded.find(gram, start + 1)
    i = 0
    while i < len(folded):
        if covered[i] > 0:
            j = i
            while j < len(folded) and covered[j] > 0:
                j += 1
            span = text[origin[i] : origin[j - 1] + 1]
            spans[span] = max(spans.get(span, 0.0), sum(covered[i:j]))
            i = j
        else:
            i += 1
    stems = {t[2:]: w for t, w in weights.items() if t.startswith("e:")}
    for m in _WORD_RE.finditer(text):
        word = m.group(0)
        st = stem(word.lower())
        if st in stems:
            spans[word] = max(spans.get(word, 0.0), stems[st])
    return tuple(sorted(spans, key=lambda x: (-spans[x], x)))


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` character by character, with each folded character's index in ``text``."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for f in _fold_char(ch):
            out.append(f)
            origin.append(i)
    return "".join(out), origin


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return fold(ch)
