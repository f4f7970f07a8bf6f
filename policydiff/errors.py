"""The few exceptions policydiff raises.

Every error a user can act on derives from :class:`PolicydiffError`; the CLI turns it into one line on
stderr and exit code 2. Anything else escaping the library is a bug (exit 3).
"""

from __future__ import annotations


class PolicydiffError(Exception):
    """Base class: a problem with the user's input, options or configuration."""


class InputError(PolicydiffError):
    """A document cannot be read: missing, binary, undecodable, empty, corrupt, too large."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        message = " ".join(message.split())  # one line, whatever a parser said (lxml's messages hold breaks)
        self.path = path
        self.line = line
        self.detail = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class UsageError(PolicydiffError):
    """Options that do not make sense together, or a unit id that does not exist."""


class ConfigError(PolicydiffError):
    """A configuration file that cannot be used: the message names the file, the key and what was expected."""

    def __init__(self, path: str, key: str | None, message: str) -> None:
        self.path = path
        self.key = key
        self.detail = message
        where = f"{path}: {key}" if key else path
        super().__init__(f"{where}: {message}")
