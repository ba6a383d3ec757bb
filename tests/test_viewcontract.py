"""The view contract (static/player/contract.js, geo/viewcontract.py): what the browser reports is taken
only in the contract's shape, never raised on; the server's own messages fit it; and the server and the
player read the same file and take and drop the same reports."""
import dataclasses
import json
import math
import re
import reprlib
import subprocess

import pytest

from geo import viewcontract
from geo.handouts import html_briefing
from geo.paths import ROOT
from geo.viewcontract import CONTRACT, MESSAGES, Settled, missing, read, settled, step
from test_pages import map_payload, open_app, open_page

def deep(levels: int) -> list:
    nested: list = []
    for _ in range(levels):
        nested = [nested]
    return nested


HUGE = "9" * 1_000_000
SETTLED = [
    ({"year": 2016, "focus": None, "seq": 3}, Settled(2016, None, 3)),
    ({"year": 2016, "focus": "uzb-rus-alliance-2005", "seq": 1}, Settled(2016, "uzb-rus-alliance-2005", 1)),
    ({"year": 2016}, Settled(2016, None, 0)),
    ({"year": 1991, "seq": 2**53 - 1}, Settled(1991, None, 2**53 - 1)),
    ({"year": 2030, "focus": "x" * 200}, Settled(2030, "x" * 200, 0)),
    # not a report of its shape
    ("2016", None), ([2016], None), (2016, None), (None, None), ({}, None), ((2016,), None), ({2016}, None),
    (b"2016", None), (deep(100_000), None), (object(), None),
    # the year
    ({"year": True}, None), ({"year": 2016.0}, None), ({"year": 2016.5}, None), ({"year": 10**30}, None),
    ({"year": -5}, None), ({"year": 1990}, None), ({"year": 2031}, None), ({"year": "2016"}, None),
    ({"year": math.nan}, None), ({"year": math.inf}, None), ({"year": -math.inf}, None), ({"year": {"$gt": 0}}, None),
    ({"year": deep(100_000)}, None), ({"year": None}, None), ({"focus": None, "seq": 1}, None),
    # the focus: a tie's id, 1 to 200 characters (UTF-16 units, as the browser counts them)
    ({"year": 2016, "focus": 5}, None), ({"year": 2016, "focus": ""}, None), ({"year": 2016, "focus": "x" * 201}, None),
    ({"year": 2016, "focus": HUGE}, None), ({"year": 2016, "focus": ["a"]}, None),
    ({"year": 2016, "focus": "😀" * 100}, Settled(2016, "😀" * 100, 0)), ({"year": 2016, "focus": "😀" * 101}, None),
    ({"year": 2016, "focus": "\ud800" * 200}, Settled(2016, "\ud800" * 200, 0)),
    ({"year": 2016, "focus": "\udc00" * 201}, None),
    # the count of changes
    ({"year": 2016, "seq": "3"}, None), ({"year": 2016, "seq": "1" * 5000}, None), ({"year": 2016, "seq": -1}, None),
    ({"year": 2016, "seq": 2**53}, None), ({"year": 2016, "seq": True}, None), ({"year": 2016, "seq": math.nan}, None),
    ({"year": 2016, "seq": 1.0}, None), ({"year": 2016, "seq": None}, None),
    # fields the contract does not list
    ({"year": 2016, "colour": "red"}, None), ({"year": 2016, "constructor": 1}, None), ({"year": 2016, 1: 2}, None),
    ({"year": 2016, "__proto__": {"year": 1999}}, None), ({f"k{n}": n for n in range(100_000)}, None),
]


@pytest.mark.parametrize("report, expected", SETTLED, ids=[reprlib.repr(r) for r, _ in SETTLED])
def test_a_settled_report_is_taken_only_in_the_contracts_shape(report, expected):
    assert settled(report) == expected


STEPS = [(1, 1), (-1, -1), (0, None), (2, None), (-2, None), (True, None), (False, None), (1.0, None), ("1", None),
         (math.nan, None), (math.inf, None), (HUGE, None), (None, None), ([1], None), ({"step": 1}, None),
         (10**400, None)]


@pytest.mark.parametrize("report, expected", STEPS, ids=[reprlib.repr(r) for r, _ in STEPS])
def test_a_presenter_step_is_plus_or_minus_one(report, expected):
    assert step(report) == expected


OFFERED = frozenset({"base-screen", "frames-screen-UZB--", "x" * 200})
MISSING = [("base-screen", "base-screen"), ("frames-screen-UZB--", "frames-screen-UZB--"), ("x" * 200, "x" * 200),
           ("base-projector", None), ("", None), ("x" * 201, None), (HUGE, None), (5, None), (None, None),
           (["base-screen"], None), ({"id": "base-screen"}, None), (True, None)]


@pytest.mark.parametrize("report, expected", MISSING, ids=[reprlib.repr(r) for r, _ in MISSING])
def test_a_missing_part_is_one_the_last_run_offered(report, expected):
    assert missing(report, OFFERED) == expected


def test_the_settled_report_the_server_keeps_has_the_contracts_fields():
    assert [field.name for field in dataclasses.fields(Settled)] == list(MESSAGES["settled"]["fields"])


def test_every_message_says_who_sends_it_and_every_field_has_a_known_type():
    for name, message in MESSAGES.items():
        assert message["from"] in ("server", "player") and message["about"], name
        rules = [message["value"]] if "value" in message else message["fields"].values()
        for rule in rules:
            assert rule["type"] in ("integer", "string", "boolean", "object", "array"), name
            for limit in ("min", "max", "minLength", "maxLength"):
                assert isinstance(rule.get(limit, 0), int) or rule[limit] in viewcontract.BOUNDS, (name, limit)
    assert CONTRACT["precedence"] and set(CONTRACT["given"]) == {"first", "last"}


def test_what_the_map_page_sends_fits_the_contract():
    for app in (open_app(year="2005", focus="uzb-usa-basing-2001"), open_page("briefing", year="2005")):
        payload = map_payload(app)
        assert read("payload", payload) is not None
        assert read("options", payload["options"]) is not None, payload["options"]


def test_what_the_offline_briefing_sends_its_player_fits_the_contract(data):
    host = re.findall(r"<script>(.*?)</script>", html_briefing(data, 2005), flags=re.S)[-1]
    options = json.loads(host[host.index("Plotly, ") + len("Plotly, "):host.rindex(");")])
    assert read("options", options) is not None


def test_the_player_reads_the_same_file(node):
    done = subprocess.run([node, "-e", 'process.stdout.write(JSON.stringify(require("./static/player/contract.js")))'],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout) == CONTRACT


def json_cases() -> list:
    """Every report of the tables above that JSON carries alike to both sides. JSON has no NaN, and in the
    browser 2016.0 is 2016: those reports are the server's alone to drop."""
    cases = []
    for name, table in (("settled", SETTLED), ("step", STEPS), ("missing", MISSING)):
        for report, _ in table:
            try:
                text = json.dumps(report, allow_nan=False)
            except (TypeError, ValueError, RecursionError):
                continue
            fractions = [value for value in (report.values() if isinstance(report, dict) else [report])
                         if isinstance(value, float)]
            if len(text) < 100_000 and not fractions:
                cases.append([name, report])
    return cases


def test_the_server_and_the_player_take_and_drop_the_same_reports(node):
    cases = json_cases()
    done = subprocess.run([node, "tests/js/judge.js"], cwd=ROOT, input=json.dumps(cases), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(cases) > 50
    assert json.loads(done.stdout) == [read(name, report) for name, report in cases]
