"""Import validates every documented shape of the export (issue 10, item 3): exit 2 / HTTP 400 with one
sentence and nothing stored, for meaningless JSON, deep nesting, huge integers and wrong types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from hardening_helpers import one_sentence

from stepdown.domain.errors import InvalidInput
from stepdown.reports.import_ import import_document, parse_document

TODAY_ARGS = ("init", "--amount", "40", "--strength", "5", "--split", "4", "--times", "2",
              "--duration-days", "200", "--yes")  # fmt: skip


@pytest.fixture(scope="module")
def good_export(tmp_path_factory) -> dict:
    """A real export of a real taper, made through the CLI in its own HOME."""
    import os

    from stepdown.cli.main import main

    folder = tmp_path_factory.mktemp("export")
    old = dict(os.environ)
    os.environ.update(HOME=str(folder), STEPDOWN_DATA_DIR=str(folder / "data"))
    try:
        url = f"sqlite:///{folder / 'src.db'}"
        assert main([*TODAY_ARGS, "--database-url", url]) == 0
        assert main(["checkin", "--quick", "--answers", "1,1,1,0,1,1,0,1,2,1", "--no-red-flags",
                     "--database-url", url]) == 0  # fmt: skip
        assert main(["craving", "log", "--intensity", "5", "--trigger", "boredom", "--outcome", "passed",
                     "--database-url", url]) == 0  # fmt: skip
        assert main(["export", "--out", str(folder / "e.json"), "--database-url", url]) == 0
    finally:
        os.environ.clear()
        os.environ.update(old)
    return json.loads((folder / "e.json").read_text())


def _hostile(document: dict, table: str, column: str, value: object) -> str:
    doc = json.loads(json.dumps(document))
    doc["tables"][table][0][column] = value
    doc.pop("checksum")
    return json.dumps(doc)


CASES = {
    "plan is nonsense": ("plan_revision", "plan", {"nonsense": True}),
    "plan without steps": ("plan_revision", "plan", "STEPS"),
    "plan amount huge": ("plan_revision", "plan", "HUGE_AMOUNT"),
    "integer 1e30": ("checkin", "total", 10**30),
    "integer in JSON 1e30": ("checkin", "answers", {"anxious": 10**30}),
    "answers a string": ("checkin", "answers", "x"),
    "deep JSON column": ("checkin", "data", "DEEP"),
    "float infinity": ("checkin", "data", {"x": 1e400}),
    "intake nonsense": ("intake", "input", {"nonsense": True}),
    "id of a string": ("person", "id", "1"),
    "bool for an integer": ("checkin", "total", True),
}


def _value(document: dict, marker: object) -> object:
    plan = json.loads(json.dumps(document["tables"]["plan_revision"][0]["plan"]))
    if marker == "STEPS":
        plan["steps"] = []
        return plan
    if marker == "HUGE_AMOUNT":
        plan["steps"][0]["daily_amount"] = 10**300
        return plan
    if marker == "DEEP":
        deep: object = 1
        for _ in range(200):
            deep = {"a": deep}
        return deep
    return marker


@pytest.mark.parametrize("case", sorted(CASES))
def test_meaningless_values_are_refused_and_nothing_is_stored(case, good_export, tmp_path: Path) -> None:
    from stepdown.storage.db import make_engine, upgrade
    from stepdown.storage.models import Base

    table, column, marker = CASES[case]
    if table not in good_export["tables"] or not good_export["tables"][table]:
        pytest.skip(f"no {table} row in the export")
    text = _hostile(good_export, table, column, _value(good_export, marker))
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    upgrade(engine)
    with pytest.raises(InvalidInput) as caught:
        import_document(engine, parse_document(text))
    assert "\n" not in caught.value.message and len(caught.value.message) < 400
    with engine.connect() as conn:
        for t in Base.metadata.sorted_tables:
            assert conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() == 0
    engine.dispose()


@pytest.mark.parametrize(
    "raw",
    ["[" * 100_000 + "]" * 100_000, '{"format": "stepdown-export", "x": ' + "[" * 5000 + "]" * 5000 + "}",
     '{"format": "stepdown-export", "schema_version": 1e400}', "1" * 5000, "NaN"],
    ids=["deep", "deep-in-object", "inf-version", "huge-integer", "nan"],
)  # fmt: skip
def test_broken_documents_exit_2_with_one_sentence(raw, run, home) -> None:
    (home / "bad.json").write_text(raw)
    code, out, err = run("import", "bad.json")
    assert code == 2 and one_sentence(err), err[-500:]


def test_a_nonsense_plan_through_the_cli_exits_2_and_today_still_works(good_export, run, home) -> None:
    (home / "bad.json").write_text(_hostile(good_export, "plan_revision", "plan", {"nonsense": True}))
    code, out, err = run("import", "bad.json")
    assert code == 2 and one_sentence(err) and "plan" in err
    code, out, err = run("today")
    assert code != 1, err


def test_the_real_export_still_imports(good_export, run, home) -> None:
    (home / "good.json").write_text(json.dumps(good_export))
    code, out, err = run("import", "good.json")
    assert code == 0, err
    assert run("today")[0] == 0


def test_the_web_import_answers_400(good_export, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from stepdown.web.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'web.db'}")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get("/reports")
        import re

        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        bad = _hostile(good_export, "plan_revision", "plan", {"nonsense": True})
        response = client.post("/reports/import", data={"csrf_token": token},
                               files={"export_file": ("bad.json", bad, "application/json")})  # fmt: skip
        assert response.status_code == 400
        deep = "[" * 100_000 + "]" * 100_000
        response = client.post("/reports/import", data={"csrf_token": token},
                               files={"export_file": ("deep.json", deep, "application/json")})  # fmt: skip
        assert response.status_code == 400
