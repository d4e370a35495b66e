"""Disclosure control on hand-made numbers and tables."""

from kohtaamo.reporting.application import disclosure


def shown(grid):
    return [[c.shown for c in row] for row in grid]


def test_small_counts_of_people_show_as_less_than_five_and_zero_as_zero():
    assert [disclosure.count(n).shown for n in (0, 1, 4, 5)] == ["0", "<5", "<5", "5"]
    assert disclosure.count(3).value is None and disclosure.count(3).suppressed
    assert disclosure.count(3, people=False).shown == "3"  # activities, attendance rows


def test_a_share_over_one_to_four_people_hides_all_three_numbers():
    share = disclosure.share(2, 4, "50.0")

    assert [s.value for s in (share.numerator, share.denominator, share.value)] == [None] * 3
    assert share.suppressed


def test_a_share_with_a_small_numerator_hides_it_and_the_value_that_would_reveal_it():
    share = disclosure.share(3, 100, "3.0")

    assert (share.numerator.shown, share.denominator.shown, share.value.shown) == ("<5", "100", "suppressed")
    assert disclosure.share(0, 100, "0.0").value.shown == "0.0"


def test_one_suppressed_cell_in_a_line_takes_the_smallest_other_nonzero_cell_with_it():
    # 2 | 7 | 9 || 18
    # 6 | 8 | 0 || 14
    # 8 |15 | 9 || 32   (totals row and column)
    grid = [[2, 7, 9, 18], [6, 8, 0, 14], [8, 15, 9, 32]]

    result = shown(disclosure.table(grid, with_totals=True))

    # Row 0: 2 is primary, 7 goes with it. Column 0: 2 alone -> 6 goes; column 1: 7 alone
    # -> 8 goes. Row 1 then has 6 and 8 suppressed (two): done. Zero is never suppressed.
    assert result == [["<5", "suppressed", "9", "18"],
                      ["suppressed", "suppressed", "0", "14"],
                      ["8", "15", "9", "32"]]


def test_secondary_suppression_is_repeated_until_no_line_has_exactly_one():
    grid = [[3, 10, 10, 23], [10, 10, 20, 40], [10, 20, 5, 35], [23, 40, 35, 98]]

    result = disclosure.table(grid, with_totals=True)

    flags = [[c.suppressed for c in row] for row in result]
    for line in flags + [list(col) for col in zip(*flags)]:
        assert sum(line) != 1
    assert flags[0][0] and sum(map(sum, flags)) == 4
    assert all(c.value is None for row in result for c in row if c.suppressed)


def test_ties_take_the_first_cell_and_zero_cells_stay():
    grid = [[1, 0, 6, 6, 13], [5, 0, 6, 6, 17], [6, 0, 12, 12, 30]]

    result = shown(disclosure.table(grid, with_totals=True))

    assert result[0] == ["<5", "0", "suppressed", "6", "13"]


def test_tables_without_totals_get_primary_suppression_only():
    assert shown(disclosure.table([[2, 9], [9, 9]])) == [["<5", "9"], ["9", "9"]]
