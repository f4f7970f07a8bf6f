"""Whole-process wall time of `policydiff compare` against the import floor of its dependencies.

Issue #3's goal: comparing the paper with a 6,000-character draft takes at most 3x the wall time of
`python -c "import click, rich, rapidfuzz"`. Both are run side by side, interleaved, in one run, so
that machine noise hits them alike; the medians and their ratio are printed.

    python bench/compare_speed.py [--runs 21] [--format text,json] [--chars 6000,14000] [--against DIR]

Output goes to /dev/null, not a terminal (as in a script or a CI job), so ``--format text`` is the
plain text view, drawn without rich.
"""

from __future__ import annotations

import argparse
import compileall
import sys
import tempfile
from pathlib import Path

from timing import ROOT, medians

SAMPLES = ROOT / "samples"
DRAFT_CHARS = 6000
FORMATS = {"text", "json", "markdown"}


def make_draft(path: Path, chars: int = DRAFT_CHARS) -> None:
    """A Chinese draft of ``chars`` characters: the county plan, padded with the unrelated sample's text."""
    text = (SAMPLES / "zh-county-plan.md").read_text(encoding="utf-8")
    filler = (SAMPLES / "zh-unrelated.md").read_text(encoding="utf-8").split("\n", 1)[1]
    while len(text) < chars:
        text += "\n\n" + filler
    path.write_text(text[:chars], encoding="utf-8")


def launch(root: Path | None) -> list[str]:
    """``python -m policydiff``, or the policydiff package of another checkout ``root`` (to compare with)."""
    if root is None:
        return [sys.executable, "-m", "policydiff"]
    return [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(root)!r}); from policydiff.cli import main; main()"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--format", default="text,json",
                    help="comma-separated output formats, each timed in the same run (text, json, markdown)")
    ap.add_argument("--chars", default=str(DRAFT_CHARS),
                    help="comma-separated draft sizes in characters, each timed in the same run (e.g. 6000,14000)")
    ap.add_argument("--against", type=Path, metavar="DIR",
                    help="also time the policydiff package in DIR, a checkout of another commit (git worktree "
                         "add, or git archive), in the same run")
    args = ap.parse_args()
    formats = args.format.split(",")
    if not set(formats) <= FORMATS:
        ap.error(f"--format: expected some of {', '.join(sorted(FORMATS))}")
    versions: dict[str, Path | None] = {"": None}
    if args.against:
        if not (args.against / "policydiff" / "cli.py").is_file():
            ap.error(f"--against {args.against}: no policydiff package there")
        compileall.compile_dir(args.against / "policydiff", quiet=1)
        versions = {"(this tree)": None, f"({args.against})": args.against.resolve()}
    sizes = [int(n) for n in args.chars.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        drafts = {}
        for n in sizes:
            drafts[n] = Path(tmp) / f"draft-{n}.md"
            make_draft(drafts[n], n)
        floor = [sys.executable, "-c", "import click, rich, rapidfuzz"]
        runs = [(f"{n} chars --format {fmt} {name}".rstrip(),
                 [*launch(root), "compare", str(SAMPLES / "paper-zh.txt"), str(drafts[n]), "--format", fmt])
                for n in sizes for fmt in formats for name, root in versions.items()]
        f, *times = medians([floor, *(cmd for _, cmd in runs)], args.runs)
    print(f"drafts: {', '.join(str(n) for n in sizes)} characters; {args.runs} runs each, interleaved; "
          "output not a terminal")
    width = max(len(label) for label, _ in runs)
    print(f"{'import click, rich, rapidfuzz':<{width + 19}} median {f * 1000:7.1f} ms")
    for (label, _), c in zip(runs, times, strict=True):
        print(f"policydiff compare {label:<{width}} median {c * 1000:7.1f} ms   {c / f:5.2f}x   (goal: <= 3x)")


if __name__ == "__main__":
    main()
