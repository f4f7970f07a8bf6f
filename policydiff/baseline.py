"""The baseline file of the ratchet: each target's verdicts as recorded by `policydiff baseline write`.

The format is versioned JSON, written deterministically (same verdicts, same bytes) so that it can
live in version control and its diffs show exactly which verdicts changed. It records statuses, not
scores, so that a rewording which changes no verdict leaves the file untouched::

    {
      "schema": "policydiff/baseline@1",
      "reference": {"path": "reference/paper.txt", "sha256": "…"},
      "options": {"covered": 60.0, "partial": 35.0},
      "targets": {
        "drafts/plan.md": {
          "sha256": "…",
          "coverage": {"covered": 10, "partial": 3, "missing": 18, "percent": 37.1},
          "units": {"2.1a": "missing", "2.1b": "covered", …}
        }
      }
    }

Paths are relative to the folder of the baseline file, with forward slashes, so the file means the
same on every machine and from every working directory. Targets are sorted by path; units keep the
reference's order.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .errors import ConfigError, InputError
from .models import Comparison, Options, Status
from .output import write_atomic

SCHEMA = "policydiff/baseline@1"
DEFAULT_NAME = "policydiff-baseline.json"
_STATUSES = ("covered", "partial", "missing")


def key_for(path: str, base: str | Path) -> str:
    """The baseline key of a document path as given on the command line: relative to ``base``, posix."""
    if path == "-":
        return "-"
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.path.abspath(base))
    except ValueError:  # another drive (Windows)
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


@dataclass(frozen=True)
class BaselineTarget:
    path: str
    """Relative to the baseline file's folder, posix."""
    sha256: str
    percent: float
    units: tuple[tuple[str, Status], ...]
    """(unit id, status) of every recommendation, in the reference's order."""

    def status(self, unit_id: str) -> Status | None:
        return next((s for i, s in self.units if i == unit_id), None)

    def count(self, status: Status) -> int:
        return sum(1 for _, s in self.units if s == status)


@dataclass(frozen=True)
class Baseline:
    reference: str
    reference_sha256: str
    options: Options
    targets: tuple[BaselineTarget, ...]
    path: str = DEFAULT_NAME
    """Where the baseline was read from or is written to (for messages; not stored)."""
    base: str = "."
    """The folder target paths are relative to: the baseline file's folder (not stored)."""

    def target_for(self, document_path: str) -> BaselineTarget | None:
        """The recorded verdicts of the document at ``document_path`` (as given on the command line)."""
        key = key_for(document_path, self.base)
        return next((t for t in self.targets if t.path == key), None)


def from_comparison(c: Comparison, path: str | Path) -> Baseline:
    """The baseline of a comparison, to be written at ``path``."""
    base = str(Path(path).parent)
    targets = []
    for t in c.targets:
        units = tuple((v.unit.id, v.status) for v in t.verdicts if v.status is not None)
        targets.append(BaselineTarget(key_for(t.document.path, base), t.document.sha256, t.percent, units))
    targets.sort(key=lambda t: t.path)
    return Baseline(key_for(c.reference.document.path, base), c.reference.document.sha256, c.options,
                    tuple(targets), str(path), base)


def to_dict(b: Baseline) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "reference": {"path": b.reference, "sha256": b.reference_sha256},
        "options": {"covered": b.options.covered, "partial": b.options.partial},
        "targets": {
            t.path: {
                "sha256": t.sha256,
                "coverage": {"covered": t.count("covered"), "partial": t.count("partial"),
                             "missing": t.count("missing"), "percent": t.percent},
                "units": dict(t.units),
            }
            for t in b.targets
        },
    }


def dumps(b: Baseline) -> str:
    return json.dumps(to_dict(b), ensure_ascii=False, allow_nan=False, indent=2) + "\n"


def _bad(path: str, key: str | None, message: str) -> ConfigError:
    return ConfigError(path, key, f"{message} (rewrite it with `policydiff baseline write`)")


def loads(text: str, path: str) -> Baseline:
    """Parse a baseline file; anything malformed is a :class:`ConfigError` naming the key."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise _bad(path, None, f"not JSON: {e.msg} at line {e.lineno}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else None
        raise _bad(path, "schema", f"expected {SCHEMA!r}, got {found!r}")
    ref = data.get("reference")
    if not isinstance(ref, dict) or not isinstance(ref.get("path"), str) or not isinstance(ref.get("sha256"), str):
        raise _bad(path, "reference", "expected an object with the strings 'path' and 'sha256'")
    opts = data.get("options")
    if (not isinstance(opts, dict) or not all(isinstance(opts.get(k), (int, float)) for k in ("covered", "partial"))):
        raise _bad(path, "options", "expected an object with the numbers 'covered' and 'partial'")
    raw_targets = data.get("targets")
    if not isinstance(raw_targets, dict):
        raise _bad(path, "targets", "expected an object mapping target paths to their verdicts")
    targets = []
    for tpath, raw in raw_targets.items():
        key = f"targets.{tpath}"
        if not isinstance(raw, dict) or not isinstance(raw.get("units"), dict):
            raise _bad(path, key, "expected an object with 'units'")
        units: list[tuple[str, Status]] = []
        for uid, status in raw["units"].items():
            if status not in _STATUSES:
                raise _bad(path, f"{key}.units.{uid}", f"expected one of {', '.join(_STATUSES)}, got {status!r}")
            units.append((uid, cast(Status, status)))
        coverage = raw.get("coverage")
        pct = coverage.get("percent", 0.0) if isinstance(coverage, dict) else 0.0
        targets.append(BaselineTarget(tpath, str(raw.get("sha256", "")),
                                      float(pct) if isinstance(pct, (int, float)) else 0.0, tuple(units)))
    return Baseline(ref["path"], ref["sha256"], Options(float(opts["covered"]), float(opts["partial"])),
                    tuple(targets), path, str(Path(path).parent))


def load(path: str | Path) -> Baseline:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no baseline here: record one with `policydiff baseline write`") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"cannot read the baseline: {e}") from None
    return loads(text, str(path))


def save(b: Baseline, path: str | Path) -> None:
    """Write the baseline atomically: an interrupted write leaves the previous baseline, never half of one."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(str(path), f"cannot write the baseline: {e.strerror or e}") from None
    write_atomic(p, dumps(b), what="the baseline")
