"""The README's output blocks, made by the tool: each fenced block right after a line
``<!-- check: gangso ARGS -->`` is what ``gangso ARGS`` prints, run from the repository's
root into a pipe (no width limit, no trailing spaces), stdout only, without the blank
lines it ends with.

- a ```` ```text ```` block is the output itself;
- a ```` ```console ```` block starts with ``$ gangso ARGS``, then the output; when it
  ends with ``$ echo $?``, the exit code follows.

``tests/cli/test_readme.py`` compares every block with a fresh run. After a change that
alters what gangso prints, regenerate them::

    python -m tests.cli.readme_blocks --write   # rewrite the blocks in README.md
    python -m tests.cli.readme_blocks           # list the blocks that differ (exit 1)
"""

from __future__ import annotations

import contextlib
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"

_BLOCK = re.compile(
    r"^<!-- check: gangso (?P<args>[^\n]*?) -->\n```(?P<lang>\w*)\n(?P<body>.*?)^```$",
    re.M | re.S,
)
_ECHO = "$ echo $?"


@dataclass(frozen=True)
class Block:
    """One checked block of the README: its command, its kind and where its body lies."""

    args: str
    lang: str
    body: str
    start: int
    end: int
    line: int  # of the marker, from 1 (for messages)


def blocks(text: str) -> list[Block]:
    """Every checked block of a README text, in order."""
    return [
        Block(
            m["args"],
            m["lang"],
            m["body"],
            m.start("body"),
            m.end("body"),
            text.count("\n", 0, m.start()) + 1,
        )
        for m in _BLOCK.finditer(text)
    ]


def run_gangso(args: str) -> tuple[int, str]:
    """``gangso ARGS`` in this process, from the repository's root, into a pipe whose
    width nobody set: its exit code and stdout."""
    from typer.testing import CliRunner

    from gangso_cli.cli import app

    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, shlex.split(args), env={"COLUMNS": None})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def render(block: Block) -> str:
    """What the block should hold, made now by the tool."""
    code, stdout = run_gangso(block.args)
    stdout = stdout.rstrip("\n") + "\n"  # a table's closing blank line is left out
    if block.lang != "console":
        return stdout
    text = f"$ gangso {block.args}\n{stdout}"
    if f"\n{_ECHO}\n" in f"\n{block.body}":
        text += f"{_ECHO}\n{code}\n"
    return text


def regenerate(text: str) -> str:
    """The README text with every checked block made anew."""
    out, last = [], 0
    for block in blocks(text):
        out += [text[last : block.start], render(block)]
        last = block.end
    return "".join([*out, text[last:]])


def main(argv: list[str]) -> int:
    """Rewrite (``--write``) or list the blocks that differ from the tool's output."""
    text = README.read_text(encoding="utf-8")
    stale = [b for b in blocks(text) if render(b) != b.body]
    if "--write" in argv:
        README.write_text(regenerate(text), encoding="utf-8")
        for block in stale:
            print(f"README.md:{block.line}: rewrote `gangso {block.args}`")
        return 0
    for block in stale:
        print(f"README.md:{block.line}: `gangso {block.args}` prints something else")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
