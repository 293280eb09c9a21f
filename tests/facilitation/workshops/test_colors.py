"""Category colours: the palette is distinct, near-identical colours are found."""

from facilitation.workshops.colors import NEAR_IDENTICAL, PALETTE, distance, near_identical


def test_the_palette_has_no_two_colours_alike() -> None:
    assert near_identical(list(PALETTE.items())) == []


def test_near_identical_colours_are_named_in_pairs() -> None:
    named = [("困りごと", "#FFE08A"), ("要望", "#FFE18C"), ("アイデア", "#A9D4F5")]
    assert near_identical(named) == [("困りごと", "要望")]


def test_distance_is_zero_for_the_same_colour_and_large_for_opposites() -> None:
    assert distance("#FFE08A", "#ffe08a") == 0
    assert distance("#000000", "#FFFFFF") > 99
    assert distance("#FFE08A", "#FFCC99") > NEAR_IDENTICAL  # yellow and orange stay apart
