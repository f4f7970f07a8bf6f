"""Paths and the synthetic generator of bench/scan_bench.py, shared by the scan tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
PAPER = SAMPLES / "paper-zh.txt"
EN_REFERENCE = SAMPLES / "en-reference.md"
TARGETS = ("zh-county-plan.md", "zh-city-notice.txt", "zh-district-measures.docx", "zh-bureau-page.html",
           "zh-unrelated.md")


def bench_module() -> ModuleType:
    """bench/scan_bench.py, whose generator the tests share (bench/ is not a package)."""
    name = "policydiff_scan_bench"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "scan_bench.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
