"""`python -m zonewatch` is the CLI, so child processes need no entry-point script on PATH."""

from zonewatch.cli import main

if __name__ == "__main__":
    main()
