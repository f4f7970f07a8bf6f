#!/usr/bin/env python3
"""Check the evaluation set listed in eval/manifest.json (reads files only; never runs policydiff).

usage: python scripts/check_eval.py [--manifest eval/manifest.json] [--commands]

For every manifest entry: the gold, labels, reference and target files exist; every recommendation id of the
gold file has exactly one label (covered / partial / missing) and no other id is labelled; every covered or
partial id has evidence, and every evidence, distractor and alternative is consistent (evidence and distractor
quotes occur verbatim in the target text, whitespace collapsed; distractors imitate missing ids; alternatives
differ from the label). For gold files kept under eval/: every unit's text occurs verbatim in its reference.
For targets under eval/: 4,000-15,000 characters of text. Older targets (outside eval/) only get warnings for
evidence that spans list markers or paragraphs. Prints one line per target; exit 1 on any error.
With --commands it prints instead the score.py command for each (reference, split) group of the manifest.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUSES = ("covered", "partial", "missing")
FIELDS = ("reference", "gold", "labels", "language", "genre", "split")


def read_text(path: Path) -> str:
    """The text of a target as a reader sees it (docx paragraphs and tables, html without tags)."""
    ext = path.suffix.lower()
    if ext == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    if ext in (".html", ".htm"):
        text = re.sub(r"(?is)<(script|style).*?</\1>", "", text)
        text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</h\d>|</td>|</tr>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def quotes(value: str | list[str]) -> list[str]:
    """An evidence or distractor entry: one quote, or a list of quotes (a unit covered in several places)."""
    return [value] if isinstance(value, str) else list(value)


def check_entry(entry: dict[str, str], errors: list[str], warnings: list[str]) -> tuple[str, dict[str, int]] | None:
    where = entry.get("labels", "?")
    missing_fields = [f for f in FIELDS if f not in entry]
    if missing_fields:
        errors.append(f"{where}: manifest entry lacks {', '.join(missing_fields)}")
        return None
    if entry["split"] not in ("tune", "holdout"):
        errors.append(f"{where}: split must be 'tune' or 'holdout', not {entry['split']!r}")
    paths = {k: (ROOT / entry[k]).resolve() for k in ("reference", "gold", "labels")}
    for key, path in paths.items():
        if not path.is_file():
            errors.append(f"{where}: {key} file {entry[key]} not found")
            return None
    gold = json.loads(paths["gold"].read_text(encoding="utf-8"))
    labels = json.loads(paths["labels"].read_text(encoding="utf-8"))
    target = (paths["labels"].parent / labels["target"]).resolve()
    if not target.is_file():
        errors.append(f"{where}: target {labels['target']} not found next to the labels file")
        return None
    rec_ids = [u["id"] for u in gold["units"] if u["kind"] == "recommendation"]
    given = labels.get("labels", {})
    for rid in rec_ids:
        if given.get(rid) not in STATUSES:
            errors.append(f"{where}: recommendation {rid} has label {given.get(rid)!r}, expected one of {STATUSES}")
    for rid in set(given) - set(rec_ids):
        errors.append(f"{where}: label for {rid}, which is not a recommendation of {entry['gold']}")
    text = squash(read_text(target))
    own = ROOT / "eval" in target.parents
    strict = errors if own else warnings  # files written before this set: reported, not failed
    if own and not 4000 <= len(text) <= 15000:
        errors.append(f"{where}: target has {len(text)} characters of text, expected 4,000-15,000")
    evidence = labels.get("evidence", {})
    for rid in rec_ids:
        if given.get(rid) in ("covered", "partial") and rid not in evidence:
            strict.append(f"{where}: {rid} is {given[rid]} but has no evidence")
    for rid, quote in evidence.items():
        if given.get(rid) == "missing":
            errors.append(f"{where}: {rid} is missing but has evidence")
        for q in quotes(quote):
            if squash(q) not in text:
                strict.append(f"{where}: evidence for {rid} not found verbatim in the target: {q[:60]!r}…")
    for rid, quote in labels.get("distractors", {}).items():
        if given.get(rid) != "missing":
            errors.append(f"{where}: distractor imitates {rid}, which is labelled {given.get(rid)!r}, not missing")
        for q in quotes(quote):
            if squash(q) not in text:
                strict.append(f"{where}: distractor for {rid} not found verbatim in the target: {q[:60]!r}…")
    for rid, alt in labels.get("alternatives", {}).items():
        if alt not in STATUSES or alt == given.get(rid):
            errors.append(f"{where}: alternative for {rid} is {alt!r}; it must be another status")
    if ROOT / "eval" in paths["gold"].parents:
        ref_text = squash(read_text(paths["reference"]))
        for unit in gold["units"]:
            if squash(unit["text"]) not in ref_text:
                errors.append(f"{entry['gold']}: unit {unit['id']} text not found verbatim in {entry['reference']}")
    counts = {s: sum(given.get(r) == s for r in rec_ids) for s in STATUSES}
    counts["distractors"] = sum(len(quotes(q)) for q in labels.get("distractors", {}).values())
    counts["chars"] = len(text)
    return labels["target"], counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", default=str(ROOT / "eval" / "manifest.json"))
    parser.add_argument("--commands", action="store_true", help="print score.py commands, one per reference and split")
    args = parser.parse_args()
    entries = json.loads(Path(args.manifest).read_text(encoding="utf-8"))
    if args.commands:
        groups: dict[tuple[str, str, str], list[str]] = {}
        for entry in entries:
            groups.setdefault((entry["split"], entry["reference"], entry["gold"]), []).append(entry["labels"])
        for (split, reference, gold), labels in groups.items():
            print(f"# {split}\npython ../shared/eval/score.py {gold} {' '.join(labels)} --ref {reference}")
        return 0
    errors: list[str] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.get("labels") in seen:
            errors.append(f"{entry['labels']}: listed twice in the manifest")
        seen.add(entry.get("labels", ""))
        result = check_entry(entry, errors, warnings)
        if result:
            name, c = result
            print(f"{entry['split']:8} {entry['language']} {name:40} {entry['genre']:28} "
                  f"{c['covered']:2}/{c['partial']:2}/{c['missing']:2} distractors {c['distractors']} "
                  f"chars {c['chars']}")
    holdouts = [e for e in entries if e.get("split") == "holdout"]
    print(f"{len(entries)} targets, {len(holdouts)} holdout")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
