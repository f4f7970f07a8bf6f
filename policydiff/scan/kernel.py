"""The numerical core of scan: every recommendation's score in every target section, over arrays.

The same numbers as ``match.score_unit`` followed by ``align._place`` and ``Placed.section_scores``, from
the same floating-point operations in the same order (products, quotients and square roots are
IEEE-exact in numpy as in Python; logarithms and sums are Python's; a passage's score adds its terms'
weights one after the other, in clause order), without looping in Python over terms and passages:

- the reference side (:class:`Side`) numbers the terms of the recommendations and lays every
  occurrence of a term in a clause out in arrays, once per worker;
- a target (:class:`Target`) is folded sentence by sentence (``normalize.term_text``), joined, and its
  CJK bigrams and trigrams are looked up among the reference's (sorted integer codes: the text as
  UTF-32 code points, 21 bits each), its English words stemmed; a term the reference lacks weighs
  nothing in any score, so no other term is kept;
- a clause is scored on the *maximal* windows of each paragraph only (a passage inside another holds a
  subset of its terms and never scores more), and ``align._place``'s per-section maximum is taken
  directly — exact, because its order-dependent tie rule (a later passage within 1e-12 replaces the
  best when it comes earlier in the text) can only matter when two scores of a section nearly tie:
  such a clause is detected and recomputed literally, passage by passage, in compare's order.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz, process

from ..align import CALIBRATION
from ..match import SPELLING_MIN, SPELLING_SIMILARITY, WINDOW, bodies
from ..models import Document, Outline, Unit
from ..normalize import FUNCTION_EN, STOP_WEIGHT, WORD, clauses, negated, stem, term_text, terms
from ..script import to_simplified
from ..units import block_sentences

_LONG_WORD = 2 + SPELLING_MIN
"""An English term ('e:' + stem) this long may match a spelling variant (match.Index.variants)."""
_MAX_WORDS = 1 << 16
"""English words whose term a worker remembers (Side.word_term), at most."""


def _key(term: str) -> str:
    """The term as scan stores it: a CJK bigram or trigram bare (they never collide), 'e:stem' as is."""
    return term[2:] if term[0] in "bt" else term


@dataclass(frozen=True)
class Clause:
    text: str
    terms: tuple[str, ...]
    """The clause's terms in match.terms order (the order match.score_unit adds them in), as scan keys."""
    full: tuple[str, ...]
    """The same terms with their prefix, for the spelling-variant lookup."""
    long: tuple[int, ...]
    """Positions of the English terms long enough to match a spelling variant."""
    negated: bool
    """The clause is itself negated: a target's negated sentences are evidence for it (match.score_unit)."""


def _lookup(grams: list[str], numbers: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """CJK bigrams or trigrams as sorted integer codes (21 bits per character) and their term numbers in
    the same order; a sentinel above every code ends the codes, so a lookup never runs past them."""
    codes = np.array([_gram_code(g) for g in grams], dtype=np.int64)
    order = np.argsort(codes)
    return (np.append(codes[order], np.int64(1) << 62),
            np.append(np.array(numbers, dtype=np.int64)[order], -1))


def _gram_code(gram: str) -> int:
    code = 0
    for ch in gram:
        code = code << 21 | ord(ch)
    return code


class Side:
    """The reference's terms under one conversion setting (as written, or on a Simplified copy), as arrays.

    Every term the recommendations use gets a number (``vocabulary``); every occurrence of a term in a
    clause is one entry of the ``occ_*`` arrays, in the order match.score_unit adds the terms: clause by
    clause, and within a clause in match.terms order.
    """

    def __init__(self, reference: Outline, recs: list[Unit], convert: bool) -> None:
        conv: Callable[[str], str] = to_simplified if convert else _same
        ref_terms = [terms(conv(u.text)) for u in reference.units]
        ref_df: dict[str, int] = {}
        for ts in ref_terms:
            for t in ts:
                ref_df[t] = ref_df.get(t, 0) + 1
        nr = max(1, len(ref_terms))
        vocabulary: dict[str, int] = {}
        """Scan key → term number."""
        ref_side: list[float] = []
        """Each term's reference-side IDF."""
        occ_clause: list[int] = []
        occ_term: list[int] = []
        occ_factor: list[float] = []
        occ_repeats: list[int] = []
        self.clauses: list[Clause] = []
        """Every recommendation's clauses, one after the other."""
        rec_of: list[int] = []
        self.spans: list[tuple[int, int]] = []
        """Each recommendation's clauses in ``clauses``: (first, end)."""
        for r, u in enumerate(recs):
            parts = clauses(u.text) or [u.text]
            clause_terms = [terms(conv(c)) for c in parts]
            # a term repeated in several clauses counts once per unit (match.score_unit)
            repeats: dict[str, int] = {}
            for ts in clause_terms:
                for t in ts:
                    repeats[t] = repeats.get(t, 0) + 1
            for c, ts in zip(parts, clause_terms, strict=True):
                full = tuple(ts)
                keys = tuple(_key(t) for t in full)
                for t, key in zip(full, keys, strict=True):
                    number = vocabulary.get(key)
                    if number is None:
                        number = vocabulary[key] = len(vocabulary)
                        ref_side.append(math.log(1 + nr / max(1, ref_df.get(t, 0))))
                    occ_clause.append(len(self.clauses))
                    occ_term.append(number)
                    occ_factor.append(STOP_WEIGHT if ts[t] else 1.0)
                    occ_repeats.append(repeats[t])
                long = tuple(j for j, t in enumerate(full) if t.startswith("e:") and len(t) >= _LONG_WORD)
                self.clauses.append(Clause(c, keys, full, long, negated(c)))
                rec_of.append(r)
            self.spans.append((self.spans[-1][1] if self.spans else 0, len(self.clauses)))
        self.vocabulary = vocabulary
        self.keys = list(vocabulary)
        """Term number → scan key."""
        self.ref_side = np.array(ref_side, dtype=np.float64)
        self.occ_clause = np.array(occ_clause, dtype=np.int64)
        self.occ_term = np.array(occ_term, dtype=np.int64)
        self.occ_factor = np.array(occ_factor, dtype=np.float64)
        """STOP_WEIGHT for a stop-listed occurrence, else 1.0 (a product that changes nothing)."""
        self.occ_repeats = np.array(occ_repeats, dtype=np.float64)
        self.occ_first = np.searchsorted(self.occ_clause, np.arange(len(self.clauses) + 1))
        """Each clause's occurrences: occ_first[g] to occ_first[g + 1]."""
        self.clause_negated = np.array([c.negated for c in self.clauses], dtype=bool)
        self.rec_of = np.array(rec_of, dtype=np.int64)
        """Each clause's recommendation (its position among the recommendations)."""
        self.recs = len(recs)
        cjk = [k for k in self.keys if not k.startswith("e:")]
        bigrams = [k for k in cjk if len(k) == 2]
        trigrams = [k for k in cjk if len(k) == 3]
        self.bigram_codes, self.bigram_terms = _lookup(bigrams, [vocabulary[k] for k in bigrams])
        self.trigram_codes, self.trigram_terms = _lookup(trigrams, [vocabulary[k] for k in trigrams])
        self.cjk_chars = np.zeros(0x110000, dtype=bool)
        """Whether a code point is a character of one of the CJK terms."""
        self.cjk_chars[[ord(ch) for k in cjk for ch in k]] = True
        self.words = {k: n for k, n in vocabulary.items() if k.startswith("e:")}
        self.variants = any(len(t) >= _LONG_WORD for t in self.words)
        """Whether a reference term may be matched by a spelling variant (English only)."""
        self.convert = conv
        self._word_terms: dict[str, str] = {}
        self.word_starts = _word_starts(self.words) if self.words and not self.variants else None
        """What every word whose term is one of the reference's starts with (when no spelling variant is in
        play): a text is searched for these, not cut into all its words."""

    def word_term(self, word: str) -> str:
        """The term ('e:' + stem, normalize.terms' filter) of an English word when it is one of the
        reference's or may be a spelling variant of one, else ''; remembered per word (as normalize
        remembers stems)."""
        key = self._word_terms.get(word)
        if key is None:
            if len(self._word_terms) >= _MAX_WORDS:
                self._word_terms.clear()
            key = ""
            if (len(word) >= 2 or word.isdigit()) and word not in FUNCTION_EN:
                term = "e:" + stem(word)
                if term in self.words or (self.variants and len(term) >= _LONG_WORD):
                    key = term
            self._word_terms[word] = key
        return key


def _same(text: str) -> str:
    return text


def calibrate_all(raw: np.ndarray, script: str) -> np.ndarray:
    """``align.calibrate`` of every raw score. The linear pieces are the same IEEE operations in the same
    order; ``round(value, 1)`` is the nearest double to a decimal rounded to one digit, which is what
    rint(value × 10) / 10 gives too, except where value × 10 lies within a rounding error of a half (…x.x5):
    there Python's round is asked."""
    low, high = CALIBRATION[script]
    value = np.where(raw <= low, 35.0 * raw / low,
                     np.where(raw <= high, 35.0 + 25.0 * (raw - low) / (high - low),
                              60.0 + 40.0 * (raw - high) / (1.0 - high)))
    value = np.where(value > 0.0, value, 0.0)
    value = np.where(value < 100.0, value, 100.0)
    tens = value * 10.0
    out = np.rint(tens) / 10.0
    halves = np.flatnonzero(np.abs(tens - np.floor(tens) - 0.5) < 1e-6)
    out[halves] = [round(v, 1) for v in value[halves].tolist()]
    return out


def _word_starts(words: dict[str, int]) -> re.Pattern[str]:
    """A pattern for the first four characters of each English term (the whole term when shorter). A word
    maps to a term only if it starts with them: ``stem`` keeps a word of four characters or fewer as it is,
    and never cuts a longer one below four."""
    heads = sorted({t[2:6] for t in words}, key=lambda h: (-len(h), h))
    return re.compile("|".join(re.escape(h) for h in heads))


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
"""What normalize.WORD's words are made of (besides the ' and - inside them)."""


def _word_at(text: str, start: int) -> str | None:
    """The word of normalize.WORD that starts at ``start`` of the text, if one starts there (a match of
    ``WORD.finditer``; not the tail of a longer word such as 'gps' in 'agps' or in 'anti-gps')."""
    before = text[start - 1] if start else ""
    if before in _WORD_CHARS or (before in "-'" and start >= 2 and text[start - 2] in _WORD_CHARS):
        return None
    m = WORD.match(text, start)
    return m.group() if m else None


_NEAR = 1e-9
"""Relative closeness under which two different clause scores of one section count as a near tie."""
_SEPARATOR = "\x00"
"""Between two sentences in the joined text: neither CJK nor a word character (and folded text never
holds it), so no term spans two sentences."""


def _add_in_order(size: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``out[index[i]] += values[i]`` for i in order, from 0.0: each slot's values are added one after the
    other in the order they come (``np.add.at`` is unbuffered) — the additions of match.score_unit's
    ``acc[k] += w`` loop."""
    out = np.zeros(size, dtype=np.float64)
    np.add.at(out, index, values)
    return out


_SUM_ADDS_IN_ORDER = sys.implementation.name == "cpython" and sys.version_info < (3, 12)
"""Python's ``sum`` of floats adds them one after the other; from 3.12 on it compensates rounding errors."""


def _sums(values: np.ndarray, group: np.ndarray, size: int) -> np.ndarray:
    """Python's ``sum`` of each group's values, in order (``group``: each value's group, ascending)."""
    if _SUM_ADDS_IN_ORDER:
        return _add_in_order(size, group, values)
    listed = values.tolist()
    bounds = np.searchsorted(group, np.arange(size + 1)).tolist()
    return np.array([sum(listed[a:b]) for a, b in pairwise(bounds)], dtype=np.float64)


def _unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (np.unique, without its hashing: faster on these small arrays)."""
    ordered = np.sort(values)
    return ordered[np.diff(ordered, prepend=-1) != 0] if len(ordered) else ordered


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equal keys gathered, each group keeping its entries in their order: (the distinct keys, ascending;
    the group of each entry in the new order; the entries in the new order). Keys are non-negative."""
    n = len(keys)
    bits = n.bit_length()
    if n and int(keys.max()) >> (62 - bits) == 0:
        ordered = np.sort(keys << bits | np.arange(n))  # the position breaks ties: a stable sort, sort's speed
        entry, key = ordered & ((1 << bits) - 1), ordered >> bits
    else:
        entry = np.argsort(keys, kind="stable")
        key = keys[entry]
    new = np.diff(key, prepend=-1) != 0
    return key[new], np.cumsum(new) - 1, entry


_CHUNK = 1 << 18
"""Window entries (a clause term × a window holding it) scored at once, at most (unless one clause has more)."""
_CHUNK_TEXT = 1 << 20
"""Characters of a target searched for terms at once, about."""


def _chunks(clause: np.ndarray, sizes: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive ranges of the contributions (ordered by clause), cut between two clauses, each with
    at most _CHUNK entries in all (one clause with more has a range of its own)."""
    ends = np.cumsum(sizes)
    bounds = [0]
    while bounds[-1] < len(sizes):
        start = bounds[-1]
        end = int(np.searchsorted(ends, (ends[start - 1] if start else 0) + _CHUNK, side="right"))
        if end < len(sizes):  # back to the first contribution of that clause, unless that leaves none
            back = int(np.searchsorted(clause, clause[end]))
            end = back if back > start else int(np.searchsorted(clause, clause[end], side="right"))
        bounds.append(max(end, start + 1))
    return list(pairwise(bounds))


def _ranges(first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The concatenation of ``range(f, f + c)`` for each pair: index arrays without a Python loop."""
    total = int(count.sum())
    ends = np.cumsum(count)
    return np.repeat(first - ends + count, count) + np.arange(total)


class Target:
    """One target's sentences, windows and term occurrences, restricted to the reference's vocabulary.

    Passages are windows of 1–3 consecutive sentences of one paragraph, numbered as match.make_passages
    numbers them (``k``). A passage inside a longer window of the same paragraph holds a subset of its
    terms, so it never scores more for any clause: the per-section maxima come from the *maximal* windows
    alone (numbered ``m``): a paragraph's 3-sentence windows, or the whole paragraph when it is shorter.
    Each sentence lies in a consecutive run of maximal windows, ``low[i]`` to ``high[i]``.
    """

    def __init__(self, document: Document, side: Side) -> None:
        self.side = side
        conv = side.convert
        folded: list[str] = []
        sections: list[str] = []
        window_section: list[int] = []
        low: list[int] = []
        high: list[int] = []
        blocks_at: list[tuple[int, int, str]] = []  # (first sentence, end, section id) of each paragraph
        denies: list[bool] = []
        numbers: dict[str, int] = {}
        for sid, blocks in bodies(document):
            sec = numbers.get(sid)
            if sec is None:
                sec = numbers[sid] = len(sections)
                sections.append(sid)
            for block in blocks:
                first = len(folded)
                for _, sentence in block_sentences(block):
                    folded.append(term_text(conv(sentence)))
                    denies.append(negated(sentence))
                size = len(folded) - first
                if not size:
                    continue
                blocks_at.append((first, first + size, sid))
                base = len(window_section)
                if size <= WINDOW:
                    window_section.append(sec)
                    low.extend([base] * size)
                    high.extend([base] * size)
                else:
                    count = size - WINDOW + 1
                    window_section.extend([sec] * count)
                    low.extend(base + max(0, j - WINDOW + 1) for j in range(size))
                    high.extend(base + min(j, count - 1) for j in range(size))
        self.sections = sections
        self._numbers = numbers
        self.window_section = np.array(window_section, dtype=np.int64)
        self.low = np.array(low, dtype=np.int64)
        self.high = np.array(high, dtype=np.int64)
        self._blocks = blocks_at
        self.denies = np.array(denies, dtype=bool)
        """Each sentence: does it deny what it says (normalize.negated)?"""
        self.nt = max(1, len(folded))
        self._long: list[set[str]] = [set() for _ in folded] if side.variants else []
        """Each sentence's long English terms (candidates for spelling variants)."""
        self.term, self.sentence = self._occurrences(folded)
        """Each (term, sentence) pair of the target, once, ordered by term and then sentence."""
        self._passages: tuple[list[str], list[list[int]]] | None = None
        self._where: dict[str, list[int]] | None = None
        self._latin: list[str] | None = None
        self._variant: dict[str, tuple[list[int], list[int], float] | None] = {}

    def _occurrences(self, folded: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each (term, sentence) pair of the target, once, ordered by term and then sentence: the reference
        terms each sentence holds, found in the sentences joined into one text (a million characters or
        so at a time)."""
        terms: list[np.ndarray] = []
        where: list[np.ndarray] = []
        lengths = np.cumsum([len(f) + 1 for f in folded])
        first = 0
        while first < len(folded):
            end = max(first + 1, int(np.searchsorted(lengths, lengths[first] + _CHUNK_TEXT, side="right")))
            found, sentence = self._terms_of(folded[first:end], first)
            terms.append(found)
            where.append(sentence)
            first = end
        n = max(1, len(folded))
        pair = _unique(np.concatenate(terms) * n + np.concatenate(where)) if terms else np.zeros(0, np.int64)
        return pair // n, pair % n

    def _terms_of(self, folded: list[str], offset: int) -> tuple[np.ndarray, np.ndarray]:
        """The reference terms found in these sentences (numbered from ``offset``), with the sentence of each.

        CJK terms are bigrams and trigrams of CJK runs (normalize.terms): a lookup of every bigram of
        the text among the reference's (one that spans a non-CJK character or the separator is in no
        vocabulary), and of the trigrams where both of its bigrams are found (the reference's runs hold
        both). English terms are the stemmed words, as normalize.terms takes them.
        """
        side = self.side
        joined = _SEPARATOR.join(folded)
        starts = np.cumsum([0] + [len(f) + 1 for f in folded[:-1]])
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)
        known = side.cjk_chars[codes]
        candidates = np.flatnonzero(known[:-1] & known[1:])  # two characters of the reference's CJK terms
        pairs = codes[candidates] << 21 | codes[candidates + 1]
        at = np.searchsorted(side.bigram_codes, pairs)
        hit = side.bigram_codes[at] == pairs
        where = candidates[hit]
        found = [side.bigram_terms[at[hit]]]
        positions = [where]
        both = where[:-1][np.diff(where) == 1]  # a bigram found here and at the next character
        if len(both):
            triples = codes[both] << 42 | codes[both + 1] << 21 | codes[both + 2]
            at = np.searchsorted(side.trigram_codes, triples)
            hit3 = side.trigram_codes[at] == triples
            found.append(side.trigram_terms[at[hit3]])
            positions.append(both[hit3])
        if side.words:
            words, word_at = self._english(joined, starts, offset)
            found.append(np.array(words, dtype=np.int64))
            positions.append(np.array(word_at, dtype=np.int64))
        sentence = np.searchsorted(starts, np.concatenate(positions), side="right") - 1 + offset
        return np.concatenate(found), sentence

    def _english(self, joined: str, starts: np.ndarray, offset: int) -> tuple[list[int], list[int]]:
        """The English reference terms of the text (normalize.terms' filter and stems) and where they are;
        with spelling variants in play, each sentence's long terms too."""
        side = self.side
        found: list[int] = []
        where: list[int] = []
        if side.word_starts is not None:  # a few terms, no variants: look for them, not at every word
            for m in side.word_starts.finditer(joined):
                word = _word_at(joined, m.start())
                number = side.words.get(side.word_term(word)) if word else None
                if number is not None:
                    found.append(number)
                    where.append(m.start())
            return found, where
        keys = {w: k for w in set(WORD.findall(joined)) if (k := side.word_term(w))}  # the words that matter
        long: list[tuple[int, str]] = []
        for m in WORD.finditer(joined) if keys else ():
            key = keys.get(m.group())
            if key is None:
                continue
            number = side.words.get(key)
            if number is not None:
                found.append(number)
                where.append(m.start())
            if side.variants and len(key) >= _LONG_WORD:
                long.append((m.start(), key))
        if long:
            at = np.searchsorted(starts, [p for p, _ in long], side="right") - 1 + offset
            for i, (_, key) in zip(at.tolist(), long, strict=True):
                self._long[i].add(key)
        return found, where

    @property
    def where(self) -> dict[str, list[int]]:
        """Vocabulary term → the sentences holding it, ascending (for the literal path and the tests)."""
        if self._where is None:
            keys = self.side.keys
            self._where = {}
            for t, i in zip(self.term.tolist(), self.sentence.tolist(), strict=True):
                self._where.setdefault(keys[t], []).append(i)
        return self._where

    def section_scores(self, script: str) -> list[tuple[dict[str, float], dict[str, float]]]:
        """match.score_unit followed by align._place (its section_scores and their calibrated values), for
        every recommendation: recommendation → ({target section id: its clause-weighted score there},
        {the same: calibrated}), for every section where one of its clauses shares a term with a passage.

        The numbers are compare's, from the same operations in the same order: products, quotients and
        square roots are IEEE-exact in numpy as in Python; logarithms and every ``sum`` are Python's; a
        window's score adds its terms' weights one after the other, in clause order (``_add_in_order``).
        """
        side = self.side
        nterms = len(side.keys)
        df = np.bincount(self.term, minlength=nterms)
        # weights as match.Index.weight / repeats: sqrt(reference-side IDF × target-side IDF), a stop-listed
        # term times STOP_WEIGHT; the target-side IDF of a term the target lacks is log(1 + nt / 1)
        held = np.bincount(df, minlength=1) > 0  # the document frequencies that occur
        logs = np.zeros(len(held))
        logs[held] = [math.log(1 + self.nt / max(1, d)) for d in np.flatnonzero(held).tolist()]
        weight = np.sqrt(side.ref_side * logs[df])[side.occ_term] * side.occ_factor / side.occ_repeats
        # each clause's mass and each recommendation's total (``sum(…) or 1.0``), as match.score_unit sums them
        mass = _sums(weight, side.occ_clause, len(side.clauses))
        total = _sums(mass, side.rec_of, side.recs)
        total[total == 0] = 1.0
        share = mass / total[side.rec_of]
        # the maximal windows holding each term: windows[first[t] : first[t] + count[t]]
        nwin = max(1, len(self.window_section))
        low, high = self.low[self.sentence], self.high[self.sentence]
        term_window = _unique(np.concatenate([(self.term * nwin + low + d)[low + d <= high] for d in range(WINDOW)]))
        # a window holds a term *plainly* when one of its sentences holding it is not negated; where it holds
        # a term only in negated sentences, the term is no evidence for a clause that is not negated itself
        plain = None
        if self.denies.any():
            said = ~self.denies[self.sentence]
            lo, hi, tw = low[said], high[said], self.term[said]
            plainly = _unique(np.concatenate([(tw * nwin + lo + d)[lo + d <= hi] for d in range(WINDOW)]))
            plain = np.isin(term_window, plainly, assume_unique=True)
        windows = term_window % nwin
        count = np.bincount(term_window // nwin, minlength=nterms)
        first = np.cumsum(count) - count
        # the clause terms the target holds (and their spelling variants), in the order score_unit adds them
        occ = np.flatnonzero(df[side.occ_term] > 0)
        factor = np.ones(len(occ))
        row_first, row_count = first[side.occ_term[occ]], count[side.occ_term[occ]]
        if side.variants:
            occ, factor, row_first, row_count, windows, plain = self._with_variants(occ, factor, row_first,
                                                                                    row_count, windows, plain)
        clause = side.occ_clause[occ]
        value = weight[occ] * factor
        # a few clauses at a time on a huge document, so that memory stays bounded
        parts = [self._best_windows(clause[a:b], value[a:b], row_first[a:b], row_count[a:b], windows, plain, weight,
                                    mass) for a, b in _chunks(clause, row_count)]
        g, sec, score = (np.concatenate([p[i] for p in parts]) if parts else np.zeros(0) for i in range(3))
        return self._section_sums(g.astype(np.int64), sec.astype(np.int64), score, share, script)

    def _best_windows(self, clause: np.ndarray, value: np.ndarray, row_first: np.ndarray, row_count: np.ndarray,
                      windows: np.ndarray, plain: np.ndarray | None, weight: np.ndarray, mass: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """align._place's slots for these clause terms: each (clause, section) with a passage sharing a
        term, and the clause's best score there; ordered by clause."""
        side = self.side
        nwin = max(1, len(self.window_section))
        # each maximal window's score for each clause: its terms' weights added in clause order
        reps = np.repeat(np.arange(len(clause)), row_count)
        rows = _ranges(row_first, row_count)
        if plain is not None:  # terms held only in negated sentences count for negated clauses alone
            kept = plain[rows] | side.clause_negated[clause[reps]]
            reps, rows = reps[kept], rows[kept]
        cells, cell_of, entry = _runs(clause[reps] * nwin + windows[rows])
        acc = _add_in_order(len(cells), cell_of, value[reps][entry])
        # each section's best window per clause (a section's windows are consecutive)
        cell_clause = cells // nwin
        cell_section = self.window_section[cells % nwin] if len(cells) else cells
        starts = np.flatnonzero(np.diff(cell_clause * len(self.sections) + cell_section, prepend=-1))
        best = np.maximum.reduceat(acc, starts) if len(acc) else acc
        g, sec = cell_clause[starts], cell_section[starts]
        score = np.minimum(1.0, best / mass[g])
        literal = self._near_ties(acc, best, np.diff(starts, append=len(acc)), cell_clause, mass, clause, value)
        if not len(literal):
            return g, sec, score
        keep = ~np.isin(g, literal)
        first = side.occ_first
        exact = [(c, self._numbers[sid], s) for c in literal.tolist() for sid, s in self._clause_exact(
                 side.clauses[c], weight[first[c]:first[c + 1]].tolist(), float(mass[c])).items()]
        g = np.concatenate([g[keep], np.array([e[0] for e in exact], dtype=np.int64)])
        sec = np.concatenate([sec[keep], np.array([e[1] for e in exact], dtype=np.int64)])
        score = np.concatenate([score[keep], np.array([e[2] for e in exact], dtype=np.float64)])
        order = np.argsort(g, kind="stable")
        return g[order], sec[order], score[order]

    def _section_sums(self, g: np.ndarray, sec: np.ndarray, score: np.ndarray, share: np.ndarray, script: str
                      ) -> list[tuple[dict[str, float], dict[str, float]]]:
        """Placed.section_scores: the clauses' shares times their scores, summed clause by clause (a clause
        without a passage in the section adds 0.0, which changes no sum); and Placed.calibrated."""
        side = self.side
        nsec = len(self.sections)
        slots, slot_of, entry = _runs(side.rec_of[g] * nsec + sec)
        value = _sums((share[g] * score)[entry], slot_of, len(slots))
        names = np.array(self.sections, dtype=object)[slots % nsec].tolist()
        values = value.tolist()
        calibrated = calibrate_all(value, script).tolist()
        bounds = np.searchsorted(slots // nsec, np.arange(side.recs + 1)).tolist()
        return [(dict(zip(names[a:b], values[a:b], strict=True)), dict(zip(names[a:b], calibrated[a:b], strict=True)))
                for a, b in pairwise(bounds)]

    def _near_ties(self, acc: np.ndarray, best: np.ndarray, sizes: np.ndarray, cell_clause: np.ndarray,
                   mass: np.ndarray, clause: np.ndarray, value: np.ndarray) -> np.ndarray:
        """The clauses whose per-section maxima may not be align._place's slots: recomputed literally.

        A window's score is its terms' weights summed in clause order, exactly as match.score_unit sums
        them, so equal term sets give equal scores, and a passage inside a window scores the same or at
        least one term's weight less. align._place keeps the best score of a section except that a later
        passage within 1e-12 of it replaces it when it comes earlier in the text; so with no other score
        of the section within ``_NEAR × mass`` of the best, and every weight far above that, the slot is
        the best. Otherwise the clause is judged passage by passage, in compare's order.
        """
        near = _NEAR * mass
        gap = np.repeat(best, sizes) - acc
        tie = cell_clause[(gap > 0) & (gap < near[cell_clause])]
        smallest = np.full(len(mass), np.inf)
        np.minimum.at(smallest, clause, value)
        return _unique(np.concatenate([tie, np.flatnonzero(smallest <= 1000 * near)]))

    def _with_variants(self, occ: np.ndarray, factor: np.ndarray, row_first: np.ndarray, row_count: np.ndarray,
                       windows: np.ndarray, plain: np.ndarray | None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
        """Add each long English clause term the target lacks, matched by its closest spelling variant
        (match.Index.variants): its weight times the similarity, on the windows of the variant."""
        side = self.side
        extra: list[tuple[int, float, list[int]]] = []
        where = self.where
        for g, c in enumerate(side.clauses):
            for j in c.long:
                if c.terms[j] not in where:
                    hit = self.variant(c.full[j])
                    if hit is not None:
                        extra.append((int(side.occ_first[g]) + j, hit[2], hit[1]))
        if not extra:
            return occ, factor, row_first, row_count, windows, plain
        lists = [w for _, _, w in extra]
        sizes = np.array([len(w) for w in lists], dtype=np.int64)
        occ = np.concatenate([occ, np.array([o for o, _, _ in extra], dtype=np.int64)])
        factor = np.concatenate([factor, np.array([f for _, f, _ in extra])])
        row_first = np.concatenate([row_first, len(windows) + np.cumsum(sizes) - sizes])
        row_count = np.concatenate([row_count, sizes])
        added = np.array([m for w in lists for m in w], dtype=np.int64)
        windows = np.concatenate([windows, added])
        if plain is not None:  # a spelling variant counts wherever it is (match.score_unit)
            plain = np.concatenate([plain, np.ones(len(added), dtype=bool)])
        order = np.argsort(occ, kind="stable")
        return occ[order], factor[order], row_first[order], row_count[order], windows, plain

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

    def postings(self, term: str, plainly: bool = False) -> list[int]:
        """The passages holding a vocabulary term, ascending (match.Index.postings[term]); ``plainly``: only
        those holding it in a sentence that is not negated (match.Index.denied)."""
        cover = self.passages()[1]
        sents = self.where[term]
        if plainly:
            sents = [i for i in sents if not self.denies[i]]
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
            low, high = self.low.tolist(), self.high.tolist()
            got = (sorted({k for i in sents for k in cover[i]}),
                   sorted({m for i in sents for m in range(low[i], high[i] + 1)}), hit[1] / 100.0)
        self._variant[term] = got
        return got

    def _clause_exact(self, c: Clause, ws: list[float], mass: float) -> dict[str, float]:
        """match.score_unit's passage scores and align._place's slots, literally (for near ties).

        Within a section align._place keeps the best score, except that a later passage within 1e-12 of
        it replaces it when it comes earlier in the text: the result depends on the order, which is the
        order the scores were first added to, reproduced here.
        """
        acc: dict[int, float] = {}
        long = set(c.long) if self.side.variants else set()
        where = self.where
        plainly = not c.negated and bool(self.denies.any())
        for j, (t, w) in enumerate(zip(c.terms, ws, strict=True)):
            if t in where:
                for k in self.postings(t, plainly):
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
