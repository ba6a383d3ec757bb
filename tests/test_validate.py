"""One broken copy of the data per validator rule; each must fail with one line naming
file, line, record and field."""
import re

import pytest

from geo.__main__ import run


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.split(old, 1)[0].count("\n") + 1 + new.split("\n", 1)[0].count("\n")


# (name, file, text to replace, replacement, expected record: field: message, line offset of the reported line)
BROKEN = [
    ("not-yaml", "relations.yaml", "  title: US troops stationed in Uzbekistan", "  title: [unclosed",
     r"\(file\): \(yaml\): not valid YAML", None),
    ("quote-not-verbatim", "relations.yaml", "Uzbek troops held joint military exercises.",
     "Uzbek troops held joint naval exercises.",
     r"uzb-rus-exercise-2005: quotes\[0\]\.text: not found verbatim in alliance-treaty-2005: "
     r"matches up to '…troops held joint', then 'naval' differs", 0),
    ("party-undefined", "relations.yaml", "parties: [UZB, TJK]", "parties: [UZB, XYZ]",
     r"uzb-tjk-alliance-2024: parties\[1\]: party XYZ is not defined", 0),
    ("end-before-start", "relations.yaml", "  end:\n    date: 2005\n    inferred: >-\n      The source, dated",
     "  end:\n    date: 1999\n    inferred: >-\n      The source, dated",
     r"uzb-usa-basing-2001: end: ends \(1999\) before it starts \(2001\)", 0),
    ("duplicate-id", "relations.yaml", "id: uzb-aze-alliance-2024", "id: uzb-tjk-alliance-2024",
     r"uzb-tjk-alliance-2024: id: duplicate: already used at data/relations.yaml:\d+", 0),
    ("unknown-field", "relations.yaml", "  title: Alliance with Kazakhstan",
     "  title: Alliance with Kazakhstan\n  colour: red", r"uzb-kaz-alliance-2022: colour: unknown field", 1),
    ("missing-field", "relations.yaml", "  title: Defence cooperation treaty with Russia\n", "",
     r"uzb-rus-defence-2017: title: Field required", None),
    ("bad-date", "relations.yaml", "  start: 2017\n", "  start: 2017-13\n",
     r"uzb-rus-defence-2017: start\.date: '2017-13' is not a real date", 0),
    ("date-out-of-range", "relations.yaml", "  start: 2017\n", "  start: 1985\n",
     r"uzb-rus-defence-2017: start: 1985 lies outside 1991–2030", 0),
    ("bad-kind", "relations.yaml", "kind: defence_cooperation", "kind: friendship",
     r"uzb-rus-defence-2017: kind: Input should be", 0),
    ("no-focal-state-party", "relations.yaml", "parties: [UZB, KAZ]", "parties: [RUS, TUR]",
     r"uzb-kaz-alliance-2022: parties: every relation is a tie of a focal state: one of KAZ, KGZ, TJK, TKM, UZB", 0),
    ("refusal-of-a-country", "relations.yaml", "parties: [UZB, EAEU]", "parties: [UZB, RUS]",
     r"uzb-eaeu-non-membership: parties\[1\]: RUS is no bloc: a non_membership names the blocs it stays out of", 0),
    ("prospect-without-opinion", "relations.yaml",
     "    - source: rabbimov-allies-2025\n      text: In my opinion, in the coming years, it is a matter of time for "
     "Uzbekistan to become allies with Turkey and also with neighboring Kyrgyzstan.\n      voice: opinion\n\n"
     "- id: uzb-tkm",
     "    - source: rabbimov-allies-2025\n      text: In my opinion, in the coming years, it is a matter of time for "
     "Uzbekistan to become allies with Turkey and also with neighboring Kyrgyzstan.\n\n- id: uzb-tkm",
     r"uzb-kgz-prospective-alliance: quotes: a prospective alliance must rest on a quote marked voice: opinion",
     None),
    ("opinion-as-fact", "relations.yaml", "kind: prospective_alliance\n  title: Alliance with Kyrgyzstan",
     "kind: alliance\n  title: Alliance with Kyrgyzstan",
     r"uzb-kgz-prospective-alliance: kind: only opinion supports this", 0),
    ("province-undefined", "relations.yaml", "provinces: [KG-O,", "provinces: [KG-X,",
     r"uzb-kgz-border-memorandum-2016: provinces\[0\]: province KG-X is not defined", 0),
    ("place-undefined", "events.yaml", "place: KG-B", "place: KG-Z",
     r"batken-fighting-1999: place: place KG-Z is not a defined country or province", 0),
    ("claim-about-nothing", "claims.yaml", "- id: andijan-death-toll\n  about: andijan-2005",
     "- id: andijan-death-toll\n  about: andijan-2006",
     r"andijan-death-toll: about: andijan-2006 is not a relation or event id", 1),
    ("quote-source-undefined", "events.yaml", "- source: rabbimov-allies-2025\n      text: Uzbekistan achieved",
     "- source: rabbimov-2024\n      text: Uzbekistan achieved",
     r"independence-1991: quotes\[0\]\.source: source rabbimov-2024 is not defined", 0),
    ("body-marker-missing", "sources.yaml", "last: political scientist", "last: historian",
     r"rabbimov-allies-2025: body\.last: no line of the archived text starts with this", 0),
    # A curated tie linked to ATOP must agree with it; a disagreement is reported, never resolved.
    ("atop-link-unknown", "relations.yaml", "  start: 2005-11-14\n  atop: 5075", "  start: 2005-11-14\n  atop: 9999",
     r"uzb-rus-alliance-2005: atop: no imported ATOP tie of these parties has atop_id 9999", 1),
    ("atop-link-start-differs", "relations.yaml", "  start: 2005-11-14\n  atop: 5075",
     "  start: 2005-11-15\n  atop: 5075", r"uzb-rus-alliance-2005: start: starts 2005-11-15, ATOP 5075 2005-11-14", 0),
    ("atop-link-parties-differ", "relations.yaml", "  parties: [UZB, RUS]\n  start: 2005-11-14",
     "  parties: [UZB, RUS, CHN]\n  start: 2005-11-14",
     r"uzb-rus-alliance-2005: parties: ATOP 5075 has parties UZB, RUS, this record UZB, RUS, CHN", 0),
    ("atop-link-end-differs", "relations.yaml", "  atop: 5075\n", "  atop: 5075\n  end: 2012\n",
     r"uzb-rus-alliance-2005: end: ends 2012, ATOP 5075 never \(still in effect in 2018\)", 1),
    ("atop-link-needs-phase", "relations.yaml", "  start: 2005-11-14\n  atop: 5075",
     "  start: 2005-11-14\n  atop: 4220", r"uzb-rus-alliance-2005: atop: ATOP 4220 has 2 phases with these parties: "
     "give atop_phase", 1),
    ("atop-kind-on-curated-tie", "relations.yaml", "kind: defence_cooperation", "kind: defence_pact",
     r"uzb-rus-defence-2017: kind: defence_pact is ATOP's own coding", 0),
    ("atlas-default-unknown", "atlas.yaml", "default: UZB", "default: RUS", r"atlas: \(record\): "
     r"default RUS is not one of the states", None),
    ("atlas-seats-out-of-order", "atlas.yaml", "from: 1997-12-10", "from: 1990-12-10",
     r"atlas: states\[0\]: seats must be listed in order", None),
    ("atlas-seat-without-reference", "atlas.yaml", "        reference: Presidential decree of 6 May 1998",
     "        note: Presidential decree of 6 May 1998", r"atlas: states\[0\]\.seats\[2\]\.reference: Field required", None),
    ("atlas-frame-not-the-maps", "atlas.yaml", "frame: [-2050.0,", "frame: [-2000.0,",
     r"atlas: frame: .* is not the frame data/boundaries/ was clipped to", None),
    ("atlas-years-not-the-apps", "atlas.yaml", "years: {first: 1991, last: 2030}", "years: {first: 1991, last: 2040}",
     r"atlas: years: 1991–2040 is not the app's range, 1991–2030", None),
    ("capital-not-the-latest-seat", "countries.yaml", "capital: {name: Astana, lat: 51.1694",
     "capital: {name: Almaty, lat: 51.1694", r"KAZ: capital: a focal state's capital is its latest seat", 0),
    ("coding-sheet-quote-not-verbatim", "atop_relations.yaml", "Still in effect as of April 14, 2018",
     "Still in effect as of April 14, 2019", r"atop-4097: quotes\[2\]\.text: not found verbatim in atop-sheet-4097", None),
]


@pytest.mark.parametrize("name, filename, old, new, expected, offset", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_rule_fails_its_fixture(data_copy, capsys, name, filename, old, new, expected, offset):
    line = edit(data_copy / filename, old, new)
    assert run(["--data", str(data_copy), "validate"]) == 1
    lines = capsys.readouterr().err.splitlines()
    line_pattern = str(line + offset) if offset is not None else r"\d+"
    where = rf"^data/{filename}:{line_pattern}: "
    assert any(re.match(where + expected, l) for l in lines), "\n".join(lines)


def test_a_linked_tie_carries_both_evidences_once(data):
    alliance = data.relation("uzb-rus-alliance-2005")
    assert alliance.kind.value == "alliance" and (alliance.coded.atop_id, alliance.coded.phase) == (5075, 0)
    sources = {q.source for q in alliance.quotes}
    assert {"alliance-treaty-2005", "atop-sheet-5075", "atop-5-1-members"} <= sources
    assert data.relation("atop-5075") is None


def test_tampered_source_text_is_caught(data_copy, capsys):
    archived = data_copy / "sources" / "002_b5e6952e3ec6db7a.txt"
    archived.write_bytes(archived.read_bytes().replace(b"130 Kyrgyz", b"150 Kyrgyz"))
    assert run(["--data", str(data_copy), "validate"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^data/sources\.yaml:\d+: kyrgyz-uzbek-security-2016: sha256: archived text has changed",
                     err, re.M), err
    # A tampered text is not searched, so its quotes do not pile up as further errors.
    assert "not found verbatim" not in err


def test_a_broken_file_does_not_cascade(data_copy, capsys):
    edit(data_copy / "sources.yaml", "  title: Russia and Uzbekistan Sign", "  title: [Russia and Uzbekistan Sign")
    assert run(["--data", str(data_copy), "validate"]) == 1
    lines = [l for l in capsys.readouterr().err.splitlines() if l.startswith("data/")]
    assert len(lines) == 1 and "(yaml)" in lines[0]


def test_shipped_data_is_valid(capsys):
    assert run(["validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: 5 sources")
