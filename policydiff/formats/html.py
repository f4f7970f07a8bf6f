"""The HTML report: one self-contained page an analyst opens in any browser.

The page needs no network (inline CSS and one small inline script, no fonts, no images) and shows:

* a header with the titles, the overall coverage and a bar per reference section;
* the reference on the left and the target on the right, section by section (the section alignment):
  each recommendation coloured by verdict (✔ covered, ◐ partial, ✘ missing) with the target passages
  that carry the verdict beside it, the terms they share highlighted in both texts; a gap links to the
  target section it belongs in, whose text is shown in the right column;
* for several targets, a recommendation × target heat map whose cells link to each target's detail.

Anchors, for links a reviewer can paste: ``#rec-3.1.2`` (a unit), ``#sec-3.1`` (a reference section),
``#align-3.1`` (the target section aligned with reference section 3.1), ``#add-1`` (a target section
with no counterpart). With several targets ``#rec-3.1.2`` is the heat-map row and each target's detail
lives under ``#t1``, ``#t2``… with prefixed anchors (``#t2-rec-3.1.2``).

Without JavaScript everything is visible; the script only adds the filters (all / gaps / missing /
partial / covered), the search box and shareable filtered links (``report.html#filter=gaps&q=消防``).

Safety: every piece of document-derived text (titles, paths, unit and passage text, section names)
goes through :func:`esc`; attribute values are always double-quoted and escaped; no document text is
ever placed inside ``<script>`` (the script reads the page, it embeds no data). A Content-Security-Policy
allows only that script (by its hash) and no network at all, as a second line of defence.

Output is deterministic: the same comparison gives the same bytes (no timestamps).
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import UsageError
from ..models import (
    Comparison,
    Evidence,
    Section,
    SectionAlignment,
    Status,
    TargetResult,
    Unit,
    Verdict,
)
from .markdown import (
    REVIEW,
    SYMBOL,
    WAIVED,
    body,
    check_show,
    clip,
    closest,
    gist,
    is_cjk,
    judged_note,
    mark,
    matrix_rows,
    percent,
    place,
    review_note,
    rule_line,
    rule_mark,
    rules_heading,
    sanitize,
    section_name,
    short_names,
    shown,
    term_spans,
    thresholds,
    to_review,
    waived_note,
)

if TYPE_CHECKING:
    from ..gate import GateResult

STATUSES: tuple[Status, ...] = ("covered", "partial", "missing")
FILTERS = ("all", "gaps", "missing", "partial", "covered", "review")
FONTS = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", '
         '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
         '"WenQuanYi Micro Hei", sans-serif')


def esc(text: str) -> str:
    """Document text as HTML text or a double-quoted attribute value: control characters dropped."""
    return html.escape(sanitize(text), quote=True)


def _flat(text: str) -> str:
    return " ".join(sanitize(text).split())


def marked(text: str, terms: Iterable[str]) -> str:
    """``text`` on one line, escaped, with the shared terms in ``<mark>``."""
    flat = _flat(text)
    out: list[str] = []
    pos = 0
    for s, e in term_spans(flat, terms):
        out += [esc(flat[pos:s]), f"<mark>{esc(flat[s:e])}</mark>"]
        pos = e
    out.append(esc(flat[pos:]))
    return "".join(out)


def _attrs(**values: str) -> str:
    """' a="1" b="2"': attributes whose values may hold document text, every value escaped."""
    return "".join(f' {k}="{esc(v)}"' for k, v in values.items())


def _pct(n: int, total: int) -> str:
    return f"{100.0 * n / total:.2f}%" if total else "0%"


def _stacked(counts: dict[Status, int], total: int, cls: str = "bar") -> str:
    """A bar of covered / partial / missing segments (a CSS bar, no script)."""
    segments = "".join(
        f'<span class="seg {s}" style="width:{_pct(counts[s], total)}"></span>' for s in STATUSES if counts[s]
    )
    label = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
    return f'<span class="{cls}" role="img" aria-label="{esc(label)}">{segments}</span>'


def _level(value: float, c: Comparison) -> Status:
    if value >= c.options.covered:
        return "covered"
    return "partial" if value >= c.options.partial else "missing"


def _name(label: str, title: str) -> str:
    """'<span class="label">三(一)</span> title' (escaped)."""
    if not label:
        return esc(title or "(front matter)")
    return f'<span class="label">{esc(label)}</span> {esc(title)}'


@dataclass(frozen=True)
class _Ctx:
    """What one target's detail needs: the comparison, the target and its anchor prefix."""

    c: Comparison
    t: TargetResult
    prefix: str
    """'' for a single target, 't1-', 't2-'… for several."""
    show: str
    gate: GateResult | None = None
    """The rules of `policydiff check`, when the page reports one."""

    def anchor(self, kind: str, ident: str) -> str:
        return f"{self.prefix}{kind}-{ident}"


def _counts(verdicts: Iterable[Verdict]) -> dict[Status, int]:
    out: dict[Status, int] = {"covered": 0, "partial": 0, "missing": 0}
    for v in verdicts:
        if v.status is not None:
            out[v.status] += 1
    return out


def _in_section(v: Verdict, section_id: str) -> bool:
    return v.unit.section == section_id or v.unit.section.startswith(section_id + ".")


# --------------------------------------------------------------------------------------------------
# header


def _doc_line(role: str, title: str, path: str) -> str:
    return (f'<div class="doc"><span class="role">{role}</span> <strong>{esc(title or "(untitled)")}</strong> '
            f'<code class="path">{esc(path)}</code></div>')


def _overall(ctx: _Ctx) -> str:
    t = ctx.t
    counts = _counts(t.verdicts)
    n = t.judged
    tiles = "".join(
        f'<div class="tile {s}"><b>{SYMBOL[s]} <span data-count="{s}">{counts[s]}</span></b>{s}</div>'
        for s in STATUSES
    )
    return (
        '<div class="overall">'
        f'<div class="big {_level(t.percent, ctx.c)}" data-coverage="{t.percent:.1f}">{percent(t.percent)}</div>'
        f'<div class="caption">coverage · a partial counts half</div>{_stacked(counts, n, "bar wide")}'
        f'<div class="tiles">{tiles}</div>'
        f'<div class="caption">of <b data-count="judged">{n}</b> recommendations</div>'
        + (f'<div class="caption judged">Judged: <b>{esc(j.split(" ", 1)[0])}</b> {esc(j.split(" ", 1)[1])}</div>'
           if (j := judged_note(ctx.gate, t)) else "")
        + "</div>"
    )


def _chart(ctx: _Ctx) -> str:
    """One row per reference section that holds recommendations: its coverage as a stacked bar."""
    rows: list[str] = []
    for a in ctx.t.sections:
        if a.units == 0:
            continue
        counts = _counts(v for v in ctx.t.verdicts if _in_section(v, a.reference_id))
        depth = a.reference_id.count(".")
        full = section_name(a.reference, a.title)
        target = ("→ " + section_name(a.target, a.target_title or "")) if a.target else "→ no counterpart"
        rows.append(
            f'<a class="crow d{min(depth, 2)}" href="#{esc(ctx.anchor("sec", a.reference_id))}"'
            f'{_attrs(title=f"{full}  {target}")}>'
            f'<span class="cname">{_name(a.reference, clip(a.title, 26))}</span>'
            f"{_stacked(counts, a.units)}"
            f'<span class="cval">{(a.coverage or 0.0):.0f}%</span></a>'
        )
    if not rows:
        return ""
    return ('<div class="chart"><div class="chart-title">Coverage by reference section</div>'
            + "".join(rows) + "</div>")


def _summary(ctx: _Ctx) -> str:
    return f'<div class="summary">{_overall(ctx)}{_chart(ctx)}</div>'


# --------------------------------------------------------------------------------------------------
# the side-by-side detail


def _ref_terms(ctx: _Ctx, v: Verdict) -> list[str]:
    """The terms to highlight in the recommendation: those of the passages shown beside it."""
    passages: Sequence[Evidence] = _strong(ctx, v) if v.status != "missing" else ()
    if not passages:
        near = closest(v)
        passages = (near,) if near else ()
    return list(dict.fromkeys(term for e in passages for term in e.shared))


def _evidence(e: Evidence, label: str = "", cls: str = "ev") -> str:
    """A target passage: where it is, its score (not for a closest passage: that is one clause's) and text."""
    title = f'<span class="etitle">{esc(clip(e.section_title, 30))}</span>' if e.section_title else ""
    lead = f'<span class="elabel">{label}</span>' if label else ""
    score = "" if label else f'<span class="score">{e.score:.1f}</span>'
    return (f'<div class="{cls}"><div class="emeta">{lead}<span class="place">{esc(place(e))}</span>{title}'
            f"{score}</div><p>{marked(e.text, e.shared)}</p></div>")


def _belongs(ctx: _Ctx, v: Verdict, a: SectionAlignment | None) -> str:
    if a is not None and a.target is not None:
        return (f'<a class="belongs" href="#{esc(ctx.anchor("align", a.reference_id))}">Belongs in '
                f"{_name('§' + a.target, a.target_title or '')} ↗</a>")
    where = f"§{v.section}" if v.section else "Its reference section"
    return f'<span class="belongs none">{esc(where)} has no counterpart in the target</span>'


def _strong(ctx: _Ctx, v: Verdict) -> list[Evidence]:
    """The evidence worth showing: the best passage, and others that would at least partly carry it alone."""
    return [e for i, e in enumerate(v.evidence) if i == 0 or e.score >= ctx.c.options.partial]


def _target_cell(ctx: _Ctx, v: Verdict, a: SectionAlignment | None) -> str:
    parts: list[str] = []
    if v.status == "missing":
        parts.append(f'<div class="notfound">✘ Not found in the target. {_belongs(ctx, v, a)}</div>')
        near = closest(v)
        if near is not None:
            parts.append(_evidence(near, "closest passage", "ev weak"))
        return "".join(parts)
    if v.moved:
        parts.append('<div class="moved">Moved: the evidence lies outside the target section aligned with '
                     f"§{esc(v.section)}</div>")
    if v.status == "partial" and v.missing_clauses:
        items = "".join(f"<li>{esc(_flat(m))}</li>" for m in v.missing_clauses)
        parts.append(f'<div class="lost"><span>Not found:</span><ul>{items}</ul>{_belongs(ctx, v, a)}</div>')
    parts += [_evidence(e) for e in _strong(ctx, v)]
    if not v.evidence:
        near = closest(v)
        if near is not None:
            parts.append(_evidence(near, "closest passage"))
    return "".join(parts)


def _badge(ctx: _Ctx, status: Status, a: SectionAlignment | None) -> str:
    """The verdict; on a gap, a link to the target section it belongs in."""
    text = f"{SYMBOL[status]} {status}"
    if status != "covered" and a is not None and a.target is not None:
        return (f'<a class="badge {status}" href="#{esc(ctx.anchor("align", a.reference_id))}" '
                f'title="Where it belongs in the target">{text}</a>')
    return f'<span class="badge {status}">{text}</span>'


def _review_badge(v: Verdict) -> str:
    return f'<span class="badge review"{_attrs(title=v.reason)}>{REVIEW} review</span>' if v.confidence == "low" else ""


def _review_text(v: Verdict) -> str:
    return f'<p class="review">{esc(review_note(v))}</p>' if v.confidence == "low" else ""


def _rec_row(ctx: _Ctx, v: Verdict, a: SectionAlignment | None) -> str:
    status = v.status or "missing"
    anchor = esc(ctx.anchor("rec", v.unit.id))
    weak = " weak" if status == "missing" else ""
    waived = waived_note(ctx.gate, ctx.t, v)
    note = f'<div class="waived">{esc(waived)}</div>' if waived else ""
    return (
        f'<div class="row rec {status}" id="{anchor}" data-status="{status}"{_review_attr([v])}>'
        f'<div class="ref"><div class="rmeta">{_badge(ctx, status, a)}{_review_badge(v)}'
        f'<a class="uid" href="#{anchor}">{esc(v.unit.id)}</a><span class="score">score {v.score:.1f}</span>'
        f'</div>{note}<p class="rtext{weak}">{marked(body(v.unit), _ref_terms(ctx, v))}</p>{_review_text(v)}</div>'
        f'<div class="tgt">{_target_cell(ctx, v, a)}</div></div>'
    )


def _context(ctx: _Ctx, units: Sequence[Unit]) -> str:
    """A section's context units (findings, motivation): folded into one ``<details>``, each anchored."""
    if not units:
        return ""
    n = len(units)
    paras = "".join(
        f'<p id="{esc(ctx.anchor("rec", u.id))}"><a class="uid" href="#{esc(ctx.anchor("rec", u.id))}">'
        f"{esc(u.id)}</a>{esc(_flat(u.text))}</p>"
        for u in units
    )
    what = f"{n} passage{'s' if n > 1 else ''}, not judged"
    return (f'<div class="row ctx" data-context=""><details><summary><span class="kind">Context</span>'
            f'<span class="cnt">{what}</span><span class="first">{esc(gist(units[0], 60))}</span></summary>'
            f"{paras}</details></div>")


def _target_text(s: Section) -> str:
    if not s.blocks:
        return ""
    first, last = s.blocks[0].line, s.blocks[-1].line
    lines = f"line {first}" if first == last else f"lines {first}–{last}"
    n = len(s.blocks)
    paras = "".join(f'<p><span class="ln">{b.line}</span>{esc(_flat(b.text))}</p>' for b in s.blocks)
    return (f'<details class="ttext"><summary>Target text · {n} paragraph{"s" if n > 1 else ""} · {lines}'
            f"</summary>{paras}</details>")


def _band_head(ctx: _Ctx, s: Section, a: SectionAlignment, tsections: dict[str, Section]) -> str:
    cov = ""
    if a.coverage is not None:
        counts = _counts(v for v in ctx.t.verdicts if _in_section(v, s.id))
        cov = f' · <span class="mini">{_stacked(counts, a.units)}<span>{a.coverage:.0f}%</span></span>'
    left = (f'<h3 class="lvl{min(s.level, 3)}"><a href="#{esc(ctx.anchor("sec", s.id))}">'
            f'{_name(s.label, s.title)}</a></h3><div class="smeta">line {s.line} · {a.units} recommendation'
            f'{"s" if a.units > 1 else ""}{cov}</div>')
    anchor = esc(ctx.anchor("align", a.reference_id))
    ts = tsections.get(a.target_id) if a.target_id else None
    if ts is None or a.target is None:
        right = f'<div class="thead none" id="{anchor}">No counterpart in the target</div>'
    else:
        right = (f'<div class="thead" id="{anchor}"><span class="arrow">→</span>'
                 f"<h4>{_name(a.target, a.target_title or '')}</h4>"
                 f'<span class="smeta">line {ts.line} · alignment {a.score:.1f}</span>{_target_text(ts)}</div>')
    return f'<div class="bhead"><div class="ref">{left}</div><div class="tgt">{right}</div></div>'


def _quiet_head(ctx: _Ctx, s: Section | None) -> str:
    """The heading of a section without recommendations: one line across both columns."""
    if s is None:
        return '<div class="qhead"><h3 class="lvl2">Front matter</h3></div>'
    return (f'<div class="qhead"><h3 class="lvl{min(s.level, 3)}"><a href="#{esc(ctx.anchor("sec", s.id))}">'
            f'{_name(s.label, s.title)}</a></h3><span class="smeta">line {s.line} · no recommendations</span></div>')


def _bands(ctx: _Ctx) -> str:
    """One band per reference section: its heading beside the aligned target section, then a row per
    recommendation beside its evidence. Sections without recommendations make quiet one-line bands."""
    ref = ctx.c.reference
    verdicts = {v.unit.id: v for v in ctx.t.verdicts}
    alignments = {a.reference_id: a for a in ctx.t.sections}
    tsections = {s.id: s for s in ctx.t.document.walk()}
    groups: list[tuple[Section | None, str]] = [(None, "")] + [(s, s.id) for s in ref.document.walk()]
    out: list[str] = []
    for s, sid in groups:
        a = alignments.get(sid)
        context: list[Unit] = []
        rows: list[str] = []
        for u in ref.units_of(sid):
            v = verdicts.get(u.id)
            if v is None or v.status is None:
                context.append(u)
            elif shown(v, ctx.show):
                rows.append(_rec_row(ctx, v, a))
        if ctx.show != "all" and not rows:
            continue
        if s is None and not context:
            continue
        ident = f' id="{esc(ctx.anchor("sec", sid))}"' if s is not None else ""
        if s is None or a is None or a.units == 0:
            head, cls = _quiet_head(ctx, s), "band quiet"
        else:
            head, cls = _band_head(ctx, s, a, tsections), "band"
        extra = _context(ctx, context) if ctx.show == "all" else ""
        out.append(f'<section class="{cls}"{ident}>{head}{extra}{"".join(rows)}</section>')
    return "".join(out)


def _additions(ctx: _Ctx) -> str:
    """Target sections with no counterpart in the reference: the right column only, the left hatched."""
    adds = ctx.t.additions
    if not adds:
        return ""
    rows = "".join(
        f'<div class="row add" id="{esc(ctx.anchor("add", str(i)))}" data-context=""><div class="ref void"></div>'
        f'<div class="tgt"><h4>{_name(a.section, a.title)}</h4><span class="smeta">line {a.line}</span>'
        f"<p>{esc(_flat(a.text))}</p></div></div>"
        for i, a in enumerate(adds, 1)
    )
    n = len(adds)
    return (f'<section class="band additions"><div class="qhead"><h3 class="lvl1">Additions</h3>'
            f'<span class="smeta">{n} target section{"s" if n > 1 else ""} with no counterpart in the reference'
            f"</span></div>{rows}</section>")


def _columns(ctx: _Ctx) -> str:
    ref = ctx.c.reference.document
    d = ctx.t.document
    return (f'<div class="colhead"><div>Reference · <strong>{esc(clip(ref.title or ref.path, 70))}</strong></div>'
            f'<div>Target · <strong>{esc(clip(d.title or d.path, 70))}</strong></div></div>')


def _detail(ctx: _Ctx) -> str:
    note = ""
    if ctx.show != "all":
        what = "gaps (missing or partial)" if ctx.show == "gaps" else "covered recommendations"
        note = f'<p class="note">This report lists {what} only; the figures count them all.</p>'
    return f'{note}<div class="detail">{_columns(ctx)}{_bands(ctx)}{_additions(ctx)}</div>'


# --------------------------------------------------------------------------------------------------
# several targets: the heat map


def _matrix(c: Comparison, show: str, names: Sequence[str], gate: GateResult | None = None) -> str:
    rows = matrix_rows(c, show)
    index = {v.unit.id: i for i, v in enumerate(c.targets[0].verdicts)}
    head = "".join(
        f'<th class="tcol"><a href="#t{k}"{_attrs(title=t.document.title or t.document.path)}>{esc(n)}</a></th>'
        for k, (n, t) in enumerate(zip(names, c.targets, strict=True), 1)
    )
    body_rows: list[str] = []
    for v in rows:
        i = index[v.unit.id]
        cells: list[str] = []
        statuses: list[str] = []
        for k, (n, t) in enumerate(zip(names, c.targets, strict=True), 1):
            tv = t.verdicts[i]
            st = tv.status or "missing"
            statuses.append(st)
            note = f"; {review_note(tv)}" if tv.confidence == "low" else ""
            waived = waived_note(gate, t, tv)  # a waived gap keeps its verdict; ⊘ and the title say it is waived
            if waived:
                note += f"; {waived}"
            cells.append(f'<td class="cell {st}"><a href="#t{k}-rec-{esc(v.unit.id)}"'
                         f'{_attrs(title=f"{n}: {st}, score {tv.score:.1f}{note}")}>'
                         f'{mark(tv)}{" " + WAIVED if waived else ""} {tv.score:.0f}</a></td>')
        body_rows.append(
            f'<tr id="rec-{esc(v.unit.id)}" data-status="{" ".join(statuses)}"'
            f'{_review_attr(t.verdicts[i] for t in c.targets)}>'
            f'<th class="rid"><a href="#rec-{esc(v.unit.id)}">{esc(v.unit.id)}</a></th>'
            f'<td class="rsec">{esc(v.section)}</td><td class="rtext"{_attrs(title=body(v.unit))}>'
            f"{esc(gist(v.unit, 52))}</td>{''.join(cells)}</tr>"
        )
    totals = "".join(f'<td class="tot"><span data-count="covered">{t.count("covered")}</span>/'
                     f'<span data-count="partial">{t.count("partial")}</span>/'
                     f'<span data-count="missing">{t.count("missing")}</span><br><b>{percent(t.percent)}</b></td>'
                     for t in c.targets)
    return (
        '<div class="matrix-wrap"><table class="matrix" id="matrix"><thead><tr><th>Id</th><th>Section</th>'
        f"<th>Recommendation</th>{head}</tr></thead><tbody>{''.join(body_rows)}</tbody>"
        f'<tfoot><tr><th colspan="3">Total ✔ / ◐ / ✘ and coverage</th>{totals}</tr></tfoot></table></div>'
    )


def _targets_table(c: Comparison, names: Sequence[str]) -> str:
    rows = []
    for k, (n, t) in enumerate(zip(names, c.targets, strict=True), 1):
        counts = _counts(t.verdicts)
        rows.append(
            f'<tr><th><a href="#t{k}">{esc(n)}</a></th><td>{esc(t.document.title or "(untitled)")}<br>'
            f'<code class="path">{esc(t.document.path)}</code></td><td class="num {_level(t.percent, c)}">'
            f'{percent(t.percent)}</td><td>{_stacked(counts, t.judged)}</td>'
            + "".join(f'<td class="num">{SYMBOL[s]} {counts[s]}</td>' for s in STATUSES) + "</tr>"
        )
    return ('<table class="targets"><thead><tr><th>Target</th><th>Title</th><th>Coverage</th><th></th>'
            '<th>Covered</th><th>Partial</th><th>Missing</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


# --------------------------------------------------------------------------------------------------
# the page


def _toolbar(numbers: dict[str, int]) -> str:
    """The filter buttons (with how many recommendations each keeps) and the search box; needs JS."""
    buttons = "".join(
        f'<button type="button" class="f-{f}" data-filter="{f}" aria-pressed="{"true" if f == "all" else "false"}">'
        f"{f.capitalize()} <span>{numbers[f]}</span></button>" for f in FILTERS
    )
    return (
        '<div class="toolbar js-only" role="toolbar" aria-label="Filter recommendations">'
        f'<div class="filters">{buttons}</div>'
        '<input id="search" type="search" placeholder="Search text or id  ( / )" aria-label="Search" autocomplete="off">'
        '<span id="shown" class="shown" aria-live="polite"></span></div>'
    )


def _numbers(total: int, counts: dict[Status, int], gaps: int, review: int) -> dict[str, int]:
    return {"all": total, "gaps": gaps, "missing": counts["missing"], "partial": counts["partial"],
            "covered": counts["covered"], "review": review}


def _review_attr(verdicts: Iterable[Verdict]) -> str:
    """' data-review=""' on a row holding a low-confidence verdict (the Review filter keeps it)."""
    return ' data-review=""' if any(v.confidence == "low" for v in verdicts) else ""


def _page(title: str, lang: str, content: str) -> str:
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" class="nojs">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="policydiff {__version__}">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{content}\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def _footer(c: Comparison) -> str:
    return (f'<footer>policydiff {__version__} · thresholds: {esc(thresholds(c.options))}; a partial counts '
            "half · links: <code>#rec-&lt;id&gt;</code>, <code>#filter=gaps</code></footer>")


def _rules(c: Comparison, gate: GateResult | None) -> str:
    """The rules of a check with their outcome, under the header ('' without a gate)."""
    if gate is None:
        return ""
    several = len(c.targets) > 1
    items = "".join(f'<li class="{"pass" if r.passed else "fail" if r.failing else "note"}"><b>{rule_mark(r)}</b> '
                    f"{esc(rule_line(r, gate, c, several))}</li>" for r in gate.rules)
    heading = rules_heading(gate) if gate.rules else "none set"
    return f'<div class="rules"><div class="chart-title">Rules — {esc(heading)}</div><ul>{items}</ul></div>'


def _header(title: str, *lines: str) -> str:
    return f'<header><div class="brand">policydiff report</div><h1>{esc(title)}</h1>{"".join(lines)}</header>'


def _one_target(c: Comparison, show: str, gate: GateResult | None = None) -> tuple[str, str]:
    """Title and body of the page for one target: header, toolbar, side-by-side detail."""
    ref = c.reference.document
    t = c.targets[0]
    ctx = _Ctx(c, t, "", show, gate)
    title = f"Coverage of “{ref.title or ref.path}” in “{t.document.title or t.document.path}”"
    counts = _counts(t.verdicts)
    header = _header(title, _doc_line("Reference", ref.title, ref.path),
                     _doc_line("Target", t.document.title, t.document.path), _summary(ctx), _rules(c, gate))
    toolbar = _toolbar(_numbers(t.judged, counts, counts["partial"] + counts["missing"], to_review(t)))
    return title, f"{header}{toolbar}<main>{_detail(ctx)}</main>{_footer(c)}"


def _several_targets(c: Comparison, show: str, gate: GateResult | None = None) -> tuple[str, str]:
    """Title and body of the page for several targets: the heat map, then each target's detail."""
    ref = c.reference.document
    names = short_names(c, 24)
    title = f"Coverage of “{ref.title or ref.path}” in {len(c.targets)} documents"
    # the filter buttons count heat-map rows: 'missing' keeps a row some target misses, 'covered' one
    # that every target covers (as --show does in the other formats)
    rows = [[t.verdicts[i].status for t in c.targets] for i, v in enumerate(c.targets[0].verdicts)
            if v.status is not None]
    every = sum(1 for r in rows if all(s == "covered" for s in r))
    reviews = sum(1 for i, v in enumerate(c.targets[0].verdicts)
                  if v.status is not None and any(t.verdicts[i].confidence == "low" for t in c.targets))
    counts: dict[Status, int] = {"covered": every, "partial": sum(1 for r in rows if "partial" in r),
                                 "missing": sum(1 for r in rows if "missing" in r)}
    details: list[str] = []
    for k, (n, t) in enumerate(zip(names, c.targets, strict=True), 1):
        ctx = _Ctx(c, t, f"t{k}-", show, gate)
        details.append(
            f'<section class="target" id="t{k}"><h2><span class="tname">{esc(n)}</span> '
            f"{esc(t.document.title or t.document.path)}</h2>"
            f'{_doc_line("Target", t.document.title, t.document.path)}{_summary(ctx)}{_detail(ctx)}</section>'
        )
    header = _header(title, _doc_line("Reference", ref.title, ref.path), _targets_table(c, names), _rules(c, gate))
    body = (
        f"{header}{_toolbar(_numbers(len(rows), counts, len(rows) - every, reviews))}"
        '<main><h2 class="part">Recommendations × targets</h2>'
        '<p class="note">Under a filter, a recommendation stays when some target has that verdict '
        "(covered: when every target covers it). Click a cell for the detail.</p>"
        f"{_matrix(c, show, names, gate)}{''.join(details)}</main>{_footer(c)}"
    )
    return title, body


def format_comparison(c: Comparison, *, show: str = "all", gate: GateResult | None = None) -> str:
    """The comparison as one self-contained HTML page (a str; write it as UTF-8).

    ``show`` ('all', 'gaps', 'covered') chooses the recommendations the page lists, as in the other
    formats; the figures always count them all. Several targets add a heat map above the details. With
    ``gate`` (`policydiff check`) the header lists the rules and their outcome, the coverage they judge,
    and each waived gap says so, with its reason and expiry.
    """
    check_show(show)
    if not c.targets:
        raise UsageError("nothing to report: the comparison has no target")
    ref = c.reference
    lang = "zh-CN" if is_cjk(ref.document.title + "".join(u.text for u in ref.units[:20])) else "en"
    title, body = _one_target(c, show, gate) if len(c.targets) == 1 else _several_targets(c, show, gate)
    return _page(esc(f"policydiff · {title}"), lang, body)


# --------------------------------------------------------------------------------------------------
# style and script (constants: no document text ever reaches them)

CSS = """
:root{--ok:#1a7f37;--ok-bg:#e6f4ea;--ok-bar:#2da44e;--part:#9a6700;--part-bg:#fff4d6;--part-bar:#e3a008;
--miss:#c62828;--miss-bg:#fdecea;--miss-bar:#e5534b;--ink:#1f2328;--muted:#656d76;--line:#d8dee4;
--paper:#fff;--bg:#f6f8fa;--accent:#0b5cad;--mark:#dbeafe;--mark-line:#5b9cf0;--bar:52px}
*{box-sizing:border-box}
html{font-family:FONTS;color:var(--ink);background:var(--bg);line-height:1.6;font-size:15px}
body{margin:0}
[hidden]{display:none!important}
.nojs .js-only{display:none!important}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
header{background:var(--paper);border-bottom:1px solid var(--line);padding:20px 32px 22px}
.brand{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);font-weight:600}
h1{font-size:22px;line-height:1.35;margin:4px 0 10px;font-weight:650}
h2{font-size:19px;margin:0 0 6px}
.doc{color:var(--muted);font-size:14px}
.doc strong{color:var(--ink);font-weight:600}
.role{display:inline-block;min-width:76px;font-size:12px;text-transform:uppercase;letter-spacing:.05em}
.path{color:var(--muted);margin-left:6px}
.summary{display:grid;grid-template-columns:300px 1fr;gap:28px;margin-top:18px;align-items:start}
.overall{background:var(--bg);border:1px solid var(--line);border-radius:10px;padding:16px 18px}
.big{font-size:44px;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
.big.covered{color:var(--ok)}.big.partial{color:var(--part)}.big.missing{color:var(--miss)}
.caption{color:var(--muted);font-size:13px;margin:4px 0 4px}
.caption.judged{color:var(--ink)}
.rules{margin-top:16px;background:var(--bg);border:1px solid var(--line);border-radius:10px;padding:10px 18px}
.rules ul{margin:4px 0 0;padding:0;list-style:none}
.rules li{font-size:14px;margin:2px 0;overflow-wrap:anywhere}
.rules li.pass b{color:var(--ok)}
.rules li.fail b{color:var(--miss)}
.rules li.note{color:var(--muted)}
.waived{font-size:13px;color:var(--accent);margin:2px 0}
.bar{display:flex;height:10px;border-radius:5px;overflow:hidden;background:#eaeef2;flex:1;min-width:60px}
.bar.wide{height:14px;border-radius:7px;margin:6px 0 10px}
.seg.covered{background:var(--ok-bar)}.seg.partial{background:var(--part-bar)}.seg.missing{background:var(--miss-bar)}
.tiles{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}
.tile{border-radius:8px;padding:6px 10px;line-height:1.25}
.tile{font-size:12.5px}
.tile b{display:block;font-size:20px;font-variant-numeric:tabular-nums;white-space:nowrap}
.tile.covered,.badge.covered{background:var(--ok-bg);color:var(--ok)}
.tile.partial,.badge.partial{background:var(--part-bg);color:var(--part)}
.tile.missing,.badge.missing{background:var(--miss-bg);color:var(--miss)}
.chart{columns:2 340px;column-gap:28px}
.chart-title{column-span:all;font-weight:600;font-size:13px;color:var(--muted);text-transform:uppercase;
letter-spacing:.05em;margin-bottom:6px}
.crow{display:flex;align-items:center;gap:10px;padding:2px 6px;border-radius:6px;color:var(--ink);
break-inside:avoid;font-size:13.5px}
.crow:hover{background:var(--bg);text-decoration:none}
.crow.d0{font-weight:650}.crow.d1{padding-left:18px}.crow.d2{padding-left:30px}
.cname{width:230px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;flex:none}
.cval{width:38px;text-align:right;font-variant-numeric:tabular-nums;color:var(--muted);flex:none}
.label{font-weight:650;color:var(--accent);margin-right:2px}
.toolbar{position:sticky;top:0;z-index:5;display:flex;align-items:center;gap:14px;height:var(--bar);
padding:0 32px;background:var(--paper);border-bottom:1px solid var(--line);box-shadow:0 1px 3px rgba(31,35,40,.06)}
.filters{display:flex;gap:4px}
.filters button{font:inherit;font-size:13.5px;border:1px solid var(--line);background:var(--paper);
color:var(--ink);border-radius:7px;padding:3px 11px;cursor:pointer}
.filters button span{color:var(--muted);margin-left:2px;font-variant-numeric:tabular-nums}
.filters button[aria-pressed=true]{background:var(--ink);border-color:var(--ink);color:#fff}
.filters button[aria-pressed=true] span{color:#d0d7de}
#search{font:inherit;font-size:14px;padding:4px 10px;border:1px solid var(--line);border-radius:7px;
width:280px;margin-left:auto}
.shown{font-size:13px;color:var(--muted);min-width:120px;text-align:right}
main{padding:18px 32px 40px;max-width:1500px;margin:0 auto}
.note{color:var(--muted);font-size:13.5px}
.detail{background:var(--paper);border:1px solid var(--line);border-radius:10px}
.colhead{display:grid;grid-template-columns:1fr 1fr;position:sticky;top:var(--bar);z-index:4;
background:#eef1f4;border-bottom:1px solid var(--line);border-radius:10px 10px 0 0;font-size:13px;
color:var(--muted)}
.nojs .colhead{top:0}
.colhead>div{padding:7px 18px}.colhead>div+div{border-left:1px solid var(--line)}
.colhead strong{color:var(--ink)}
.band{border-top:1px solid var(--line);scroll-margin-top:calc(var(--bar) + 40px)}
.band:first-of-type{border-top:0}
.bhead,.row{display:grid;grid-template-columns:1fr 1fr}
.bhead>div,.row>div{padding:10px 18px;min-width:0}
.bhead>.tgt,.row>.tgt{border-left:1px solid var(--line);background:#fbfcfd}
.bhead{background:#f8f9fb}
h3{margin:0;font-size:16px;line-height:1.45}
h3.lvl1{font-size:18px}
h3 a{color:var(--ink)}
h4{display:inline;margin:0;font-size:15px;font-weight:600}
.smeta{display:block;font-size:12.5px;color:var(--muted)}
.mini{display:inline-flex;align-items:center;gap:6px;width:170px;vertical-align:middle}
.mini .bar{height:7px}
.thead{scroll-margin-top:calc(var(--bar) + 40px)}
.thead .arrow{color:var(--muted);margin-right:6px}
.thead.none,.muted{color:var(--muted);font-style:italic;font-size:14px}
.ttext{margin-top:6px;font-size:13.5px}
.ttext summary{cursor:pointer;color:var(--accent);font-size:12.5px}
.ttext p{margin:6px 0;padding-left:44px;text-indent:-44px}
.ln{display:inline-block;width:40px;margin-right:4px;text-indent:0;text-align:right;color:var(--muted);
font-size:11.5px;font-variant-numeric:tabular-nums}
.row{border-top:1px solid #eef1f4;scroll-margin-top:calc(var(--bar) + 40px)}
.row p{margin:4px 0 0}
.rec>.ref{border-left:4px solid transparent}
.rec.covered>.ref{border-left-color:var(--ok-bar)}
.rec.partial>.ref{border-left-color:var(--part-bar);background:#fffbf0}
.rec.missing>.ref{border-left-color:var(--miss-bar);background:#fff7f6}
.rmeta,.emeta{display:flex;align-items:center;gap:10px;font-size:12.5px;color:var(--muted);flex-wrap:wrap}
.badge{font-weight:600;padding:0 8px;border-radius:999px;font-size:12px}
.badge.review{background:var(--part-bg);color:var(--part);margin-left:4px}
p.review{margin:4px 0 0;font-size:13px;color:var(--part)}
a.badge:hover{text-decoration:none;filter:brightness(.95)}
.uid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600;font-size:12.5px}
.score{font-variant-numeric:tabular-nums}
.emeta .score{margin-left:auto}
mark{background:var(--mark);color:inherit;border-radius:2px;box-shadow:inset 0 -2px 0 var(--mark-line);padding:0 1px}
.ev{margin:0 0 10px;font-size:14px}
.ev:last-child{margin-bottom:0}
.ev .place{font-weight:600;color:var(--ink)}
.ev.weak{color:var(--muted)}
.ev.weak mark{background:#eef1f4;box-shadow:inset 0 -2px 0 #afb8c1}
.elabel{text-transform:uppercase;font-size:11px;letter-spacing:.05em}
.notfound{color:var(--miss);font-weight:600;font-size:14px;margin-bottom:8px}
.belongs{font-weight:500;margin-left:4px}
.belongs.none{color:var(--muted);font-weight:400}
.lost{font-size:13px;color:var(--part);margin-bottom:8px}
.lost ul{margin:2px 0 4px;padding-left:18px;color:var(--ink)}
.moved{font-size:12.5px;color:var(--accent);margin-bottom:6px}
.row.ctx{display:block;padding:5px 18px 6px 22px;border-top:1px solid #eef1f4}
.ctx summary{cursor:pointer;color:var(--muted);font-size:13px;white-space:nowrap;overflow:hidden;
text-overflow:ellipsis}
.ctx .kind{font-size:11px;text-transform:uppercase;letter-spacing:.05em;margin-right:8px;font-weight:600}
.ctx .cnt{margin-right:10px}
.ctx .first{opacity:.8}
.ctx p{color:#424a53;font-size:14px;max-width:70em;margin:6px 0 8px}
.ctx p .uid{margin-right:8px;color:var(--muted)}
.quiet{background:#fafbfc;display:flex;flex-wrap:wrap;align-items:baseline}
.quiet>.row.ctx{flex:1 1 320px;border-top:0;padding:9px 18px 8px 0;min-width:0}
.quiet>.row.ctx:has(details[open]){flex-basis:100%;padding-left:22px;padding-top:0}
.qhead{display:flex;align-items:baseline;gap:14px;padding:9px 18px 8px}
.qhead h3{font-size:15px;color:#424a53}
.qhead h3.lvl1{font-size:16px}
.qhead .smeta{display:inline}
p.weak mark{background:#eef1f4;box-shadow:inset 0 -2px 0 #afb8c1}
.add>.tgt p{font-size:14px}
.add>.void{background:repeating-linear-gradient(135deg,#f6f8fa 0 6px,#eef1f4 6px 12px)}
.add+.add{border-top-color:var(--line)}
:target,.thead:target{outline:2px solid var(--accent);outline-offset:-2px}
h2.part{margin:8px 0 4px}
.targets{border-collapse:collapse;margin-top:14px;font-size:14px}
.targets th,.targets td{padding:6px 12px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
.targets td .bar{width:180px}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.num.covered{color:var(--ok);font-weight:700}.num.partial{color:var(--part);font-weight:700}
.num.missing{color:var(--miss);font-weight:700}
.matrix-wrap{background:var(--paper);border:1px solid var(--line);border-radius:10px;margin-bottom:28px}
.matrix{border-collapse:collapse;font-size:13.5px;width:100%}
.matrix th,.matrix td{padding:4px 10px;border-bottom:1px solid #eef1f4;text-align:left}
.matrix thead th{position:sticky;top:var(--bar);background:#eef1f4;z-index:3}
.matrix .rsec{color:var(--muted);white-space:nowrap}
.matrix .rtext{max-width:520px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.matrix .cell{padding:0;text-align:center;width:130px}
.matrix .cell a{display:block;padding:4px 8px;font-variant-numeric:tabular-nums;font-weight:600}
.cell.covered{background:#c9ecd3}.cell.covered a{color:#0f5323}
.cell.partial{background:#fde9b0}.cell.partial a{color:#6b4700}
.cell.missing{background:#f9c9c5}.cell.missing a{color:#8e1b1b}
.matrix .tot{text-align:center;font-variant-numeric:tabular-nums}
.target{margin-top:34px}
.tname{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--ink);color:#fff;
padding:1px 8px;border-radius:6px;font-size:14px;vertical-align:middle}
.target .summary{margin:12px 0 18px}
footer{color:var(--muted);font-size:12.5px;padding:0 32px 30px;max-width:1500px;margin:0 auto}
@media (max-width:900px){.summary{grid-template-columns:1fr}.bhead,.row,.colhead{grid-template-columns:1fr}
.bhead>.tgt,.row>.tgt{border-left:0;border-top:1px dashed var(--line)}header,main{padding-left:14px;padding-right:14px}
:root{--bar:0px}.toolbar{position:static;height:auto;flex-wrap:wrap;gap:8px;padding:8px 14px}.filters{flex-wrap:wrap}
#search{width:100%;margin-left:0}}
@media print{.toolbar{display:none}.colhead,.matrix thead th{position:static}}
""".replace("FONTS", FONTS)

SCRIPT = r"""
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("nojs");
  root.classList.add("js");
  var FILTERS = ["all", "gaps", "missing", "partial", "covered", "review"];
  var filter = "all", query = "";
  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var search = document.getElementById("search");
  var shownBox = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-status],[data-context]"));
  var bands = Array.prototype.slice.call(document.querySelectorAll(".band"));
  var matrix = document.getElementById("matrix");
  var fold = function (s) { return s.normalize("NFKC").toLowerCase(); };
  var texts = rows.map(function (el) {
    var titles = Array.prototype.map.call(el.querySelectorAll("[title]"), function (t) { return t.title; });
    return fold(el.textContent + " " + titles.join(" "));
  });
  function wanted(el) {
    var st = el.getAttribute("data-status");
    if (st === null) return filter === "all";
    var list = st.split(" ");
    if (filter === "all") return true;
    if (filter === "review") return el.hasAttribute("data-review");
    if (filter === "covered") return list.every(function (s) { return s === "covered"; });
    if (filter === "gaps") return list.some(function (s) { return s !== "covered"; });
    return list.indexOf(filter) >= 0;
  }
  function apply() {
    var counted = 0, visible = 0;
    rows.forEach(function (el, i) {
      var keep = wanted(el) && (!query || texts[i].indexOf(query) >= 0);
      el.hidden = !keep;
      var judged = el.hasAttribute("data-status") && (matrix ? matrix.contains(el) : true);
      if (judged) { counted += 1; if (keep) visible += 1; }
    });
    var active = filter !== "all" || query !== "";
    bands.forEach(function (band) {
      band.hidden = active && !band.querySelector(".row:not([hidden])");
    });
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === filter)); });
    if (shownBox) shownBox.textContent = active ? visible + " of " + counted + " shown" : "";
  }
  function share() {
    var parts = [];
    if (filter !== "all") parts.push("filter=" + filter);
    if (query) parts.push("q=" + encodeURIComponent(search.value.trim()));
    var url = location.pathname + location.search + (parts.length ? "#" + parts.join("&") : "");
    history.replaceState(null, "", url);
  }
  function reveal(el) {
    if (el.closest("[hidden]")) { filter = "all"; query = ""; if (search) search.value = ""; apply(); }
    var d = el.closest("details");
    if (d) d.open = true;
    var text = el.querySelector(".ttext");
    if (text) text.open = true;
    el.scrollIntoView({block: "start"});
  }
  function fromHash() {
    var raw = location.hash.slice(1);
    if (/^(filter|q)=/.test(raw)) {
      var params = new URLSearchParams(raw);
      var f = params.get("filter") || "all";
      filter = FILTERS.indexOf(f) >= 0 ? f : "all";
      var q = (params.get("q") || "").trim();
      if (search) search.value = q;
      query = fold(q);
      apply();
      return;
    }
    var id = raw;
    try { id = decodeURIComponent(raw); } catch (e) { /* keep it raw */ }
    var el = id && document.getElementById(id);
    if (el) reveal(el);
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { filter = b.getAttribute("data-filter"); apply(); share(); });
  });
  if (search) {
    search.addEventListener("input", function () { query = fold(search.value.trim()); apply(); share(); });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && search && document.activeElement !== search) { e.preventDefault(); search.focus(); }
  });
  window.addEventListener("hashchange", fromHash);
  apply();
  fromHash();
})();
"""
