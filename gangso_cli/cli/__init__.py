"""The ``gangso`` command line: parse options, call the library, render, pick the exit code.

Exit codes are a contract for CI pipelines:

- 0: everything is valid (warnings allowed);
- 1: a problem in the data (a failed check, a value that does not parse);
- 2: a usage error, or a file that cannot be read at all.

Heavy modules (pydantic, yaml, rich) are imported inside the commands, so that
``gangso --help`` starts fast.
"""

# Importing a command module registers its commands; `gangso --help` lists them in this
# order, which is the order of the work: look, check, start a file, report, compare.
# isort: off
from gangso_cli.cli import allocate  # noqa: F401
from gangso_cli.cli import validate  # noqa: F401
from gangso_cli.cli import export  # noqa: F401
from gangso_cli.cli import envelopes  # noqa: F401
from gangso_cli.cli import history  # noqa: F401
from gangso_cli.cli import execution  # noqa: F401
from gangso_cli.cli import close  # noqa: F401
from gangso_cli.cli import diff  # noqa: F401
from gangso_cli.cli.app import app, main

# isort: on

__all__ = ["app", "main"]
