"""The progress bar the CLI shows on a terminal (the only other module, besides formats/terminal.py,
that imports rich). The library reports progress through :class:`policydiff.scan.Progress`; this
adaptor draws it on standard error: documents done of the total, documents per second and the time
left. When standard error is not a terminal the CLI does not use it, so piped output stays clean.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from .scan.engine import DocResult


class _Rate(ProgressColumn):
    """Documents per second over the run so far, once there has been a second of work to measure (the first
    documents, often read from the cache, would show a rate of tens of thousands)."""

    MEASURED_AFTER = 1.0
    """Seconds of work before a rate is shown."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        measured = (task.elapsed or 0.0) >= self.MEASURED_AFTER
        return Text(f"{speed:,.0f} docs/s" if speed and measured else "– docs/s", style="progress.data.speed")


class RichProgress:
    """policydiff.scan.Progress drawn with rich on standard error."""

    def __init__(self, console: Console | None = None) -> None:
        self._progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _Rate(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[note]}"),
            console=console or Console(stderr=True),
            transient=True,
            speed_estimate_period=10.0,
        )
        self._task: Any = None
        self._cached = 0
        self._skipped = 0

    def start(self, total: int) -> None:
        self._task = self._progress.add_task("scan", total=total, note="")
        self._progress.start()

    def advance(self, result: DocResult, cached: bool) -> None:
        self._cached += cached
        self._skipped += result.error is not None
        notes = []
        if self._cached:
            notes.append(f"{self._cached} cached")
        if self._skipped:
            notes.append(f"{self._skipped} skipped")
        self._progress.update(self._task, advance=1, note=", ".join(notes))

    def stop(self) -> None:
        self._progress.stop()
