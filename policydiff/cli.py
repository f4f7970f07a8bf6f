"""Command line: parse options, call the library, print, exit. Thin by design."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from . import align, api, gate
from .errors import PolicydiffError, UsageError
from .models import Options, Outline

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3

F = TypeVar("F", bound=Callable[..., Any])


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def handle_errors(func: F) -> F:
    """Library errors become one line on stderr and exit 2; anything else is a bug (exit 3)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PolicydiffError as e:
            click.echo(f"policydiff: error: {e}", err=True)
            sys.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("policydiff: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as e:  # pragma: no cover - the last line of defence
            click.echo(f"policydiff: internal error: {type(e).__name__}: {e} (please report this)", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def encoding_option(func: F) -> F:
    return click.option(
        "--encoding",
        metavar="CODEC",
        help="Decode text files with CODEC (e.g. gbk, big5) instead of detecting it.",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@handle_errors
def outline(file: str, fmt: str, encoding: str | None) -> None:
    """Show FILE's title, numbered sections and units (recommendations and context).

    \b
    Example:
      policydiff outline samples/paper-zh.txt
      policydiff outline draft.docx --format json > outline.json
    """
    result = api.load(file, encoding=encoding)
    if fmt == "json":
        from .formats import json as json_format

        click.echo(json_format.format_outline(result), nl=False)
    elif fmt == "markdown":
        from .formats import markdown

        click.echo(markdown.format_outline(result), nl=False)
    else:
        from .formats import terminal

        color = _use_color()
        click.echo(terminal.format_outline(result, color=color, width=None if color else 100), nl=False)


def _threshold_options(func: F) -> F:
    func = click.option("--covered", "covered", type=click.FloatRange(0, 100), default=Options.covered,
                        show_default=True, help="Score (0-100) from which a recommendation counts as covered.")(func)
    return click.option("--partial", "partial", type=click.FloatRange(0, 100), default=Options.partial,
                        show_default=True, help="Score (0-100) from which it counts as partly covered.")(func)


def _options(covered: float, partial: float) -> Options:
    if partial > covered:
        raise click.BadParameter(f"--partial {partial:g} is above --covered {covered:g}", param_hint="--partial")
    return Options(covered=covered, partial=partial)


def _load_all(reference: str, targets: tuple[str, ...], encoding: str | None) -> tuple[Outline, list[Outline]]:
    if [reference, *targets].count("-") > 1:
        raise UsageError("only one document can be read from standard input ('-')")
    return api.load(reference, encoding=encoding), [api.load(t, encoding=encoding) for t in targets]


@cli.command()
@click.argument("reference", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("targets", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="text: for people (plain when piped); json: policydiff/comparison@1; markdown: for reviews.")
@click.option("--show", type=click.Choice(["all", "gaps", "covered"]), default="all", show_default=True,
              help="Which recommendations to list (text and markdown).")
@_threshold_options
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT",
              help="Exit 1 when a target's coverage is below PCT percent.")
@click.option("--require", "require", multiple=True, metavar="ID[,ID]",
              help="Exit 1 when one of these recommendations (ids or globs like '3.1.*') is missing.")
@encoding_option
@handle_errors
def compare(reference: str, targets: tuple[str, ...], fmt: str, show: str, covered: float, partial: float,
            fail_under: float | None, require: tuple[str, ...], encoding: str | None) -> None:
    """Which recommendations of REFERENCE does each TARGET cover, partly cover, or miss?

    \b
    Example:
      policydiff compare samples/paper-zh.txt samples/zh-county-plan.md
      policydiff compare paper.txt drafts/*.docx --format json > coverage.json
      policydiff compare paper.txt draft.md --fail-under 60 --require 3.1.1,3.6.*
    """
    options = _options(covered, partial)
    ref, outs = _load_all(reference, targets, encoding)
    result = align.compare(ref, outs, options)
    gate_result = gate.evaluate(result, gate.Gate(fail_under, tuple(i.strip() for r in require for i in r.split(",")
                                                                    if i.strip())))
    # only the chosen formatter is imported: JSON for scripts never loads rich
    if fmt == "json":
        from .formats import json as json_format

        click.echo(json_format.format_comparison(result), nl=False)
    elif fmt == "markdown":
        from .formats import markdown

        click.echo(markdown.format_comparison(result, show=show), nl=False)
    else:
        from .formats import terminal

        color = _use_color()
        click.echo(terminal.format_comparison(result, show=show, color=color, width=None if color else 100), nl=False)
    for reason in gate_result.reasons:
        click.echo(f"policydiff: {reason}", err=True)
    sys.exit(gate_result.code)


@cli.command()
@click.argument("reference", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("unit_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@_threshold_options
@encoding_option
@handle_errors
def explain(reference: str, target: str, unit_id: str, fmt: str, covered: float, partial: float,
            encoding: str | None) -> None:
    """Why does recommendation ID of REFERENCE get its verdict in TARGET?

    Shows the unit's clauses, the best target passage for each with the shared terms, the score
    breakdown and the thresholds that decided.

    \b
    Example:
      policydiff explain samples/paper-zh.txt samples/zh-county-plan.md 3.2.2
    """
    from .formats import markdown, terminal

    options = _options(covered, partial)
    ref, outs = _load_all(reference, (target,), encoding)
    result = align.compare(ref, outs, options)
    if result.verdict(0, unit_id) is None:
        ids = ", ".join(u.id for u in ref.units[:6])
        raise UsageError(f"{reference}: no unit has the id {unit_id!r} (ids look like {ids}…; see `policydiff outline`)")
    if fmt == "markdown":
        click.echo(markdown.format_explain(result, unit_id), nl=False)
    else:
        color = _use_color()
        click.echo(terminal.format_explain(result, unit_id, color=color, width=None if color else 100), nl=False)


def main() -> None:
    cli(prog_name="policydiff")
