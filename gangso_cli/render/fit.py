"""Tables at a terminal's width, never cut: text columns wrap at spaces, figures and ids
never; a table whose figures alone are wider than the terminal is split into blocks of
columns, each repeating the columns that name its rows (the zone first).

Pure arithmetic on cell widths (Hangul counts two, as Rich and terminals count it); the
table classes in :mod:`gangso_cli.render.terminal` lay the text out.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

__all__ = ["fit_widths", "longest_word", "split_blocks", "table_width", "wrap_cell"]


def table_width(widths: Sequence[int], between: int) -> int:
    """The width of a table of these columns: the edges and outer paddings (2 + 2), and
    ``between`` cells between two columns."""
    return 4 + sum(widths) + between * (len(widths) - 1)


def longest_word(text: str) -> int:
    """The narrowest a text cell can wrap to without breaking a word."""
    return max((cell_len(word) for word in text.split()), default=0)


def fit_widths(natural: Sequence[int], minimum: Sequence[int], room: int) -> list[int] | None:
    """Column widths adding up to at most ``room``: the widest column that can still
    narrow gives up a cell at a time, none below its minimum; None when even the
    minimums do not fit."""
    if sum(minimum) > room:
        return None
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        # the column with the most room to give; ties to the leftmost
        i = max(range(len(widths)), key=lambda k: (widths[k] - minimum[k], widths[k], -k))
        step = min(excess, widths[i] - minimum[i], max(1, (widths[i] - minimum[i]) // 2))
        widths[i] -= step
        excess -= step
    return widths


def wrap_cell(text: str, width: int) -> list[str]:
    """A text cell as lines of at most ``width`` cells, broken at spaces (a word wider
    than the column is folded, which a fitted width never asks for)."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while cell_len(word) > width:  # fold a word that cannot fit whole
            cut = 1
            while cell_len(word[: cut + 1]) <= width:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    lines.append(current)
    return lines


def split_blocks(
    keys: Sequence[int], rest: Sequence[int], minimum: Sequence[int], between: int, width: int
) -> list[list[int]] | None:
    """The ``rest`` columns packed in order into as few blocks as fit ``width`` beside the
    ``keys`` (the columns that name a row, repeated in every block); None when the keys
    and one more column do not fit."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for column in rest:
        trial = [*keys, *current, column]
        if table_width([minimum[i] for i in trial], between) <= width:
            current.append(column)
            continue
        if not current:
            return None
        blocks.append(current)
        current = [column]
        if table_width([minimum[i] for i in [*keys, column]], between) > width:
            return None
    if current:
        blocks.append(current)
    return blocks
