"""Property tests: generated documents through read → outline → units → compare → JSON.

Only documented errors (PolicydiffError) may escape; every unit id is unique and stable (same text, same
ids; an unrelated closing paragraph changes no earlier id); a document compared with itself covers every
recommendation (100 %); verdict counts add up to the recommendations; the JSON is valid and the same
every time. The strategies and checks live in tests/fuzz_cases.py; `python scripts/fuzz.py --minutes 30`
runs them with many more examples. The example counts here are kept small so that the suite stays fast.

The ``@example`` cases are what the long fuzz runs found (each was a bug, fixed).
"""

from __future__ import annotations

import fuzz_cases as fc
from fuzz_cases import Case
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policydiff.read import read_bytes

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@FAST
@given(fc.cases)
@example(Case("1）加强\n一、\n"))  # a junction of two paragraphs ran words together: '强一' was no passage's
@example(Case("1）加强\n十一、\n"))  # a marker inside a unit kept its number as a term the target strips
@example(Case("一、加强。\n（一）\n（十一）\n"))  # several markers in a row: only the first was stripped
@example(Case("should 。\n1.\n"))  # a unit with nothing but function words and markers was a recommendation
@example(Case("should 。0、\n"))  # a marker after 。 in a unit without ideographs was not stripped
@example(Case("一、should\n"))  # a recommendation without a single term to look for
def test_documents_keep_the_invariants(case: Case) -> None:
    fc.check_document(case)


@FAST
@given(fc.cases)
@example(Case("（一）加强\n一、加强\n（一）\n加强\n", "utf-8", "md"))
@example(Case("\n20.\x00\n", "utf-8", "md"))  # 6 bytes with a NUL pass for UTF-16; with more text they don't
@example(Case("\x1f\x80\n", "gb18030", "md"))  # a guess of UTF-16 for noise without BOM or NULs (now refused)
def test_an_unrelated_closing_paragraph_changes_no_earlier_id(case: Case) -> None:
    fc.check_append(case)


@FAST
@given(fc.cases, st.sampled_from(("s2t.json", "s2twp.json", "s2hk.json")))
@example(Case("一、加强\n\n加强\n一、加强加强加强加强加强加强加强加强加强加强当前警综平台Introduction 加强\n"), "s2t.json")
def test_a_traditional_twin_outlines_alike(case: Case, config: str) -> None:
    """'當前' did not end a run-in heading as '当前' does: every cue now reads both scripts."""
    fc.check_traditional(case, config)


@settings(max_examples=100, deadline=None, database=None)
@given(fc.raw_bytes)
def test_arbitrary_bytes_are_read_or_refused_with_a_documented_error(pair: tuple[bytes, str | None]) -> None:
    fc.check_bytes(*pair)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(fc.damaged_files())
def test_damaged_docx_and_pdf_files_are_read_or_refused(pair: tuple[bytes, str | None]) -> None:
    fc.check_bytes(*pair)


def test_a_zip_needing_a_future_version_is_refused() -> None:
    """Found by the fuzz job: zipfile raises NotImplementedError ('zip file version 6.4')."""
    import hostile_files

    assert fc.check_bytes(hostile_files.future_zip_docx(), "docx") is None
    assert fc.check_bytes(hostile_files.future_zip_docx(), None) is None


@settings(max_examples=100, deadline=None, database=None)
@given(fc.html_pages)
def test_tag_soup_is_read_or_refused(page: str) -> None:
    fc.check_bytes(page.encode("utf-8"), "html")


def test_the_same_bytes_give_the_same_outline_and_digest() -> None:
    data = fc.seed_bytes("sample.docx")
    first, second = read_bytes(data, origin="a.docx"), read_bytes(data, origin="a.docx")
    assert first == second
