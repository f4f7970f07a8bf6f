"""The scan's progress bar: no rate before there is a second of work to measure."""

from __future__ import annotations

from rich.progress import Progress

from policydiff.progress import _Rate


def test_the_rate_shows_only_after_a_second_of_work():
    now = [100.0]
    progress = Progress(get_time=lambda: now[0], speed_estimate_period=10.0)
    task_id = progress.add_task("scan", total=1000)
    progress.start_task(task_id)
    column = _Rate()
    for _ in range(30):  # thirty cached documents in 1 ms: a rate of 30,000/s would be nonsense
        now[0] += 0.00003
        progress.advance(task_id)
    task = progress.tasks[0]
    assert str(column.render(task)) == "– docs/s"
    for _ in range(30):
        now[0] += 0.05
        progress.advance(task_id)
    assert str(column.render(progress.tasks[0])).endswith(" docs/s")
    assert str(column.render(progress.tasks[0])) != "– docs/s"
