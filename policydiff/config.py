"""Configuration: ``policydiff.toml`` or ``[tool.policydiff]`` in ``pyproject.toml``.

Discovery walks up from the working directory; in each folder ``policydiff.toml`` wins over a
``pyproject.toml``, and a ``pyproject.toml`` without a ``[tool.policydiff]`` table is passed over.
Paths in the file are relative to the file's folder. Command-line options override the file.

Keys (``policydiff.toml``; the same under ``[tool.policydiff]``)::

    reference = "reference/paper.txt"         # the document whose recommendations count
    targets = ["drafts/**/*.md"]              # globs of the drafts `policydiff check` compares
    format = "text"                           # text, markdown, json, github, sarif, junit, gitlab
    fail-under = 60                           # percent a target must cover (a partial counts half)
    required = ["3.1.*", "3.6.2"]             # ids or globs that must not be missing
    review = "warn"                           # low-confidence verdicts: "warn" (reported) or "fail" (gaps)
    baseline = "policydiff-baseline.json"     # for `check --baseline` and `baseline write`
    allow-outside = false                     # may reference, targets and baseline leave the project?

    [thresholds]
    covered = 60                              # score (0-100) from which a recommendation is covered
    partial = 35                              # ... partly covered

    [[waivers]]
    id = "2.3.*"                              # an id or a glob
    reason = "covered by the separate IT plan"
    expires = 2025-12-31                      # optional; the waiver fails the check after this day

Every problem is a :class:`~policydiff.errors.ConfigError` naming the file, the key and what was
expected; unknown keys are errors too (with the closest known key), so a typo cannot pass silently.

A configuration travels with a repository, so it only names files inside its project — the git work
tree that holds it, else the working directory when it lies below it, else its own folder: an absolute
path, a ``..`` that climbs out, or a link that points out is a ConfigError, unless the file says
``allow-outside = true``. Paths given on the command line are the user's own and are not restricted.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import ConfigError, UsageError
from .gate import REVIEW_MODES, Review, Waiver
from .models import Options

FILE_NAME = "policydiff.toml"
PYPROJECT = "pyproject.toml"
TABLE = "tool.policydiff"
FORMATS = ("text", "markdown", "json", "html", "github", "sarif", "junit", "gitlab")
"""Output formats of `policydiff check` (and `compare`)."""

_KEYS = ("reference", "targets", "format", "fail-under", "required", "review", "baseline", "thresholds", "waivers",
         "allow-outside")
_THRESHOLD_KEYS = ("covered", "partial")
_WAIVER_KEYS = ("id", "reason", "expires")
_SYNONYMS = {"until": "expires", "expiry": "expires", "expire": "expires", "expiration": "expires",
             "require": "required", "requires": "required", "fail_under": "fail-under", "target": "targets",
             "output": "format", "ref": "reference", "waiver": "waivers", "threshold": "thresholds"}


@dataclass(frozen=True)
class Config:
    """A configuration as read (every value optional), with where it came from."""

    path: str | None = None
    """The file it was read from; None when there is none."""
    root: str = "."
    """The folder its paths are relative to: the file's folder (the working directory when there is none)."""
    reference: str | None = None
    targets: tuple[str, ...] = ()
    format: str | None = None
    fail_under: float | None = None
    required: tuple[str, ...] = ()
    review: Review | None = None
    baseline: str | None = None
    covered: float | None = None
    partial: float | None = None
    waivers: tuple[Waiver, ...] = field(default=())
    table: str = ""
    """'tool.policydiff' in pyproject.toml, '' in policydiff.toml: the prefix of keys in messages."""
    allow_outside: bool = False
    """The file allows its paths to leave the project (``allow-outside = true``)."""

    def key(self, name: str) -> str:
        """A key as the user finds it in the file: 'fail-under' or 'tool.policydiff.fail-under'."""
        return f"{self.table}.{name}" if self.table else name

    @property
    def name(self) -> str:
        """The file as messages name it (relative to the working directory when below it)."""
        return display_path(self.path) if self.path else "(no configuration file)"

    def resolve(self, path: str, key: str | None = None) -> str:
        """A path of the file (relative to its folder) as a path from the working directory.

        With ``key`` (the setting it comes from), a path that leads out of the project is refused.
        """
        resolved = display_path(os.path.join(self.root, path))
        if key is not None:
            check_inside(self, resolved, key, given=path)
        return resolved

    @property
    def project(self) -> str:
        """The folder the file's paths must stay in: see the module docstring."""
        return project_root(self.root)


def project_root(folder: str) -> str:
    """The git work tree holding ``folder``; else the working directory if ``folder`` is below it; else ``folder``."""
    here = Path(folder).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return str(candidate)
    cwd = Path.cwd().resolve()
    return str(cwd) if here == cwd or cwd in here.parents else str(here)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check_inside(config: Config, path: str, key: str, *, given: str | None = None) -> None:
    """Refuse ``path`` (from the working directory) when it, or the file a link there points to, is outside
    the configuration's project, unless the configuration allows it."""
    if config.allow_outside or config.path is None:
        return
    root = config.project
    real = os.path.realpath(path)
    if _inside(os.path.abspath(path), root) and _inside(real, root):
        return
    how = " (it is a link to a file there)" if _inside(os.path.abspath(path), root) else ""
    raise ConfigError(config.name, config.key(key),
                      f"expected a path inside the project {display_path(root)}, got {given or path!r}, which "
                      f"is outside it{how}; set allow-outside = true to let this file name it")


def display_path(path: str) -> str:
    """``path`` relative to the working directory when it lies below it, else absolute; '-' stays."""
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:  # another drive (Windows)
        return absolute
    return absolute if rel.startswith("..") else rel


# --------------------------------------------------------------------------------------------------
# discovery and reading


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return "tool.policydiff" in text and TABLE in _tables(_parse(text, str(pyproject)))


def _tables(data: Mapping[str, Any]) -> set[str]:
    tool = data.get("tool")
    return {TABLE} if isinstance(tool, dict) and isinstance(tool.get("policydiff"), dict) else set()


def discover(start: str | Path | None = None) -> Path | None:
    """The configuration file for ``start`` (the working directory): the nearest one walking up."""
    here = Path(start if start is not None else os.getcwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _close_matches(word: str, choices: Sequence[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(word, choices, n=1)


def _parse(text: str, path: str) -> dict[str, Any]:
    # imported here: most runs find no configuration file and never pay for the TOML parser
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(display_path(path), None, f"expected valid TOML: {e}") from None
    except RecursionError:  # arrays or inline tables nested hundreds deep: tomllib recurses
        raise ConfigError(display_path(path), None, "expected valid TOML: it is nested too deeply to read") from None
    return data


def load(path: str | Path) -> Config:
    """Read the configuration at ``path``: a policydiff.toml, or a pyproject.toml's [tool.policydiff] table."""
    p = Path(path)
    name = display_path(str(p))
    try:
        text = p.read_text(encoding="utf-8-sig")  # Notepad's byte-order mark is no TOML error
    except FileNotFoundError:
        raise ConfigError(name, None, "no such configuration file") from None
    except IsADirectoryError:
        raise ConfigError(name, None, "expected a file, found a folder") from None
    except UnicodeDecodeError:
        raise ConfigError(name, None, "expected UTF-8 text") from None
    except OSError as e:
        raise ConfigError(name, None, f"cannot read it: {e.strerror or e}") from None
    data = _parse(text, str(p))
    if p.name == PYPROJECT:
        if TABLE not in _tables(data):
            raise ConfigError(name, None, f"expected a [{TABLE}] table")
        return parse(data["tool"]["policydiff"], path=str(p), table=TABLE)
    return parse(data, path=str(p))


def find(explicit: str | None = None, start: str | Path | None = None) -> Config:
    """The configuration in force: the file ``--config`` names, else the discovered one, else none."""
    if explicit is not None:
        return load(explicit)
    found = discover(start)
    if found is None:
        return Config(root=str(Path(start) if start is not None else Path(os.getcwd())))
    return load(found)


# --------------------------------------------------------------------------------------------------
# validation


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


class _Checker:
    def __init__(self, path: str, table: str) -> None:
        self.path = path
        self.name = display_path(path)
        self.table = table

    def error(self, key: str | None, expected: str, value: Any = ...) -> ConfigError:
        full = f"{self.table}.{key}" if self.table and key else (key or self.table or None)
        got = f", got {_show(value)}" if value is not ... else ""
        return ConfigError(self.name, full, f"expected {expected}{got}")

    def known(self, table: Mapping[str, Any], keys: tuple[str, ...], where: str | None) -> None:
        for k in table:
            if k not in keys:
                close = [_SYNONYMS[k]] if _SYNONYMS.get(k) in keys else _close_matches(k, keys)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                key = f"{where}.{k}" if where else k
                raise self.error(key, f"one of the keys {', '.join(keys)}{hint}")

    def string(self, data: Mapping[str, Any], key: str, where: str | None = None) -> str | None:
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{where}.{key}" if where else key, "a non-empty string", value)
        return value.strip()

    def strings(self, data: Mapping[str, Any], key: str, what: str) -> tuple[str, ...]:
        if key not in data:
            return ()
        value = data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(key, f"an array of {what}", value)
        return tuple(v.strip() for v in value)

    def percent(self, data: Mapping[str, Any], key: str, where: str | None = None) -> float | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise self.error(f"{where}.{key}" if where else key, "a number from 0 to 100", value)
        return float(value)


def _date(checker: _Checker, key: str, value: Any) -> date:
    if isinstance(value, datetime):
        raise checker.error(key, "a date like 2025-12-31 (without a time)", value.isoformat())
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise checker.error(key, "a date like 2025-12-31", value)


def _waivers(checker: _Checker, data: Mapping[str, Any]) -> tuple[Waiver, ...]:
    raw = data.get("waivers", [])
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise checker.error("waivers", "an array of tables ([[waivers]] with id, reason and optional expires)",
                            raw)
    out: list[Waiver] = []
    for i, w in enumerate(raw):
        where = f"waivers[{i}]"
        if not isinstance(w, dict):
            raise checker.error(where, "a table with id, reason and optional expires", w)
        checker.known(w, _WAIVER_KEYS, where)
        wid = checker.string(w, "id", where)
        if wid is None:
            raise checker.error(f"{where}.id", "the id (or a glob like '3.1.*') of the recommendation it waives")
        reason = checker.string(w, "reason", where)
        if reason is None:
            raise checker.error(f"{where}.reason", "why the gap is acceptable (a non-empty string)")
        expires = _date(checker, f"{where}.expires", w["expires"]) if "expires" in w else None
        key = f"{checker.table}.{where}" if checker.table else where
        out.append(Waiver(wid, reason, expires, checker.name, key))
    return tuple(out)


def parse(data: Mapping[str, Any], *, path: str, table: str = "") -> Config:
    """Validate a configuration table (already parsed from TOML) read from ``path``."""
    c = _Checker(path, table)
    c.known(data, _KEYS, None)
    thresholds = data.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise c.error("thresholds", "a table with covered and partial ([thresholds])", thresholds)
    c.known(thresholds, _THRESHOLD_KEYS, "thresholds")
    covered = c.percent(thresholds, "covered", "thresholds")
    partial = c.percent(thresholds, "partial", "thresholds")
    if partial is not None and partial > (covered if covered is not None else Options.covered):
        raise c.error("thresholds.partial", f"a score at most covered ({covered if covered is not None else 60:g})",
                      partial)
    fmt = c.string(data, "format")
    if fmt is not None and fmt not in FORMATS:
        raise c.error("format", f"one of {', '.join(FORMATS)}", fmt)
    review = c.string(data, "review")
    if review is not None and review not in REVIEW_MODES:
        raise c.error("review", '"warn" or "fail"', review)
    return Config(
        path=str(Path(path).resolve()),
        root=str(Path(path).resolve().parent),
        reference=c.string(data, "reference"),
        targets=c.strings(data, "targets", "globs (strings) such as \"drafts/*.md\""),
        format=fmt,
        fail_under=c.percent(data, "fail-under"),
        required=c.strings(data, "required", "recommendation ids or globs (strings) such as \"3.1.*\""),
        review="fail" if review == "fail" else "warn" if review == "warn" else None,
        baseline=c.string(data, "baseline"),
        covered=covered,
        partial=partial,
        waivers=_waivers(c, data),
        table=table,
        allow_outside=_boolean(c, data, "allow-outside"),
    )


def _boolean(checker: _Checker, data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise checker.error(key, "true or false", value)
    return value


# --------------------------------------------------------------------------------------------------
# what the configuration means for a run


def options(config: Config, covered: float | None = None, partial: float | None = None) -> Options:
    """The thresholds in force: command-line values over the file's over the defaults."""
    cov = covered if covered is not None else config.covered if config.covered is not None else Options.covered
    par = partial if partial is not None else config.partial if config.partial is not None else Options.partial
    if par > cov:
        def source(cli: float | None, name: str) -> str:
            if cli is not None:
                return f"--{name}"
            if getattr(config, name) is not None:
                return f"{config.key('thresholds.' + name)} in {config.name}"
            return f"the default {name}"

        raise UsageError(f"partial {par:g} ({source(partial, 'partial')}) is above covered {cov:g} "
                         f"({source(covered, 'covered')})")
    return Options(covered=cov, partial=par)


@dataclass(frozen=True)
class Targets:
    paths: tuple[str, ...]
    """Files to compare, as paths from the working directory, sorted, the reference left out."""
    unmatched: tuple[str, ...] = ()
    """Globs of the file that match no file (worth a warning: a typo?)."""


def expand_targets(config: Config, reference: str | None = None) -> Targets:
    """The files the ``targets`` globs match (relative to the configuration's folder)."""
    ref = os.path.abspath(reference) if reference and reference != "-" else None
    found: dict[str, None] = {}
    unmatched: list[str] = []
    for pattern in config.targets:
        if not config.allow_outside and config.path is not None:
            where = os.path.normpath(os.path.join(config.root, pattern))
            if not _inside(where, config.project):
                raise ConfigError(config.name, config.key("targets"),
                                  f"expected globs inside the project {display_path(config.project)}, got "
                                  f"{pattern!r}, which reaches outside it; set allow-outside = true to let this "
                                  "file name files there")
        if os.path.isabs(pattern):
            hits = sorted(glob.glob(pattern, recursive=True))
        else:
            hits = sorted(os.path.join(config.root, h) for h in glob.glob(pattern, root_dir=config.root,
                                                                           recursive=True))
        files = [h for h in hits if os.path.isfile(h) and os.path.abspath(h) != ref]
        for h in files:
            check_inside(config, h, "targets", given=f"{pattern} → {display_path(h)}")
        if not files:
            unmatched.append(pattern)
        for h in files:
            found.setdefault(display_path(h), None)
    return Targets(tuple(found), tuple(unmatched))


def matches_targets(config: Config, path: str) -> bool:
    """Whether the file at ``path`` (from the working directory) is one the ``targets`` globs name."""
    absolute = os.path.abspath(path)
    return any(os.path.abspath(p) == absolute for p in expand_targets(config).paths)


STARTER = '''\
# policydiff configuration. Paths are relative to this file; command-line options override it.
# Unit ids come from `policydiff outline REFERENCE`.

# The reference document: its recommendations are what the targets should cover.
reference = "{reference}"

# The drafts `policydiff check` compares with the reference (globs; ** matches any depth).
targets = [{targets}]

# Output of `policydiff check`: text, markdown, json, github, sarif, junit or gitlab.
# format = "text"

# Fail when a target covers less than this percent of the recommendations (a partial counts half).
# fail-under = 60

# Recommendations (ids, or globs such as "3.1.*") that must not be missing from any target.
# required = ["3.1.*", "3.6.2"]

# Verdicts policydiff marks for review (lexical evidence cannot decide them): "warn" reports them,
# "fail" counts them as gaps.
# review = "warn"

# Where `policydiff baseline write` records the verdicts that `policydiff check --baseline` holds
# the targets to: with a baseline, only regressions (covered before, not now) fail.
# baseline = "policydiff-baseline.json"

# Paths here stay inside the project (the git work tree holding this file): an absolute path, a '..' that
# climbs out or a link that points out is refused, unless you allow it.
{allow_outside}

# Scores (0-100) from which a recommendation counts as covered, and as partly covered.
[thresholds]
covered = {covered:g}
partial = {partial:g}

# Acknowledged gaps: reported as waived instead of failing. After its expiry date a waiver fails the
# check, so that it is looked at again. Repeat the [[waivers]] table for each one.
# [[waivers]]
# id = "3.6.*"
# reason = "Internet policing is covered by the separate cyber-security plan"
# expires = 2025-12-31
'''


def starter(reference: str | None = None, targets: tuple[str, ...] = (), *, folder: str = ".") -> str:
    """A commented starter ``policydiff.toml`` for ``folder``: when the reference or a target it is given
    lies outside the project, the file allows it (``allow-outside = true``), so that `check` accepts what
    `init` wrote."""
    globs = targets or ("drafts/**/*.md", "drafts/**/*.docx")
    quoted = ", ".join(_quote(g) for g in globs)
    draft = Config(path=os.path.join(folder, FILE_NAME), root=folder, reference=reference, targets=targets)
    allow = ("allow-outside = true                        # `policydiff init` was given a path outside the "
             "project" if _reaches_outside(draft) else "# allow-outside = false")
    return STARTER.format(reference=_escape(reference or "reference/policy.txt"), targets=quoted,
                          covered=Options.covered, partial=Options.partial, allow_outside=allow)


def _reaches_outside(config: Config) -> bool:
    """Whether `check` would refuse the configuration's reference or targets for leaving the project."""
    try:
        if config.reference is not None:
            config.resolve(config.reference, "reference")
        expand_targets(config)
    except ConfigError:
        return True
    return False


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _quote(value: str) -> str:
    return f'"{_escape(value)}"'


def same_path(a: str, b: str) -> bool:
    """Whether two paths (from the working directory) name the same file."""
    return a != "-" and b != "-" and os.path.abspath(a) == os.path.abspath(b)
