from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from flashpoint.errors import InputError
from flashpoint.evidence.gazetteer import load_gazetteer


def _un_members() -> set[str]:
    spec = importlib.util.find_spec("country_converter")
    table = Path(list(spec.submodule_search_locations)[0]) / "country_data.tsv"
    with table.open(encoding="utf-8") as fh:
        return {r["ISO3"] for r in csv.DictReader(fh, delimiter="\t") if r["UNmember"] and not r["obsolete"]}


def test_every_un_member_state_has_names_and_a_demonym():
    gaz = load_gazetteer()
    members = _un_members()
    assert len(members) >= 190
    demonyms = {a.key for a in gaz.aliases.values() if a.kind == "demonym"}
    names = {a.key for a in gaz.aliases.values() if a.kind == "actor"}
    assert members <= names
    # shared demonyms go to one state: "Dominican" (Dominica), "Congolese" (DR Congo)
    assert members - demonyms <= {"DOM", "COG"}, members - demonyms


def test_capitals_and_metonyms_resolve_to_their_state():
    gaz = load_gazetteer()
    for alias, code in [
        ("Kremlin", "RUS"),
        ("Pyongyang", "PRK"),
        ("Washington", "USA"),
        ("Beijing", "CHN"),
        ("Seoul", "KOR"),
        ("White House", "USA"),
    ]:
        assert gaz.aliases[alias].key == code, alias


def test_office_holders_resolve_by_date():
    gaz = load_gazetteer()
    rutte = gaz.persons["Mark Rutte"]
    assert rutte.actor_on(dt.date(2024, 11, 5)) == "NATO"
    assert rutte.actor_on(dt.date(2024, 9, 30)) == "NLD"  # between offices: nationality
    assert rutte.actor_on(dt.date(2015, 1, 1)) == "NLD"
    assert gaz.persons["Jens Stoltenberg"].actor_on(dt.date(2024, 9, 30)) == "NATO"
    assert gaz.persons["Jens Stoltenberg"].actor_on(dt.date(2024, 10, 1)) == "NOR"
    assert gaz.persons["Kim Jong Un"].actor_on(None) == "PRK"


def test_cameo_codes_follow_the_category():
    gaz = load_gazetteer()
    assert gaz.cameo_code("NATO") == "IGO"
    assert gaz.cameo_code("AMNESTY") == "NGO"
    assert gaz.cameo_code("HOUTHIS") == "YEM"
    assert gaz.cameo_code("ISIS") == "IMG"
    assert gaz.cameo_code("RUS") == "RUS"


def test_a_user_file_extends_and_overrides(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "organisations:\n  - {code: QUADX, name: Quad Extra, category: IGO, aliases: [Quad Extra]}\n"
        "persons:\n  - name: Ada Analyst\n    aliases: [Ada Analyst]\n    country: GBR\n"
        "    roles: [{actor: QUADX, role: Director, start: 2020-01-01}]\n"
        "places:\n  - {name: Testville, country: FRA, aliases: [Testville]}\n",
        encoding="utf-8",
    )
    gaz = load_gazetteer([user])
    assert gaz.aliases["Quad Extra"].key == "QUADX"
    assert gaz.persons["Ada Analyst"].actor_on(dt.date(2024, 1, 1)) == "QUADX"
    assert gaz.places["Testville"].country == "FRA"
    assert gaz.user_files == (user,)
    assert "Quad Extra" not in load_gazetteer().aliases


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("organisations:\n  - {name: No Code}\n", "organisations[0].code"),
        ("persons:\n  - {name: X, roles: [{actor: NOWHERE}]}\n", "unknown actor 'NOWHERE'"),
        ("persons:\n  - {name: X, roles: [{actor: RUS, start: yesterday}]}\n", "roles[0].start"),
        ("states:\n  ru: {}\n", "ISO alpha-3"),
        ("bogus: 1\n", "expected a mapping with keys"),
        (": : :\n", "expected a readable YAML"),
    ],
)
def test_bad_user_files_say_where_and_what(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match="bad.yaml") as err:
        load_gazetteer([path])
    assert message in str(err.value)
