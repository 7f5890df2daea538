"""The arithmetic of fitting a table to a terminal: wrapped text keeps every word, widths
never go below a column's minimum, blocks repeat their keys and lose no column."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from gangso_cli.render.fit import fit_widths, longest_word, split_blocks, table_width, wrap_cell

_WORDS = st.lists(st.sampled_from(["김해", "강소특구", "R&BD", "기술이전·사업화", "a", "지원"]),
                  min_size=1, max_size=8)  # fmt: skip


@given(_WORDS, st.integers(1, 40))
def test_wrapped_text_keeps_every_word_within_the_width(words: list[str], extra: int) -> None:
    """At a width no narrower than the longest word, every line fits and the words come
    back in order, none broken."""
    text = " ".join(words)
    width = longest_word(text) + extra - 1
    lines = wrap_cell(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert " ".join(lines).split() == words


def test_a_word_wider_than_the_column_is_folded_not_lost() -> None:
    """Only a word wider than the column is broken, into pieces that each fit."""
    assert wrap_cell("기술이전·사업화", 6) == ["기술이", "전·사", "업화"]


@given(st.lists(st.tuples(st.integers(1, 30), st.integers(0, 30)), min_size=1, max_size=8),
       st.integers(0, 200))  # fmt: skip
def test_fitted_widths_fit_and_respect_each_minimum(
    pairs: list[tuple[int, int]], room: int
) -> None:
    """Widths add up to at most the room and stay at or above each minimum, or None when
    the minimums alone do not fit."""
    minimum = [m for m, _ in pairs]
    natural = [m + extra for m, extra in pairs]
    widths = fit_widths(natural, minimum, room)
    if sum(minimum) > room:
        assert widths is None
        return
    assert widths is not None
    assert sum(widths) <= room
    assert all(m <= w <= n for m, w, n in zip(minimum, widths, natural, strict=True))


def test_blocks_repeat_the_keys_and_keep_every_column() -> None:
    """Blocks of columns each fit, and together hold every column once."""
    minimum = [4, 10, 13, 13, 13, 13, 13]
    blocks = split_blocks([0, 1], [2, 3, 4, 5, 6], minimum, 2, 50)
    assert blocks == [[2, 3], [4, 5], [6]]
    for block in blocks:
        assert table_width([minimum[i] for i in [0, 1, *block]], 2) <= 50
    assert split_blocks([0, 1], [2], minimum, 2, 20) is None  # the keys and one do not fit
