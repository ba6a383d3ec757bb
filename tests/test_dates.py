import datetime as dt

import pytest

from geo.dates import PartialDate, Precision


@pytest.mark.parametrize("value, iso, precision, first, last, label", [
    (2017, "2017", Precision.year, dt.date(2017, 1, 1), dt.date(2017, 12, 31), "2017"),
    ("2024-02", "2024-02", Precision.month, dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Feb 2024"),
    (dt.date(2005, 11, 14), "2005-11-14", Precision.day, dt.date(2005, 11, 14), dt.date(2005, 11, 14),
     "14 Nov 2005"),
])
def test_partial_dates(value, iso, precision, first, last, label):
    date = PartialDate.parse(value)
    assert (date.iso(), date.precision, date.first_day(), date.last_day(), date.label()) == (
        iso, precision, first, last, label)


@pytest.mark.parametrize("bad", ["2005-13", "2023-02-30", "05", "November 2005", True, 2005.5])
def test_bad_dates_are_refused(bad):
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


def test_fraction_of_year_is_true_to_precision():
    year_only = PartialDate.parse(2017)
    assert year_only.fraction_of_year() == 2017.0
    assert year_only.fraction_of_year(at_end=True) == 2018.0
    assert 2024.08 < PartialDate.parse("2024-02").fraction_of_year() < 2024.09
