import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while starting up: as later, one line and exit 130
    sys.stderr.write("policydiff: interrupted\n")
    sys.exit(130)

main()
