"""Command line: parse options, call the library, print, exit. Thin by design."""

from __future__ import annotations

import contextlib
import errno
import math
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from . import align, api, config, gate
from .errors import ConfigError, PolicydiffError, UsageError
from .models import Comparison, Options, Outline
from .output import write_atomic

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3

F = TypeVar("F", bound=Callable[..., Any])


def _use_color() -> bool:
    """Colour (rich) on a terminal; plain text, drawn without importing rich, when piped, with NO_COLOR set
    or with TERM=dumb."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def shown(text: str) -> str:
    """``text`` (a message naming files) safe for a terminal or a CI log: on one line, without control or
    bidirectional characters."""
    from .formats.markdown import one_line as safe

    return safe(text)


def one_line(message: str) -> str:
    """An error message on one line (an lxml message holds line breaks), each run of white space one space."""
    return " ".join(shown(message).split())


def fail(message: str, hint: str | None = None) -> None:
    """The one line of every exit-2 error: ``policydiff: error: …``, with a hint only for a person at a
    terminal (a CI log, a script or a pipe gets exactly one line)."""
    click.echo(f"policydiff: error: {one_line(message)}", err=True)
    if hint and sys.stderr.isatty():
        click.echo(f"policydiff: {hint}", err=True)
    sys.exit(EXIT_ERROR)


_BARE: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())
"""What click 8.2+ raises for a group given no command (it shows the help)."""


class Group(click.Group):
    """click's own usage errors (a bad option value, a missing argument, an unknown command) in policydiff's
    one-line form, not click's three lines of Usage / Try / Error."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _BARE as e:  # the command alone: its help, as click shows it
            e.show()
            sys.exit(e.exit_code)
        except click.ClickException as e:
            ctx = getattr(e, "ctx", None)
            fail(e.format_message(), f"try '{ctx.command_path} --help'" if ctx is not None else None)
        except click.Abort:
            click.echo("policydiff: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _plain_width() -> int:
    """The width of piped text: ``COLUMNS`` when it is set to a usable width (40 or more), else 100."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return 100
    return columns if columns >= 40 else 100


def handle_errors(func: F) -> F:
    """Library errors become one line on stderr and exit 2; anything else is a bug (exit 3)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PolicydiffError as e:
            fail(str(e))
        except KeyboardInterrupt:
            click.echo("policydiff: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except OSError as e:
            if not _from_echo(e):
                _internal(e)
            _drop_stdout()
            fail("cannot write to standard output: "
                 + ("the disk is full" if e.errno in (errno.ENOSPC, errno.EDQUOT) else (e.strerror or str(e))))
        except Exception as e:  # pragma: no cover - the last line of defence
            _internal(e)

    return wrapper  # type: ignore[return-value]


def _internal(error: Exception) -> NoReturn:
    click.echo(shown(f"policydiff: internal error: {type(error).__name__}: {error} (please report this)"), err=True)
    sys.exit(EXIT_INTERNAL)


def _from_echo(error: OSError) -> bool:
    """Did ``error`` come from writing standard output (click.echo: /dev/full, a closed pipe)?"""
    tb = error.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if (frame.f_code.co_name == "echo" and frame.f_globals.get("__name__") == "click.utils"
                and not frame.f_locals.get("err")):
            return True
        tb = tb.tb_next
    return False


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit does not fail a second time."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


_SIZE_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "KIB": 1024, "M": 1024**2, "MB": 1024**2, "MIB": 1024**2,
               "G": 1024**3, "GB": 1024**3, "GIB": 1024**3}
BASELINE_NAME = "policydiff-baseline.json"
"""policydiff.baseline.DEFAULT_NAME, as the help shows it (a test keeps the two in step): the baseline
module, and the json module under it, are imported only by the commands that use a baseline."""
DEFAULT_MAX_SIZE = "64MB"
"""policydiff.read.DEFAULT_MAX_BYTES, as the help shows it (a test keeps the two in step)."""


class ByteSize(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2
    """A size such as 300MB, 1.5GB, 512KB or 1000000 (bytes); KB, MB and GB are powers of 1024."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().replace(" ", "")
        number = text.rstrip("BKMGI")
        try:
            size = float(number) * _SIZE_UNITS[text[len(number):]]
        except (ValueError, KeyError):
            self.fail(f"{value!r} is not a size such as 300MB, 1.5GB or 512KB", param, ctx)
        if not 1 <= size < 2**63:
            self.fail(f"{value!r} is not a positive size", param, ctx)
        return int(size)


class Percent(click.FloatRange):
    """A number from 0 to 100; ``nan`` and ``inf`` are refused (click's range lets nan through, since no
    comparison with it is true, and a nan threshold would silently turn the gate off)."""

    name = "percent"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number from 0 to 100", param, ctx)
        return number


PERCENT = Percent(0, 100)


def max_size_option(func: F) -> F:
    return click.option(
        "--max-size", "max_size", type=ByteSize(), default=DEFAULT_MAX_SIZE, show_default=True, metavar="SIZE",
        help="Refuse a document larger than SIZE (e.g. 300MB): a guard against runaway files.",
    )(func)


def encoding_option(func: F) -> F:
    return click.option(
        "--encoding",
        metavar="CODEC",
        help="Decode text files with CODEC (e.g. gbk, big5) instead of detecting it.",
    )(func)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policydiff")
def cli() -> None:
    """Which recommendations of a reference policy document does another document cover?"""


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
    help="text: a tree for people; markdown: for reviews; json: policydiff/outline@1 for scripts.",
)
@encoding_option
@max_size_option
@handle_errors
def outline(file: str, fmt: str, encoding: str | None, max_size: int) -> None:
    """Show FILE's title, numbered sections and units (recommendations and context).

    \b
    Example:
      policydiff outline samples/paper-zh.txt
      policydiff outline draft.docx --format json > outline.json
    """
    result = api.load(file, encoding=encoding, max_bytes=max_size)
    if fmt == "json":
        from .formats import json as json_format

        click.echo(json_format.format_outline(result), nl=False)
    elif fmt == "markdown":
        from .formats import markdown

        click.echo(markdown.format_outline(result), nl=False)
    else:
        from .formats import terminal

        color = _use_color()
        click.echo(terminal.format_outline(result, color=color, width=None if color else _plain_width()), nl=False)


def _threshold_options(func: F) -> F:
    func = click.option("--covered", "covered", type=PERCENT, default=None, metavar="SCORE",
                        help=f"Score (0-100) from which a recommendation counts as covered "
                             f"[config, else {Options.covered:g}].")(func)
    return click.option("--partial", "partial", type=PERCENT, default=None, metavar="SCORE",
                        help=f"Score (0-100) from which it counts as partly covered "
                             f"[config, else {Options.partial:g}].")(func)


def _config_option(func: F) -> F:
    return click.option("--config", "config_path", metavar="PATH", type=click.Path(dir_okay=False),
                        help="Read this configuration file instead of the policydiff.toml or pyproject.toml "
                             "found by walking up from the working directory.")(func)


def _options(cfg: config.Config, covered: float | None, partial: float | None, script: str = "auto") -> Options:
    """The thresholds in force (the command line's, else the configuration's, else the defaults) and the
    handling of Traditional Chinese."""
    return replace(config.options(cfg, covered, partial), script="keep" if script == "keep" else "auto")


def _script_option(func: F) -> F:
    return click.option("--script", type=click.Choice(["auto", "keep"]), default="auto", show_default=True,
                        help="auto: match a Traditional-Chinese document on a Simplified copy (reports keep "
                             "its own text); keep: compare characters as written.")(func)


def _output_option(func: F) -> F:
    return click.option("--output", "-o", "output", metavar="PATH", type=click.Path(dir_okay=False),
                        help="Write the report to PATH (atomically) instead of standard output.")(func)


def _emit(text: str, output: str | None) -> None:
    """The report on standard output, or written to ``output`` with one line on stderr saying where."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"policydiff: wrote the report to {output}", err=True)


def _load_all(reference: str, targets: tuple[str, ...], encoding: str | None,
              max_size: int | None = None) -> tuple[Outline, list[Outline]]:
    if [reference, *targets].count("-") > 1:
        raise UsageError("only one document can be read from standard input ('-')")
    return (api.load(reference, encoding=encoding, max_bytes=max_size),
            [api.load(t, encoding=encoding, max_bytes=max_size) for t in targets])


def _ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """'--require 3.1.1,3.6.* --require 2.4a' → ('3.1.1', '3.6.*', '2.4a'); a value naming no id ('', ',,')
    is an error, not a rule that requires nothing."""
    for v in values:
        if not v.replace(",", "").strip():
            raise UsageError(f"--require {v!r} names no recommendation: give ids or globs such as 3.1.1,3.6.*")
    return tuple(i.strip() for v in values for i in v.split(",") if i.strip())


def _repo_root(cfg: config.Config) -> Path:
    """What CI paths are relative to: the enclosing git work tree, else the configuration's folder, else here."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return Path(cfg.root) if cfg.path else here


def _render(result: Comparison, fmt: str, *, show: str, gate_result: gate.GateResult | None = None,
            root: Path | None = None, rules: bool = False) -> str:
    """The comparison in ``fmt``; only the chosen formatter is imported (JSON for scripts never loads rich).
    With ``rules`` (check), the text, markdown and html reports show the gate's rules, judged coverage and
    waived gaps, and JSON is the check schema."""
    shown_gate = gate_result if rules else None
    if fmt == "json":
        from .formats import json as json_format

        return json_format.format_check(result, gate_result) if rules and gate_result else \
            json_format.format_comparison(result)
    if fmt == "markdown":
        from .formats import markdown

        return markdown.format_comparison(result, show=show, gate=shown_gate)
    if fmt == "html":
        from .formats import html

        return html.format_comparison(result, show=show, gate=shown_gate)
    if fmt == "github":
        from .formats import github

        return github.format_github(result, gate=gate_result, root=root)
    if fmt == "sarif":
        from .formats import sarif

        return sarif.format_sarif(result, gate=gate_result, root=root)
    if fmt == "junit":
        from .formats import junit

        return junit.format_junit(result, gate=gate_result, root=root)
    if fmt == "gitlab":
        from .formats import gitlab

        return gitlab.format_gitlab(result, gate=gate_result, root=root)
    return _text_comparison(result, show, shown_gate)


def _text_comparison(result: Comparison, show: str, gate_result: gate.GateResult | None = None) -> str:
    """The text view; with ``gate_result`` (check) the rules, the judged coverage and the waived gaps too."""
    if _use_color():
        from .formats import terminal

        return terminal.format_comparison(result, show=show, color=True, width=None, gate=gate_result)
    from .formats import plain

    return plain.format_comparison(result, show=show, width=_plain_width(), gate=gate_result)


def _step_summary(result: Comparison, fmt: str, gate_result: gate.GateResult) -> None:
    """With --format github inside GitHub Actions, append the Markdown report to the job summary."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt != "github" or not target:
        return
    from .formats import github

    try:
        with open(target, "a", encoding="utf-8", newline="\n") as f:
            f.write(github.job_summary(result, gate=gate_result))
    except OSError as e:
        click.echo(shown(f"policydiff: warning: cannot write the job summary to {target}: {e.strerror or e}"),
                   err=True)


def _review(cfg: config.Config, fail_on_review: bool) -> dict[str, Any]:
    """The gate's ``review`` and ``review_from``: --fail-on-review, else the configuration's, else 'warn'."""
    review = "fail" if fail_on_review or cfg.review == "fail" else "warn"
    return {"review": review, "review_from": "--fail-on-review" if fail_on_review else f"review in {cfg.name}"}


FORMAT_HELP = ("text: for people (plain when piped); json: policydiff/comparison@2; markdown: for reviews; "
               "html: a self-contained side-by-side report (use -o report.html); "
               "github: workflow annotations (and the job summary); sarif: 2.1.0 for code scanning; "
               "junit: XML test report; gitlab: Code Quality JSON.")


@cli.command()
@click.argument("reference", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("targets", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(config.FORMATS), default="text", show_default=True,
              help=FORMAT_HELP)
@click.option("--show", type=click.Choice(["all", "gaps", "covered", "review"]), default="all", show_default=True,
              help="Which recommendations to list (text, markdown and html); review: the low-confidence verdicts.")
@_threshold_options
@click.option("--fail-under", type=PERCENT, metavar="PCT",
              help="Exit 1 when a target's coverage is below PCT percent.")
@click.option("--require", "require", multiple=True, metavar="ID[,ID]",
              help="Exit 1 when one of these recommendations (ids or globs like '3.1.*') is missing.")
@click.option("--fail-on-review", is_flag=True,
              help="Treat low-confidence verdicts as gaps: exit 1 when there is one, count it as missing.")
@_output_option
@_script_option
@_config_option
@encoding_option
@max_size_option
@handle_errors
def compare(reference: str, targets: tuple[str, ...], fmt: str, show: str, covered: float | None,
            partial: float | None, fail_under: float | None, require: tuple[str, ...], fail_on_review: bool,
            output: str | None, script: str, config_path: str | None, encoding: str | None, max_size: int) -> None:
    """Which recommendations of REFERENCE does each TARGET cover, partly cover, or miss?

    The thresholds come from the configuration file when there is one (see `policydiff init`);
    `policydiff check` applies the rest of it.

    \b
    Example:
      policydiff compare samples/paper-zh.txt samples/zh-county-plan.md
      policydiff compare paper.txt drafts/*.docx --format json > coverage.json
      policydiff compare paper.txt draft.md --fail-under 60 --require 3.1.1,3.6.*
      policydiff compare paper.txt draft.md --format sarif > policydiff.sarif
      policydiff compare paper.txt draft.md --format html -o report.html
    """
    cfg = config.find(config_path)
    options = _options(cfg, covered, partial, script)
    ref, outs = _load_all(reference, targets, encoding, max_size)
    result = align.compare(ref, outs, options)
    gate_result = gate.evaluate(result, gate.Gate(fail_under, _ids(require), **_review(cfg, fail_on_review)))
    _emit(_render(result, fmt, show=show, gate_result=gate_result, root=_repo_root(cfg)), output)
    _step_summary(result, fmt, gate_result)
    for reason in gate_result.reasons:
        click.echo(shown(f"policydiff: {reason}"), err=True)
    sys.exit(gate_result.code)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text",
              show_default=True, help="text: for people; markdown; html: the side-by-side report (use -o); json.")
@click.option("--show", type=click.Choice(["all", "gaps", "covered"]), default="all", show_default=True,
              help="Which recommendations to list.")
@_output_option
@handle_errors
def demo(fmt: str, show: str, output: str | None) -> None:
    """Run the main job on the samples shipped with policydiff: a reference paper and two drafts.

    Nothing to download or prepare: the documents are part of the installed package.

    \b
    Example:
      policydiff demo
      policydiff demo --format html -o report.html
    """
    from . import demo as shipped

    ref, outs = shipped.documents()
    result = align.compare(ref, outs, Options())
    _emit(_render(result, fmt, show=show), output)
    where = shipped.folder()
    if where is not None:
        paper, county = where / shipped.REFERENCE, where / shipped.TARGETS[0]
        click.echo(f"policydiff: the documents are in {where}; next, try\n"
                   f"  policydiff explain {paper} {county} 3.4.3", err=True)


@cli.command()
@click.argument("reference", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("unit_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@_threshold_options
@_script_option
@_config_option
@encoding_option
@max_size_option
@handle_errors
def explain(reference: str, target: str, unit_id: str, fmt: str, covered: float | None, partial: float | None,
            script: str, config_path: str | None, encoding: str | None, max_size: int) -> None:
    """Why does recommendation ID of REFERENCE get its verdict in TARGET?

    Shows the unit's clauses, the best target passage for each with the shared terms, the score
    breakdown and the thresholds that decided.

    \b
    Example:
      policydiff explain samples/paper-zh.txt samples/zh-county-plan.md 3.2.2
    """
    options = _options(config.find(config_path), covered, partial, script)
    ref, outs = _load_all(reference, (target,), encoding, max_size)
    result = align.compare(ref, outs, options)
    if result.verdict(0, unit_id) is None:
        ids = ", ".join(u.id for u in ref.units[:6])
        raise UsageError(f"{reference}: no unit has the id {unit_id!r} (ids look like {ids}…; see `policydiff outline`)")
    if fmt == "markdown":
        from .formats import markdown

        click.echo(markdown.format_explain(result, unit_id), nl=False)
    elif _use_color():
        from .formats import terminal

        click.echo(terminal.format_explain(result, unit_id, color=True, width=None), nl=False)
    else:
        from .formats import plain

        click.echo(plain.format_explain(result, unit_id, width=_plain_width()), nl=False)


# --------------------------------------------------------------------------------------------------
# configuration-driven: init, check, baseline


@cli.command()
@click.option("--reference", metavar="PATH", help="Fill in `reference` (relative to the current folder).")
@click.option("--target", "targets", multiple=True, metavar="GLOB", help="Fill in `targets` (repeatable).")
@click.option("--force", is_flag=True, help="Overwrite an existing policydiff.toml.")
@handle_errors
def init(reference: str | None, targets: tuple[str, ...], force: bool) -> None:
    """Write a commented starter policydiff.toml in the current folder.

    \b
    Example:
      policydiff init
      policydiff init --reference reference/paper.txt --target 'drafts/*.md'
    """
    path = Path(config.FILE_NAME)
    if path.exists() and not force:
        raise UsageError(f"{config.FILE_NAME} exists already: edit it, or pass --force to start again")
    pyproject = Path(config.PYPROJECT)
    if pyproject.is_file() and config.discover() == pyproject.resolve() and not force:
        raise UsageError(f"{config.PYPROJECT} already has a [{config.TABLE}] table, which a {config.FILE_NAME} "
                         "would override: edit it, or pass --force")
    text = config.starter(reference, targets, folder=os.getcwd())
    write_atomic(path, text, what="the configuration")
    unset = " and ".join(f"`{key}`" for key, given in (("reference", reference), ("targets", targets)) if not given)
    click.echo(f"Wrote {config.FILE_NAME}. " + (f"Set {unset}, then run" if unset else "Run") + " `policydiff check`.")
    if "\nallow-outside = true" in text:
        click.echo("It says allow-outside = true: the reference or a target you gave lies outside the project.")


def _run_options(func: F) -> F:
    """FILES, --config, --reference and --only-targets: what `check` and `baseline write` compare."""
    func = click.option("--only-targets", is_flag=True,
                        help="Of FILES, check only those the configuration's `targets` globs match (the pre-commit "
                             "hook passes every changed file).")(func)
    func = click.option("--reference", metavar="PATH",
                        help="The reference document (instead of `reference` in the configuration).")(func)
    func = _config_option(func)
    return click.argument("files", nargs=-1, type=click.Path(dir_okay=False))(func)


def _configured_run(cfg: config.Config, files: tuple[str, ...], reference: str | None, only_targets: bool,
                    options: Options, encoding: str | None, max_size: int | None = None) -> Comparison | None:
    """Compare what the command line and the configuration name; None when there is nothing to compare."""
    if reference is None:
        if cfg.reference is None:
            where = f"in {cfg.name}" if cfg.path else "in a policydiff.toml (see `policydiff init`)"
            raise UsageError(f"no reference document: set `{cfg.key('reference')}` {where} or pass --reference")
        reference = cfg.resolve(cfg.reference, "reference")
    if only_targets and any(config.same_path(f, reference) for f in files):
        files = ()  # the reference changed: every target's verdicts may have changed with it
    if files:
        # a file named twice (a.md, ./a.md, /abs/a.md) is one target, under the name it was first given
        once: dict[str, str] = {}
        for f in files:
            once.setdefault(f if f == "-" else os.path.abspath(f), f)
        paths = [f for f in once.values() if not config.same_path(f, reference)]
        if only_targets and cfg.targets:
            wanted = config.expand_targets(cfg, reference).paths
            paths = [f for f in paths if any(config.same_path(f, w) for w in wanted)]
        if not paths:
            return None
    else:
        if not cfg.targets:
            raise UsageError(f"nothing to check: give FILES, or set `{cfg.key('targets')}` "
                             + (f"in {cfg.name}" if cfg.path else "in a policydiff.toml (see `policydiff init`)"))
        found = config.expand_targets(cfg, reference)
        for pattern in found.unmatched:
            click.echo(f"policydiff: warning: {cfg.name}: {cfg.key('targets')}: {pattern!r} matches no file", err=True)
        if not found.paths:
            raise ConfigError(cfg.name, cfg.key("targets"), "expected globs that match at least one file (relative "
                              f"to {config.display_path(cfg.root)}), got {list(cfg.targets)}")
        paths = list(found.paths)
    ref, outs = _load_all(reference, tuple(paths), encoding, max_size)
    return align.compare(ref, outs, options)


def _baseline_path(cfg: config.Config, explicit: str | None) -> str:
    if explicit:
        return explicit
    if cfg.baseline:
        return cfg.resolve(cfg.baseline, "baseline")
    return config.display_path(os.path.join(cfg.root, BASELINE_NAME))


@cli.command()
@_run_options
@click.option("--format", "fmt", type=click.Choice(config.FORMATS), default=None,
              help=FORMAT_HELP + " [config, else text]")
@click.option("--show", type=click.Choice(["all", "gaps", "covered", "review"]), default="all", show_default=True,
              help="Which recommendations to list (text, markdown and html); review: the low-confidence verdicts.")
@_threshold_options
@click.option("--fail-under", type=PERCENT, metavar="PCT",
              help="Exit 1 when a target's coverage is below PCT percent [config].")
@click.option("--require", "require", multiple=True, metavar="ID[,ID]",
              help="Exit 1 when one of these recommendations is missing (instead of `required` in the config).")
@click.option("--fail-on-review", is_flag=True,
              help="Treat low-confidence verdicts as gaps (instead of `review` in the config) [config, else warn].")
@click.option("--baseline", "use_baseline", is_flag=True,
              help="Ratchet: fail only on regressions against the baseline (see `policydiff baseline write`).")
@click.option("--baseline-file", "baseline_file_path", metavar="PATH", help="The baseline to use (implies --baseline) [config, else "
              f"{BASELINE_NAME} beside the config].")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Judge waiver expiry as of this day instead of today (to see what expires soon).")
@encoding_option
@max_size_option
@handle_errors
def check(files: tuple[str, ...], config_path: str | None, reference: str | None, only_targets: bool,
          fmt: str | None, show: str, covered: float | None, partial: float | None, fail_under: float | None,
          require: tuple[str, ...], fail_on_review: bool, use_baseline: bool, baseline_file_path: str | None, today: datetime | None,
          encoding: str | None, max_size: int) -> None:
    """Check the targets the configuration names (or FILES) against its reference and rules.

    Applies the thresholds, fail-under, required recommendations and waivers of policydiff.toml (or
    [tool.policydiff] in pyproject.toml); options given here override them. Exit 0 when every rule
    holds, 1 when one fails, 2 for a usage, configuration or input error. With --baseline only
    regressions (covered before, not now) and expired waivers fail.

    \b
    Example:
      policydiff check
      policydiff check --format github
      policydiff check --baseline
      policydiff check drafts/plan.md --fail-under 70
    """
    cfg = config.find(config_path)
    options = _options(cfg, covered, partial)
    result = _configured_run(cfg, files, reference, only_targets, options, encoding, max_size)
    if result is None:
        click.echo("policydiff: nothing to check: none of the files is a target", err=True)
        sys.exit(EXIT_OK)
    baseline = None
    if use_baseline or baseline_file_path:
        from . import baseline as baseline_file

        baseline = baseline_file.load(_baseline_path(cfg, baseline_file_path))
    rules = gate.Gate(
        fail_under=fail_under if fail_under is not None else cfg.fail_under,
        require=_ids(require) if require else cfg.required,
        waivers=cfg.waivers,
        baseline=baseline,
        today=today.date() if today else None,
        fail_under_from="--fail-under" if fail_under is not None else f"fail-under in {cfg.name}",
        require_from="--require" if require else f"{cfg.name}: {cfg.key('required')}",
        **_review(cfg, fail_on_review),
    )
    gate_result = gate.evaluate(result, rules)
    out_format = fmt or cfg.format or "text"
    click.echo(_render(result, out_format, show=show, gate_result=gate_result, root=_repo_root(cfg), rules=True),
               nl=False)
    _step_summary(result, out_format, gate_result)
    for finding in gate_result.findings:
        click.echo(shown(f"policydiff: {'' if finding.failing else 'note: '}{finding.message}"), err=True)
    n = len(gate_result.reasons)
    targets = f"{len(result.targets)} target{'s' if len(result.targets) != 1 else ''}"
    if n:
        click.echo(f"policydiff: check failed: {n} problem{'s' if n != 1 else ''} in {targets}", err=True)
    else:
        click.echo(f"policydiff: check passed: {targets}, every rule holds", err=True)
    sys.exit(gate_result.code)


@cli.group()
def baseline() -> None:
    """Record the verdicts that `policydiff check --baseline` holds the targets to.

    \b
    Example:
      policydiff baseline write
      git add policydiff-baseline.json
    """


@baseline.command("write")
@_run_options
@_threshold_options
@click.option("--output", "-o", "output", metavar="PATH",
              help=f"Where to write it [config `baseline`, else {BASELINE_NAME} beside the config].")
@encoding_option
@max_size_option
@handle_errors
def baseline_write(files: tuple[str, ...], config_path: str | None, reference: str | None, only_targets: bool,
                   covered: float | None, partial: float | None, output: str | None, encoding: str | None,
                   max_size: int) -> None:
    """Compare the configured targets (or FILES) and record every verdict in the baseline file.

    The file (policydiff/baseline@1 JSON) holds statuses, not scores, and is written the same way
    every time: commit it, and its diff shows which verdicts changed.

    \b
    Example:
      policydiff baseline write
      policydiff baseline write --output ci/policydiff-baseline.json
    """
    cfg = config.find(config_path)
    result = _configured_run(cfg, files, reference, only_targets, _options(cfg, covered, partial), encoding,
                             max_size)
    if result is None:
        raise UsageError("nothing to record: none of the files is a target")
    from . import baseline as baseline_file

    path = _baseline_path(cfg, output)
    recorded = baseline_file.from_comparison(result, path)
    baseline_file.save(recorded, path)
    verdicts = sum(len(t.units) for t in recorded.targets)
    click.echo(f"Wrote {path}: {len(recorded.targets)} target{'s' if len(recorded.targets) != 1 else ''}, "
               f"{verdicts} verdicts.")
    for t in recorded.targets:
        click.echo(f"  {t.path}: {t.percent:.1f}% — {t.count('covered')} covered, {t.count('partial')} partial, "
                   f"{t.count('missing')} missing")


# --------------------------------------------------------------------------------------------------
# version to version, and while writing


@cli.command()
@click.argument("reference", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("old", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("new", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="text: for people; json: policydiff/diff@1; markdown: for reviews.")
@click.option("--show", type=click.Choice(["changes", "all"]), default="changes", show_default=True,
              help="List the recommendations whose verdict changed, or all of them (text and markdown).")
@_threshold_options
@_config_option
@encoding_option
@max_size_option
@handle_errors
def diff(reference: str, old: str, new: str, fmt: str, show: str, covered: float | None, partial: float | None,
         config_path: str | None, encoding: str | None, max_size: int) -> None:
    """What did NEW gain and lose against REFERENCE, compared with OLD?

    Per recommendation the old → new verdict, per reference section the coverage change.

    \b
    Example:
      policydiff diff samples/paper-zh.txt drafts/plan-v1.md drafts/plan-v2.md
      policydiff diff paper.txt v1.docx v2.docx --format markdown > changes.md
    """
    from . import diff as version_diff

    options = _options(config.find(config_path), covered, partial)
    ref, (old_outline, new_outline) = _load_all(reference, (old, new), encoding, max_size)
    d = version_diff.diff(ref, old_outline, new_outline, options)
    if fmt == "json":
        from .formats import json as json_format

        click.echo(json_format.format_diff(d), nl=False)
    elif fmt == "markdown":
        from .formats import markdown

        click.echo(markdown.format_diff(d, show=show), nl=False)
    elif _use_color():
        from .formats import terminal

        click.echo(terminal.format_diff(d, show=show, color=True, width=None), nl=False)
    else:
        from .formats import plain

        click.echo(plain.format_diff(d, show=show, width=_plain_width()), nl=False)


CLEAR = "\x1b[H\x1b[2J\x1b[3J"
"""Cursor home, clear the screen and its scroll-back: each run redraws in place."""


@cli.command()
@click.argument("reference", type=click.Path(dir_okay=False))
@click.argument("draft", type=click.Path(dir_okay=False))
@click.option("--show", type=click.Choice(["all", "gaps", "covered", "review"]), default="gaps", show_default=True,
              help="Which recommendations to list.")
@_threshold_options
@_config_option
@encoding_option
@max_size_option
@handle_errors
def watch(reference: str, draft: str, show: str, covered: float | None, partial: float | None,
          config_path: str | None, encoding: str | None, max_size: int) -> None:
    """Compare DRAFT with REFERENCE again every time either is saved (Ctrl+C to stop).

    Needs the optional watchfiles package: pip install 'policydiff[watch]'.

    \b
    Example:
      policydiff watch samples/paper-zh.txt drafts/plan.md
    """
    from . import watch as watching

    options = _options(config.find(config_path), covered, partial)
    changes = watching.watch_changes((reference, draft))  # fails now, not after a first frame, without watchfiles
    interactive = sys.stdout.isatty()

    def render(result: Comparison) -> str:
        return _text_comparison(result, show)

    def draw(frame: watching.Frame) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        click.echo((CLEAR if interactive else "") + frame.text, nl=False)
        click.echo(f"\n[{stamp}] watching {shown(draft)} and {shown(reference)} — Ctrl+C to stop", err=not interactive)

    session = watching.Session(reference, draft, options=options, render=render,
                               load=lambda path: api.load(path, encoding=encoding, max_bytes=max_size))
    watching.loop(session, changes, draw)  # Ctrl+C ends it: 'policydiff: interrupted', exit 130


# --------------------------------------------------------------------------------------------------
# scan: one reference against a whole collection (policydiff/scan/)


@cli.command()
@click.argument("reference", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True)
@click.option("--jobs", "-j", type=click.IntRange(0), default=0, metavar="N",
              help="Worker processes (local) or workers (dask LocalCluster); 0: one per core.  [default: 0]")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a pool of processes on this machine; dask: a Dask cluster (extra [dask]).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler to use (tcp://host:8786); without it --executor dask starts a LocalCluster.")
@click.option("--out", "out", metavar="PATH", type=click.Path(dir_okay=False),
              help="Write one row per document and recommendation to PATH: .csv, .jsonl or .parquet (extra [scan]).")
@click.option("--top", type=click.IntRange(0), default=10, show_default=True, metavar="K",
              help="How many recommendations and documents the summary lists at each end.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Read the files in folders that match GLOB (repeatable) [default: the supported extensions].")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip files and folders that match GLOB, by name or path below the folder (repeatable).")
@click.option("--no-cache", "no_cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--cache", "cache_path", metavar="PATH", type=click.Path(dir_okay=False),
              help="The cache file [default: next to --out, else $XDG_CACHE_HOME/policydiff/scan.sqlite].")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True,
              help="The summary: text for people; json: policydiff/scan@1; html: a page with the heat map of "
                   "the --top documents.")
@_output_option
@_threshold_options
@_script_option
@_config_option
@encoding_option
@max_size_option
@handle_errors
def scan(reference: str, paths: tuple[str, ...], jobs: int, executor: str, scheduler: str | None, out: str | None,
         top: int, include: tuple[str, ...], exclude: tuple[str, ...], no_cache: bool, cache_path: str | None,
         fmt: str, output: str | None, covered: float | None, partial: float | None, script: str,
         config_path: str | None, encoding: str | None, max_size: int) -> None:
    """Which recommendations of REFERENCE does each document under PATHS cover?

    PATHS are files, folders (walked for .txt .md .html .docx .pdf and their variants such as .htm;
    hidden ones skipped) and glob patterns. Documents that cannot be read are listed with the reason
    and skipped. Results are cached by content, so a second run only reads new or changed documents.
    Exit 0 when the scan ran, 2 when nothing could be judged or the input is wrong, 3 when a document
    broke policydiff (reported).

    \b
    Example:
      policydiff scan samples/paper-zh.txt ~/corpus --out results.csv
      policydiff scan paper.txt 'docs/**/*.docx' --exclude 'drafts/*' --top 20
      policydiff scan paper.txt corpus/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from . import scan as scanning
    from .scan import outputs

    if scheduler and executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    options = _options(config.find(config_path), covered, partial, script)
    progress: scanning.Progress | None = None
    if sys.stderr.isatty() and os.environ.get("TERM") != "dumb":
        from .progress import RichProgress

        progress = RichProgress()
    settings = scanning.Settings(jobs=jobs, executor=executor, scheduler=scheduler, include=include,
                                 exclude=exclude, cache=cache_path, use_cache=not no_cache, out=out,
                                 max_bytes=max_size)
    run = scanning.Scan(reference, paths, options=options, settings=settings, encoding=encoding, progress=progress)
    if scheduler:
        from .scan.executor import CONNECT_TIMEOUT

        click.echo(f"policydiff: connecting to the Dask scheduler at {scheduler} (giving up after {CONNECT_TIMEOUT} s)",
                   err=True)
    if not run.files and not run.stats.skipped:
        raise UsageError(f"no supported document under {' '.join(paths)}"
                         + (" matching --include" if include else "") + " (.txt .md .html .docx .pdf)"
                         + ("; the reference itself is left out" if run.stats.reference_found else ""))
    summary = outputs.Summary(run.reference, run.recommendations, top=top)
    with outputs.writing(out, run.reference, run.recommendations) if out else contextlib.nullcontext() as writer:
        for result in run:
            summary.add(result)
            if writer is not None:
                writer.write(result)
    stats = run.stats
    if stats.cache_warning:
        click.echo(f"policydiff: warning: {stats.cache_warning}", err=True)
    skipped = [(s.path, s.reason) for s in stats.skipped]
    if fmt == "json":
        _emit(outputs.format_json(summary, path=reference, skipped=skipped, found=stats.found), output)
    elif fmt == "html":
        _emit(outputs.format_html(summary, path=reference, options=options, found=stats.found), output)
    else:
        rate = stats.computed / stats.elapsed if stats.elapsed > 0 else 0.0
        line = (f"{stats.computed} read in {stats.elapsed:.1f} s ({rate:.0f}/s), {stats.cached} from the cache"
                + (f" ({stats.cache_path})" if stats.cache_path else " (cache off)"))
        _emit(outputs.format_text(summary, path=reference, skipped=skipped, found=stats.found, stats_line=line,
                                  reference_found=stats.reference_found), output)
    if fmt != "text" and skipped:
        click.echo(f"policydiff: skipped {len(skipped)} that could not be read:", err=True)
        for path, reason in skipped:
            click.echo(shown(f"  {path}: {reason}"), err=True)
    if stats.internal:
        click.echo(f"policydiff: internal error on {stats.internal} document(s), listed above (please report this)",
                   err=True)
        sys.exit(EXIT_INTERNAL)
    if summary.documents == 0:
        raise UsageError(f"no document could be judged ({len(skipped)} skipped)")
    sys.exit(EXIT_OK)


def main() -> None:
    try:
        cli(prog_name="policydiff")
    except KeyboardInterrupt:  # before or after a command's own handling (handle_errors): parsing, exit
        click.echo("policydiff: interrupted", err=True)
        sys.exit(130)
