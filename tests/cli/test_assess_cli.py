"""`stepdown assess` through the real entry point: exit codes, JSON keys, every flag."""

from __future__ import annotations

import json

import pytest

from stepdown.cli.main import main

BASE = ["assess", "--substance", "7-oh", "--amount", "60", "--unit", "mg", "--duration-days", "400"]


def run_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    assert main([*BASE, *extra, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def flag_codes(data: dict) -> set[str]:
    return {f["code"] for f in data["clinician_flags"]}


def test_json_has_style_reasons_and_flags(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys)
    assert data["style"] == "slow"
    assert all(r["text"] and r["source"] for r in data["reasons"])
    assert all(f["code"] and f["reason"] and f["source"] for f in data["clinician_flags"])
    assert {"high_dose", "long_use", "mp_in_products"} <= flag_codes(data)
    assert "not medical advice" in data["disclaimer"]
    assert any("tolerance" in n for n in data["safety_notes"])


def test_short_use_low_dose_is_short(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "assess",
        "--substance",
        "kratom",
        "--amount",
        "4",
        "--unit",
        "g",
        "--times",
        "2",
        "--duration-days",
        "20",
        "--json",
    ]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["style"] == "short"


@pytest.mark.parametrize(
    ("option", "code"),
    [
        ("--pregnant", "pregnancy"),
        ("--kidney-disease", "kidney_disease"),
        ("--heart-problems", "heart_problems"),
        ("--seizures", "seizures"),
        ("--liver-disease", "liver_disease"),
        ("--mental-health", "mental_health"),
        ("--self-harm-thoughts", "self_harm"),
        ("--severe-withdrawal", "severe_withdrawal_before"),
    ],
)
def test_each_health_flag_reaches_the_assessment(
    capsys: pytest.CaptureFixture[str], option: str, code: str
) -> None:
    assert code not in flag_codes(run_json(capsys))
    assert code in flag_codes(run_json(capsys, option))


@pytest.mark.parametrize(
    ("use", "code"),
    [
        ("alcohol", "alcohol"),
        ("benzodiazepines", "benzodiazepines"),
        ("opioids", "other_opioids"),
        ("stimulants", "stimulants"),
    ],
)
def test_uses_option(capsys: pytest.CaptureFixture[str], use: str, code: str) -> None:
    assert code in flag_codes(run_json(capsys, "--uses", use))


def test_medicines_attempts_and_times(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys, "--medicine", "Xanax", "--medicine", "levothyroxine", "--attempts", "3", "--times", "4"
    )
    assert {"benzodiazepines", "magnesium_medicines", "earlier_attempts"} <= flag_codes(data)
    assert data["intake"]["times_per_day"] == 4
    assert data["intake"]["medicines"] == ["Xanax", "levothyroxine"]


def test_mgm_products_are_flagged_as_opioids(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "assess",
        "--substance",
        "MGM-16",
        "--amount",
        "5",
        "--unit",
        "mg",
        "--duration-days",
        "10",
        "--json",
    ]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["style"] == "slow"
    assert "potent_opioid" in flag_codes(data)


def test_text_output_is_readable_and_has_the_disclaimer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BASE, "--self-harm-thoughts"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Please act now:")  # urgent help comes before anything else
    assert "988" in out
    assert "Suggested taper style: slow" in out
    assert "Talk to a clinician before you start:" in out
    assert "not medical advice" in out
    assert "naloxone" in out  # the tolerance warning reaches everyone
    assert "stepdown plan --style slow" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--amount", "0"], "above 0"),
        (["--amount", "-3"], "above 0"),
        (["--amount", "lots"], "above 0"),
        (["--amount", "100001"], "more than stepdown accepts"),
        (["--unit", "kg"], "Unknown unit"),
        (["--substance", "tea"], "Unknown substance"),
        (["--substance", "mgm"], "not magnesium"),
        (["--duration-days", "0"], "1 to"),
        (["--duration-days", "soon"], "not a whole number"),
        (["--times", "0"], "Times a day"),
        (["--attempts", "-2"], "Earlier attempts"),
        (["--uses", "coffee"], "Unknown other substance"),
    ],
)
def test_bad_input_exits_2_with_one_sentence(
    capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    args = list(BASE)
    for i in range(0, len(argv), 2):
        if argv[i] in args:
            args[args.index(argv[i]) + 1] = argv[i + 1]
        else:
            args += argv[i : i + 2]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert needle in captured.err
    assert captured.err.startswith("Error:") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err and captured.out == ""


def test_missing_required_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--substance", "7-oh"]) == 2
    assert "Missing option" in capsys.readouterr().err
