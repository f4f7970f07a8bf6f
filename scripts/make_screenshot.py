#!/usr/bin/env python3
"""Render the HTML report of the samples and save a screenshot of it as ``docs/report.png``.

Run from anywhere: ``python scripts/make_screenshot.py``; it compares ``samples/paper-zh.txt`` with
``samples/zh-county-plan.md`` (the README's example), writes the report to a temporary directory and
has headless Chromium (``chromium`` on PATH, Debian's package, or ``$POLICYDIFF_CHROMIUM``) take the
screenshot with its own ``--screenshot`` switch: no Python dependency, nothing downloaded. Chinese needs
a CJK font (Debian: ``apt-get install fonts-noto-cjk``); the script warns when fontconfig knows none.
``--html PATH`` also keeps the report; ``--size 1280x1440`` sets the window.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policydiff.align import compare  # noqa: E402
from policydiff.api import load  # noqa: E402
from policydiff.formats.html import format_comparison  # noqa: E402

REFERENCE = "samples/paper-zh.txt"
TARGET = "samples/zh-county-plan.md"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--force-device-scale-factor=1"]


def chromium() -> str | None:
    env = os.environ.get("POLICYDIFF_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def has_cjk_font() -> bool | None:
    """Whether fontconfig knows a Chinese font (None when there is no fc-list to ask)."""
    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png", help="the PNG to write")
    parser.add_argument("--html", type=Path, help="also keep the report here")
    parser.add_argument("--size", default="1280x1440", help="window WIDTHxHEIGHT in CSS pixels")
    args = parser.parse_args()
    browser = chromium()
    if browser is None:
        print("make_screenshot: no Chromium found (apt-get install chromium, or set POLICYDIFF_CHROMIUM)",
              file=sys.stderr)
        return 2
    if has_cjk_font() is False:
        print("make_screenshot: warning: no Chinese font installed (apt-get install fonts-noto-cjk); "
              "the screenshot will show boxes", file=sys.stderr)
    width, height = (int(x) for x in args.size.lower().split("x"))
    os.chdir(ROOT)  # the report shows the paths as given: keep them relative, as in the README
    report = format_comparison(compare(load(REFERENCE), [load(TARGET)]))
    if args.html:
        args.html.write_text(report, encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="policydiff-shot-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(report, encoding="utf-8")
        shot = Path(tmp) / "report.png"
        cmd = [browser, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--window-size={width},{height}",
               f"--screenshot={shot}", page.as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0 or not shot.is_file():
            print(f"make_screenshot: chromium failed ({done.returncode}):\n{done.stderr[-2000:]}", file=sys.stderr)
            return 1
        shutil.copyfile(shot, args.out)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} "
          f"({args.out.stat().st_size // 1024} KB; report {len(report.encode('utf-8')) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
