"""Output formats: each module turns a result into a string. Only terminal.py imports rich."""
