"""Comparisons behind the HTML report tests (``tests/formats/test_html.py``, ``tests/browser/``).

``samples()`` is the report an analyst sees first (the paper against the county plan); ``hostile()`` is a
pair of documents whose titles, headings, items, passages and file names carry script, event-handler and
``javascript:`` payloads that would each set ``window.__pwned`` (and the page title) if they ever ran.
"""

from __future__ import annotations

import hashlib
from functools import cache

from conftest import SAMPLES

from policydiff.align import compare
from policydiff.api import load, outline_text
from policydiff.models import Comparison, Line, Options, Text

PWNED = "PWNED"


def _run(n: int) -> str:
    """JavaScript that marks injection number ``n`` as having run."""
    return f"window.__pwned={n};document.title='{PWNED}'"


def _text(lines: list[str], origin: str) -> Text:
    raw = "\n".join(lines)
    return Text(tuple(Line(t, i) for i, t in enumerate(lines, 1)), origin, "md", "utf-8",
                hashlib.sha256(raw.encode("utf-8")).hexdigest())


REFERENCE_PATH = f'evil"><script>{_run(1)}</script><img src=x onerror="{_run(2)}">.md'
TARGET_PATH = f"plan' onmouseover='{_run(3)}'.md"

REFERENCE = [
    f"# Parks plan <script>{_run(4)}</script>",
    "",
    "Parks matter to every resident; this plan says what the council should do about them.",
    "",
    f'## 1. Safety in parks <img src=x onerror="{_run(5)}">',
    "",
    f"1. The council should fund street lights and CCTV cameras in every park <script>{_run(6)}</script>.",
    "",
    f"2. The council should publish a yearly park safety report [report](javascript:{_run(7)}) for residents.",
    "",
    f'3. The council must train volunteer wardens in first aid " onmouseover="{_run(8)}" x=" '
    f"</p></div><svg onload={_run(9)}>.",
    "",
    f"## 2. Libraries <iframe src=\"javascript:{_run(10)}\"></iframe>",
    "",
    f"Libraries are busy on weekends </textarea><script>{_run(11)}</script>.",
    "",
    f'1. Libraries should open on Sundays <a href="javascript:{_run(12)}">click</a> from ten to four.',
    "",
    "2. Libraries should lend laptops and wifi hotspots to families without internet at home.",
]

TARGET = [
    f"# Council parks programme <script>{_run(13)}</script>",
    "",
    f"## Lighting and cameras <body onload=\"{_run(14)}\">",
    "",
    f"Street lights and CCTV cameras will be fitted in every park <script>{_run(15)}</script>.",
    "",
    f"Volunteer wardens will be trained in first aid <img src=x onerror={_run(16)}>.",
    "",
    f"## Opening hours <a href=\"javascript:{_run(17)}\">x</a>",
    "",
    "Libraries will open on Sundays from ten to four <style>body{display:none}</style>.",
    "",
    f"## Swimming pools <math><mi xlink:href=\"javascript:{_run(18)}\">x</mi></math>",
    "",
    f"Pools will open earlier in summer <object data=\"javascript:{_run(19)}\"></object>.",
]


@cache
def hostile() -> Comparison:
    ref = outline_text(_text(REFERENCE, REFERENCE_PATH))
    target = outline_text(_text(TARGET, TARGET_PATH))
    return compare(ref, [target], Options())


@cache
def hostile_matrix() -> Comparison:
    c = hostile()
    return Comparison(c.reference, c.targets * 2, c.options)


@cache
def samples() -> Comparison:
    """The paper against the county plan: the report of the README's screenshot."""
    return compare(load(str(SAMPLES / "paper-zh.txt")), [load(str(SAMPLES / "zh-county-plan.md"))], Options())


@cache
def samples_matrix() -> Comparison:
    ref = load(str(SAMPLES / "paper-zh.txt"))
    targets = [load(str(SAMPLES / name)) for name in ("zh-county-plan.md", "zh-city-notice.txt",
                                                       "zh-district-measures.docx")]
    return compare(ref, targets, Options())
