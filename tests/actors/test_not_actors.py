"""Names that are never actors by their shape: a run of time tokens and numbers is a post's date line."""
import pytest

from newsgraph.actors.resolve import time_run


@pytest.mark.parametrize("tokens", [["Tue", "Mar", "22"], ["March", "22"], ["Sun", "5"], ["Dec", "3", ",", "2011"]])
def test_a_run_of_time_words_and_numbers_is_a_date_line(tokens):
    assert time_run(tokens)


@pytest.mark.parametrize("tokens", [["Sun"], ["Mark", "2"], ["Sun", "Yat", "-", "sen"], ["Theresa", "May"], ["Mar", "Mar"]])
def test_an_abbreviation_alone_or_inside_a_name_is_not(tokens):
    assert not time_run(tokens)
