"""policydiff: which recommendations of a reference policy document does another document cover?"""

from __future__ import annotations

from .api import load, outline_text
from .errors import InputError, PolicydiffError, UsageError
from .models import Block, Document, Line, Outline, Section, Text, Unit

__version__ = "0.1.0"

__all__ = [
    "Block",
    "Document",
    "InputError",
    "Line",
    "Outline",
    "PolicydiffError",
    "Section",
    "Text",
    "Unit",
    "UsageError",
    "__version__",
    "load",
    "outline_text",
]
