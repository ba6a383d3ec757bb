import pytest

from geo.viewstate import DEFAULT_YEAR, clicked_ids, parse_choice, parse_year


@pytest.mark.parametrize("text, year, notice", [
    (None, DEFAULT_YEAR, None),
    ("", DEFAULT_YEAR, None),
    ("2016", 2016, None),
    (" 2016 ", DEFAULT_YEAR, "is not a year"),
    ("1991", 1991, None),
    ("2030", 2030, None),
    ("1800", 1991, "1800 is before 1991"),
    ("3000", 2030, "3000 is after 2030"),
    ("0", 1991, "0 is before 1991"),
    ("-5", DEFAULT_YEAR, "is not a year"),
    ("abc", DEFAULT_YEAR, "is not a year"),
    ("2016.6", DEFAULT_YEAR, "is not a year"),
    ("<script>", DEFAULT_YEAR, "is not a year"),
    ("1e9", DEFAULT_YEAR, "is not a year"),
    ("9" * 5000, 2030, "is after 2030"),
])
def test_parse_year(text, year, notice):
    parsed = parse_year(text)
    assert parsed.value == year
    assert (parsed.notice is None) if notice is None else (notice in parsed.notice)


COUNTRIES = {"KAZ": "Kazakhstan", "RUS": "Russia"}


@pytest.mark.parametrize("text, value, has_notice", [
    ("KAZ", "KAZ", False), ("kaz", "KAZ", False), (None, "RUS", False), ("XXX", "RUS", True), ("K", "RUS", True),
])
def test_parse_choice(text, value, has_notice):
    parsed = parse_choice(text, COUNTRIES, "RUS", "country")
    assert parsed.value == value and (parsed.notice is not None) == has_notice


@pytest.mark.parametrize("points, ids", [
    ([{"customdata": "uzb-rus-alliance-2005"}], ["uzb-rus-alliance-2005"]),
    (5, []), (None, []), ([5, "x", {"customdata": ["a"]}, {"customdata": 7}], []),
    ([{"customdata": "a"}] * 10_000, ["a"] * 200),
])
def test_a_chart_selection_names_record_ids_or_nothing(points, ids):
    assert clicked_ids(points) == ids
