"""Write every hostile and broken input of tests/test_hostile.py into a folder, to try them by hand.

    python scripts/make_hostile_fixtures.py /tmp/hostile
    for f in /tmp/hostile/*; do policydiff outline "$f"; echo "exit $?"; done

Nothing is committed: the files are built from the small fixtures in tests/read/fixtures and from
scratch (tests/hostile_files.py). ``secret.txt`` is the local file the XXE .docx tries to read.
The 200 MB case is a sparse file (no disk space used).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import hostile_files


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    secret = out / "secret.txt"
    secret.write_text("TOP-SECRET: this must never appear in any output\n", encoding="utf-8")
    files = hostile_files.build_all(secret)
    for name, data in files.items():
        (out / name).write_bytes(data)
    with open(out / "sparse-200mb.txt", "wb") as f:
        f.truncate(200 * 1024 * 1024)
    print(f"wrote {len(files) + 1} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
