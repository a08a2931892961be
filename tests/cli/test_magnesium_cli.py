"""`stepdown magnesium` through the real entry point: JSON keys, every option, refusals."""

from __future__ import annotations

import json

import pytest

from stepdown.cli.main import main


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["magnesium", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def codes(data: dict) -> set[str]:
    return {w["code"] for w in data["warnings"]}


def test_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--form", "glycinate", "--elemental", "300")
    assert data["daily_elemental_mg"] == 300
    assert [s["elemental_mg"] for s in data["servings"]] == [100, 100, 100]
    assert {"form", "servings", "warnings", "notes", "sources", "disclaimer"} <= set(data)
    assert all(w["source"] for w in data["warnings"])


def test_compound_amount(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--form", "citrate", "--compound", "1500")
    assert data["requested_elemental_mg"] == 243  # 1500 mg x 16.2%
    assert all(s["compound_mg"] for s in data["servings"])


def test_kidney_disease_gives_zero(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--form", "glycinate", "--elemental", "300", "--kidney-disease")
    assert data["daily_elemental_mg"] == 0 and data["servings"] == [] and data["blocked"]
    assert "kidney_disease" in codes(data)


def test_medicines_meals_diarrhoea_capsule_and_clinician(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys,
        "--form",
        "glycinate",
        "--elemental",
        "380",
        "--medicine",
        "doxycycline",
        "--medicine",
        "omeprazole",
        "--meals",
        "2",
        "--clinician-agreed",
    )
    assert data["daily_elemental_mg"] == 380
    assert {"spacing_tetracyclines", "depletes_magnesium", "upper_limit_agreed"} <= codes(data)
    assert [s["meal"] for s in data["servings"]] == ["breakfast", "evening meal"]
    data = run_json(capsys, "--form", "glycinate", "--elemental", "300", "--diarrhea", "--capsule", "50")
    assert data["daily_elemental_mg"] == 150 and "diarrhoea_now" in codes(data)
    assert [s["capsules"] for s in data["servings"]] == [1, 1, 1]


def test_above_upper_limit_is_lowered(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--form", "oxide", "--elemental", "500")
    assert data["daily_elemental_mg"] == 350 and "above_upper_limit" in codes(data)


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["magnesium", "--form", "glycinate", "--elemental", "300", "--medicine", "cipro"]) == 0
    out = capsys.readouterr().out
    assert "300 mg elemental magnesium a day" in out
    assert "Breakfast: 100 mg magnesium" in out
    assert "6 hours after" in out and "not medical advice" in out
    assert main(["magnesium", "--form", "glycinate", "--kidney-disease"]) == 0
    assert "none (0 mg)" in capsys.readouterr().out


@pytest.mark.parametrize("form", ["mgm", "MGM-15", "mgm16", "MGM 16"])
def test_mgm_is_refused(capsys: pytest.CaptureFixture[str], form: str) -> None:
    assert main(["magnesium", "--form", form, "--elemental", "200"]) == 2
    err = capsys.readouterr().err
    assert "MGM-15 and MGM-16 are not magnesium" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--form", "glycinate", "--elemental", "0"], "above 0"),
        (["--form", "glycinate", "--elemental", "lots"], "above 0"),
        (["--form", "glycinate", "--compound", "-3"], "above 0"),
        (["--form", "glycinate", "--elemental", "200", "--compound", "900"], "not both"),
        (["--form", "glycinate", "--meals", "0"], "Meals a day"),
        (["--form", "glycinate", "--meals", "x"], "not a whole number"),
        (["--form", "adamantium"], "Unknown magnesium form"),
        (["--form", "other", "--compound", "500"], "elemental"),
        (["--elemental", "200"], "Missing option"),
    ],
)
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], args: list[str], needle: str) -> None:
    assert main(["magnesium", *args]) == 2
    captured = capsys.readouterr()
    assert needle in captured.err and captured.err.startswith("Error:") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err and captured.out == ""
