"""The HTML report in a real browser: headless Chromium (Debian's ``chromium`` package) driven by Playwright.

Skipped, with the reason, when no Chromium is installed or the ``playwright`` package is missing; CI
installs Chromium with apt (``.ci/run``). Playwright only drives the system browser (``executable_path``):
``playwright install`` is never run, nothing is downloaded. ``POLICYDIFF_CHROMIUM`` names another binary.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from html_cases import PWNED, hostile, hostile_matrix, samples, samples_matrix

from policydiff.formats import html
from policydiff.models import Comparison

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}


def chromium() -> str | None:
    """The Chromium binary: $POLICYDIFF_CHROMIUM, else chromium (Debian) or chromium-browser on PATH."""
    env = os.environ.get("POLICYDIFF_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium()
    if path is None:
        pytest.skip("no Chromium installed (apt-get install chromium, or set POLICYDIFF_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=FLAGS)
        yield b
        b.close()


class Tab:
    """One page of a fresh browser context, with what it requested and any script error or dialog."""

    def __init__(self, browser: Any, *, javascript: bool = True) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def open(self, path: Path, fragment: str = "") -> Any:
        self.page.goto(path.as_uri() + fragment)
        return self.page

    def visible(self, selector: str = "[data-status]") -> list[str]:
        return list(self.page.eval_on_selector_all(
            selector, "els => els.filter(e => e.checkVisibility()).map(e => e.id)"))

    def in_view(self, element_id: str) -> bool:
        return bool(self.page.evaluate(
            """id => { const r = document.getElementById(id).getBoundingClientRect();
                       return r.top >= 0 && r.top < window.innerHeight && r.height > 0; }""", element_id))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    t = Tab(browser)
    yield t
    assert t.errors == [], "no script error, console error or dialog"
    assert all(u.startswith(("file:", "data:")) for u in t.requests), t.requests
    t.close()


def _write(tmp_path: Path, c: Comparison, name: str = "report.html") -> Path:
    path = tmp_path / name
    path.write_text(html.format_comparison(c), encoding="utf-8")
    return path


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return _write(tmp_path, samples())


def _ids(c: Comparison, *statuses: str, target: int = 0) -> list[str]:
    return [f"rec-{v.unit.id}" for v in c.targets[target].verdicts if v.status in statuses]


def test_counts_shown_equal_the_comparison(tab: Tab, report: Path) -> None:
    page = tab.open(report)
    t = samples().targets[0]
    shown = {s: int(page.inner_text(f'[data-count="{s}"]')) for s in ("covered", "partial", "missing", "judged")}
    assert shown == {"covered": t.count("covered"), "partial": t.count("partial"), "missing": t.count("missing"),
                     "judged": t.judged}
    assert page.inner_text(".overall .big") == f"{t.percent:.1f}%"
    assert len(tab.visible()) == t.judged
    assert page.get_attribute("html", "class") == "js", "the report's own script ran"


@pytest.mark.parametrize("name,statuses", [
    ("gaps", ("partial", "missing")), ("missing", ("missing",)), ("partial", ("partial",)),
    ("covered", ("covered",)),
])
def test_a_filter_keeps_what_it_says(tab: Tab, report: Path, name: str, statuses: tuple[str, ...]) -> None:
    page = tab.open(report)
    c = samples()
    page.click(f'button[data-filter="{name}"]')
    assert tab.visible() == _ids(c, *statuses)
    assert tab.visible(".row.ctx") == [] and not page.is_visible(".row.add")
    assert page.get_attribute(f'button[data-filter="{name}"]', "aria-pressed") == "true"
    assert page.inner_text("#shown") == f"{len(_ids(c, *statuses))} of {c.targets[0].judged} shown"
    assert page.evaluate("location.hash") == f"#filter={name}", "the filtered view is a shareable link"
    for band in page.query_selector_all("section.band"):
        assert band.is_visible() == bool(band.query_selector(".row[data-status]:not([hidden])"))
    page.click('button[data-filter="all"]')
    assert len(tab.visible()) == c.targets[0].judged
    assert page.is_visible(".row.add")
    assert page.evaluate("location.hash") == ""


def test_a_filtered_link_opens_filtered(tab: Tab, report: Path) -> None:
    page = tab.open(report, "#filter=partial")
    assert tab.visible() == _ids(samples(), "partial")
    assert page.get_attribute('button[data-filter="partial"]', "aria-pressed") == "true"


def test_search_box(tab: Tab, report: Path) -> None:
    page = tab.open(report)
    c = samples()
    page.fill("#search", "消防")
    hits = tab.visible()
    expected = [f"rec-{v.unit.id}" for v in c.targets[0].verdicts
                if v.status is not None and "消防" in v.unit.text]
    assert expected and set(expected) <= set(hits)
    for rid in hits:
        assert "消防" in page.inner_text(f"#{_css(rid)}")
    assert page.evaluate("location.hash") == "#q=" + "%E6%B6%88%E9%98%B2"
    page.fill("#search", "3.1.2")
    assert "rec-3.1.2" in tab.visible()
    page.fill("#search", "")
    assert len(tab.visible()) == c.targets[0].judged


def test_search_and_filter_from_a_link(tab: Tab, report: Path) -> None:
    page = tab.open(report, "#filter=gaps&q=%E7%BD%91%E4%B8%8A")  # 网上
    c = samples()
    expected = [f"rec-{v.unit.id}" for v in c.targets[0].verdicts
                if v.status in ("partial", "missing") and "网上" in page.inner_text(f"#{_css('rec-' + v.unit.id)}")]
    assert expected and tab.visible() == expected
    assert page.input_value("#search") == "网上"


def _css(element_id: str) -> str:
    return re.sub(r"([.])", r"\\\1", element_id)


def test_clicking_a_gap_scrolls_to_where_it_belongs(tab: Tab, report: Path) -> None:
    page = tab.open(report)
    c = samples()
    t = c.targets[0]
    aligned = {a.reference_id: a for a in t.sections}
    gaps = [v for v in t.verdicts if v.status == "missing" and aligned[v.unit.section].target is not None]
    v = gaps[-1]  # far down the page
    page.click('button[data-filter="gaps"]')
    page.click(f"#{_css('rec-' + v.unit.id)} .belongs")
    anchor = f"align-{v.unit.section}"
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert tab.in_view(anchor)
    assert page.eval_on_selector(f"#{_css(anchor)} details", "d => d.open"), "the target text is shown"
    assert aligned[v.unit.section].target_title in page.inner_text(f"#{_css(anchor)}")


def test_a_link_to_one_recommendation(tab: Tab, report: Path) -> None:
    c = samples()
    far = next(f"rec-{v.unit.id}" for v in reversed(c.targets[0].verdicts) if v.status == "covered")
    page = tab.open(report, f"#{far}")
    assert tab.in_view(far)
    # a link to a recommendation the current filter hides shows everything again
    page.click('button[data-filter="missing"]')
    page.evaluate(f"location.hash = '#{far}'")
    page.wait_for_function(f"document.getElementById('{far}').checkVisibility()")
    assert tab.in_view(far)


def test_without_javascript_everything_is_visible(browser: Any, report: Path) -> None:
    t = Tab(browser, javascript=False)
    try:
        page = t.open(report)
        c = samples()
        assert len(t.visible()) == c.targets[0].judged
        assert not page.is_visible("#search") and not page.is_visible("[data-filter]")
        assert page.get_attribute("html", "class") == "nojs"
        assert page.is_visible(".row.add") and len(t.visible(".row.ctx")) > 0
    finally:
        t.close()


def test_screenshot(tab: Tab, report: Path, tmp_path: Path) -> None:
    page = tab.open(report)
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    full = tmp_path / "report-full.png"
    page.screenshot(path=str(full), full_page=True)
    for png in (shot, full):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height > VIEWPORT["height"]


def test_matrix_cells_link_to_each_targets_detail(tab: Tab, tmp_path: Path) -> None:
    c = samples_matrix()
    page = tab.open(_write(tmp_path, c))
    assert len(tab.visible("#matrix [data-status]")) == c.targets[0].judged
    v = next(v for v in reversed(c.targets[1].verdicts) if v.status is not None)
    cell = f"#{_css('rec-' + v.unit.id)} td.cell:nth-of-type({2 + 2}) a"  # rsec, rtext, then targets 1, 2…
    page.click(cell)
    anchor = f"t2-rec-{v.unit.id}"
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert tab.in_view(anchor)
    assert page.get_attribute(f"#{_css(anchor)}", "data-status") == v.status
    page.click('button[data-filter="covered"]')
    every = [f"rec-{u.id}" for i, u in enumerate(v2.unit for v2 in c.targets[0].verdicts)
             if c.targets[0].verdicts[i].status is not None
             and all(t.verdicts[i].status == "covered" for t in c.targets)]
    assert tab.visible("#matrix [data-status]") == every


@pytest.mark.parametrize("make", [hostile, hostile_matrix], ids=["one-target", "two-targets"])
@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_a_hostile_document_cannot_inject_script(tab: Tab, tmp_path: Path, make: Any, csp: bool) -> None:
    out = html.format_comparison(make())
    if not csp:  # prove that escaping alone holds, without the Content-Security-Policy behind it
        out, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", out)
        assert n == 1
    path = tmp_path / "hostile.html"
    path.write_text(out, encoding="utf-8")
    page = tab.open(path)
    page.mouse.move(200, 200)
    for selector in ("a", "summary", "h3", "h4", "p"):
        for el in page.query_selector_all(selector)[:15]:
            if el.is_visible():
                el.hover()
    for summary in page.query_selector_all("summary"):
        if summary.is_visible():
            summary.click()
    page.click('button[data-filter="gaps"]')
    page.fill("#search", "script")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title() != PWNED and page.title().startswith("policydiff · Coverage of")
    assert page.get_attribute("html", "class") == "js", "the report's own script ran"
    assert page.evaluate("document.querySelectorAll('img,iframe,svg,object,math,embed,body style').length") == 0
    assert "Parks plan <script>" in page.inner_text("h1") or "Parks plan <script>" in page.inner_text("header")


def test_the_review_filter_keeps_the_low_confidence_verdicts(tab: Tab, report: Path) -> None:
    page = tab.open(report)
    c = samples()
    low = [f"rec-{v.unit.id}" for v in c.targets[0].verdicts if v.confidence == "low"]
    assert low, "the samples have verdicts to review"
    page.click('button[data-filter="review"]')
    assert tab.visible() == low
    assert all(page.is_visible(f'[id="{i}"] .badge.review') and page.is_visible(f'[id="{i}"] p.review') for i in low)


def test_on_a_phone_every_filter_button_is_on_screen(browser: Any, report: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(report.as_uri())
        width = page.evaluate("window.innerWidth")
        edges = page.eval_on_selector_all("[data-filter]", "els => els.map(e => e.getBoundingClientRect().right)")
        assert len(edges) == 6 and max(edges) <= width
        page.click('button[data-filter="review"]')  # clickable without scrolling the bar sideways
    finally:
        context.close()
