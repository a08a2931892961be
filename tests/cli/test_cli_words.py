"""The CLI says internal names in words (messages/words.py): plan parameters and their sources, and
no message cites "the seed" (a file of this repository) instead of a public source."""

from __future__ import annotations

import importlib
import pkgutil

from stepdown.messages import words


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def test_plan_parameters_and_their_sources_are_words(capsys) -> None:
    from stepdown.cli.main import main

    assert main(["plan", "--amount", "60", "--strength", "15", "--split", "4"]) == 0
    out = capsys.readouterr().out
    params = out.split("Parameters (and where each comes from):")[1].split("Sources:")[0]
    assert "cut_basis" not in params and "_" not in params.replace("7-OH", "")
    assert "each cut is a share of: the starting dose" in params
    # the source's title is whole, not cut at the colon inside it
    assert "[Online article '7-OH Withdrawal]" not in params
    title = "Online article '7-OH Withdrawal: Can A Short Taper With Magnesium Help?' (not peer-reviewed)"
    assert f"[{title}]" in params


def test_no_message_cites_the_seed_or_a_file_of_this_repository() -> None:
    import stepdown.messages as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"stepdown.messages.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("_"):
                continue
            for text in _strings(value):
                if "the seed" in text.lower() or "clinical-facts" in text:
                    found.append(f"{info.name}.{name}: {text[:80]}")
    assert not found


def test_who_names_a_clinician_by_name_and_role() -> None:
    assert words.who("clinician:drone", {"drone": "Dr Drone"}) == "Dr Drone (clinician)"
    assert words.who("admin:root", {}) == "root (clinic administrator)"
    assert words.who("person", person="you") == "you"
    assert words.audit_what("view", "GET /clinic/people/1") == "viewed your page"
    assert words.audit_what("change", "POST /clinic/people/1/propose") == "proposed a change to your plan"
    assert words.scale_form("sows16") == "full form"
