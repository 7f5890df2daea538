"""``python -m gangso_cli``: the same as the ``gangso`` command."""

from gangso_cli.cli import main

main()
