"""The HTML report's structure: escaping, anchors, figures, determinism, size. The browser tests are in
``tests/browser/test_report.py``."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from conftest import SAMPLES
from html_cases import PWNED, REFERENCE_PATH, TARGET_PATH, hostile, hostile_matrix, samples, samples_matrix

from policydiff.align import compare
from policydiff.api import load
from policydiff.errors import UsageError
from policydiff.formats import html
from policydiff.models import Comparison, Options

ALLOWED_TAGS = {
    "html", "head", "meta", "link", "title", "style", "body", "script", "header", "main", "footer", "section",
    "div", "span", "a", "b", "strong", "code", "p", "ul", "li", "h1", "h2", "h3", "h4", "details", "summary",
    "mark", "button", "input", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "br",
}
"""Every element the report writes; a document's markup must never add one."""
URL_ATTRS = {"src", "data", "action", "formaction", "xlink:href", "srcdoc", "background", "poster", "ping"}


class Page(HTMLParser):
    """The parsed page: elements with their attributes, the text, the script and style bodies."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._in = tag
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in is None:
            self.text.append(data)

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.elements if "id" in a]

    def find(self, **attrs: str) -> list[dict[str, str]]:
        return [a for _, a in self.elements if all(a.get(k) == v for k, v in attrs.items())]


def _render(c: Comparison, show: str = "all") -> tuple[str, Page]:
    out = html.format_comparison(c, show=show)
    return out, Page(out)


def _all_cases() -> list[tuple[str, Comparison, str]]:
    return [(f"{name}-{show}", make(), show) for name, make in (("one", hostile), ("two", hostile_matrix))
            for show in ("all", "gaps", "covered")]


@pytest.mark.parametrize("name,c,show", _all_cases(), ids=[n for n, _, _ in _all_cases()])
def test_hostile_documents_stay_text(name: str, c: Comparison, show: str) -> None:
    out, page = _render(c, show)
    tags = [tag for tag, _ in page.elements]
    assert set(tags) <= ALLOWED_TAGS, set(tags) - ALLOWED_TAGS
    assert tags.count("script") == 1 and tags.count("style") == 1 and tags.count("body") == 1
    assert page.scripts == [html.SCRIPT], "the only script is the report's own, with no document text"
    for tag, attrs in page.elements:
        for key, value in attrs.items():
            assert not key.startswith("on"), f"<{tag} {key}=…>"
            assert key not in URL_ATTRS, f"<{tag} {key}=…>"
            assert "javascript:" not in value.lower() or key in ("title", "content"), f"<{tag} {key}={value!r}>"
            if key == "href":
                assert value.startswith("#") or value == "data:,", value
    text = "".join(page.text)
    # the payloads are shown, as text
    assert "Parks plan <script>window.__pwned=4" in text
    assert REFERENCE_PATH in text
    assert TARGET_PATH in text or name.startswith("two")
    assert PWNED in text
    # the raw markup is nowhere in the bytes
    assert "<script>window" not in out and "<img" not in out and "<svg" not in out and "<iframe" not in out


def test_hostile_text_is_highlighted_safely() -> None:
    """Shared terms inside a payload ('script', 'window') are marked without unescaping their context."""
    out = html.format_comparison(hostile())
    assert "<mark>" in out
    assert re.search(r"&lt;<mark>script</mark>&gt;", out)


def test_escape_covers_quotes_and_control_characters() -> None:
    assert html.esc('a"b\'c<d>&e\x1b[31m') == "a&quot;b&#x27;c&lt;d&gt;&amp;e[31m"


def test_content_security_policy_allows_only_the_report_script() -> None:
    _, page = _render(samples())
    csp = page.find(**{"http-equiv": "Content-Security-Policy"})[0]["content"]
    digest = base64.b64encode(hashlib.sha256(html.SCRIPT.encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp


def test_self_contained() -> None:
    out, page = _render(samples_matrix())
    assert not re.search(r"https?://", out), "no network: no URL at all"
    for tag, attrs in page.elements:
        assert not (URL_ATTRS & attrs.keys()), tag
    assert [a["href"] for t, a in page.elements if t == "link"] == ["data:,"]


def test_every_recommendation_has_an_anchor_and_every_link_lands() -> None:
    c = samples()
    _, page = _render(c)
    ids = page.ids()
    assert len(ids) == len(set(ids)), "anchors are unique"
    for v in c.targets[0].verdicts:
        assert f"rec-{v.unit.id}" in ids
        if v.status is not None:
            row = page.find(id=f"rec-{v.unit.id}")[0]
            assert row["data-status"] == v.status
    for a in c.targets[0].sections:
        if a.units:
            assert f"align-{a.reference_id}" in ids
            assert f"sec-{a.reference_id}" in ids
    for i in range(1, len(c.targets[0].additions) + 1):
        assert f"add-{i}" in ids
    hrefs = {a["href"][1:] for _, a in page.elements if a.get("href", "").startswith("#")}
    assert hrefs - set(ids) == set()


def test_gaps_link_to_the_target_section_they_belong_in() -> None:
    c = samples()
    out, _ = _render(c)
    t = c.targets[0]
    aligned = {a.reference_id: a for a in t.sections}
    for v in t.verdicts:
        if v.status != "missing":
            continue
        a = aligned[v.unit.section]
        row = re.search(rf'<div class="row rec missing" id="rec-{re.escape(v.unit.id)}".*?</div></div></div>', out)
        assert row, v.unit.id
        if a.target is not None:
            assert f'href="#align-{a.reference_id}"' in row.group(), v.unit.id
            assert "Belongs in" in row.group()
        else:
            assert "has no counterpart in the target" in row.group()


def test_counts_shown_are_the_comparisons() -> None:
    c = samples()
    _, page = _render(c)
    t = c.targets[0]
    shown = _counts(html.format_comparison(c))
    assert shown == {"covered": t.count("covered"), "partial": t.count("partial"), "missing": t.count("missing"),
                     "judged": t.judged}
    assert page.find(**{"data-coverage": f"{t.percent:.1f}"})
    rows = [a for _, a in page.elements if "data-status" in a]
    assert len(rows) == t.judged
    buttons = {a["data-filter"] for _, a in page.elements if "data-filter" in a}
    assert buttons == set(html.FILTERS)


def _counts(out: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', out)}


def test_matrix_cells_link_to_each_targets_detail() -> None:
    c = samples_matrix()
    out, page = _render(c)
    ids = set(page.ids())
    assert {"t1", "t2", "t3", "matrix"} <= ids
    rows = [a for t, a in page.elements if t == "tr" and "data-status" in a]
    assert len(rows) == c.targets[0].judged
    for row in rows:
        assert len(row["data-status"].split()) == len(c.targets)
    cells = re.findall(r'<td class="cell (\w+)"><a href="#(t\d+-rec-[^"]+)"', out)
    assert len(cells) == c.targets[0].judged * len(c.targets)
    for status, anchor in cells:
        assert anchor in ids
        k, uid = anchor.split("-rec-")
        assert c.verdict(int(k[1:]) - 1, uid).status == status  # type: ignore[union-attr]


def test_show_lists_only_what_it_asks_for() -> None:
    c = samples()
    t = c.targets[0]
    _, gaps = _render(c, "gaps")
    statuses = [a["data-status"] for _, a in gaps.elements if "data-status" in a]
    assert sorted(statuses) == sorted(v.status for v in t.verdicts if v.status in ("partial", "missing"))
    _, covered = _render(c, "covered")
    assert {a["data-status"] for _, a in covered.elements if "data-status" in a} == {"covered"}
    assert "lists gaps" in html.format_comparison(c, show="gaps")


def test_everything_is_visible_without_script() -> None:
    out, page = _render(samples_matrix())
    assert not any("hidden" in a for _, a in page.elements)
    assert 'class="nojs"' in out and ".nojs .js-only{display:none" in out
    toolbar = page.find(role="toolbar")[0]
    assert "js-only" in toolbar["class"]


def test_chinese_gets_a_cjk_font_stack_and_lang() -> None:
    out = html.format_comparison(samples())
    assert '<html lang="zh-CN"' in out
    for font in ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC"):
        assert font in out
    assert '<html lang="en"' in html.format_comparison(hostile())


def test_output_is_deterministic() -> None:
    first = html.format_comparison(samples())
    again = compare(load(str(SAMPLES / "paper-zh.txt")), [load(str(SAMPLES / "zh-county-plan.md"))], Options())
    assert html.format_comparison(again) == first
    assert html.format_comparison(samples_matrix()) == html.format_comparison(samples_matrix())


def test_size_budget() -> None:
    size = len(html.format_comparison(samples()).encode("utf-8"))
    assert size < 300_000, f"{size} bytes"


def test_usage_errors() -> None:
    with pytest.raises(UsageError, match="--show"):
        html.format_comparison(samples(), show="nope")
    c = samples()
    with pytest.raises(UsageError, match="no target"):
        html.format_comparison(Comparison(c.reference, (), c.options))


@pytest.mark.parametrize("name", [
    "javascript:alert(document.domain).md",
    'x" onmouseover="alert(1).md',
    "<svg onload=alert(1)>.md",
    "data:text,<script>alert(1)<\\script>.md",
])
def test_hostile_file_names_on_disk_stay_text(tmp_path, monkeypatch, name: str) -> None:
    """End to end: files with these names compared through the command line into an HTML report."""
    from click.testing import CliRunner

    from policydiff.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes((SAMPLES / "en-reference.md").read_bytes())
    (tmp_path / "plan.md").write_bytes((SAMPLES / "en-target.md").read_bytes())
    result = CliRunner().invoke(cli, ["compare", name, "plan.md", "plan.md", "--format", "html", "-o", "r.html"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    out = (tmp_path / "r.html").read_text(encoding="utf-8")
    page = Page(out)
    assert {tag for tag, _ in page.elements} <= ALLOWED_TAGS
    assert page.scripts == [html.SCRIPT]
    for tag, attrs in page.elements:
        for key, value in attrs.items():
            assert not key.startswith("on") and key not in URL_ATTRS, f"<{tag} {key}={value!r}>"
            if key == "href":
                assert value.startswith("#") or value == "data:,", value
    assert name in "".join(page.text)
