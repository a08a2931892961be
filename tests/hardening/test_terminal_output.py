"""Stored text reaches the terminal without control characters (issue 10, item 10)."""

from __future__ import annotations

import re

INIT = ("init", "--amount", "40", "--strength", "5", "--split", "4", "--times", "2",
        "--duration-days", "200", "--yes")  # fmt: skip
EVIL = "x\033]0;PWNED\007\033[8m\x9b2J\u202e\x7fy"
# what stepdown itself prints: only its own SGR styles (bold/colour), never anything else
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OWN_STYLE = re.compile("\x1b\\[[0-9;]*m")

LISTINGS = [("note",), ("craving", "list"), ("lapse", "list"), ("support",), ("craving", "patterns"),
            ("today",), ("status",), ("proposals",), ("milestones",), ("support", "card"),
            ("selfcare",)]  # fmt: skip


def test_listings_print_no_control_characters(run, home) -> None:
    assert run(*INIT)[0] == 0
    stored = [
        ("note", EVIL),
        ("craving", "log", "--intensity", "5", "--trigger", "boredom", "--outcome", "used",
         "--helped", EVIL, "--note", EVIL),
        ("lapse", "log", "--amount", "5", "--led-to", EVIL, "--note", EVIL),
        ("support", "add", "--name", EVIL, "--phone", "555 0100", "--relation", EVIL),
        ("support", "add-group", "--name", EVIL, "--kind", EVIL, "--details", EVIL),
        ("support", "distraction", EVIL),
        ("checkin", "--quick", "--answers", "1,1,1,0,1,1,0,1,2,1", "--no-red-flags", "--note", EVIL),
    ]  # fmt: skip
    for args in stored:
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert not CONTROL.search(OWN_STYLE.sub("", out + err)), args
    for args in LISTINGS:
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert not CONTROL.search(OWN_STYLE.sub("", out + err)), (args, out)
        assert "\033[8m" not in out
    code, out, err = run("note")
    assert "x]0;PWNED[8m2Jy" in out  # the readable text is kept, only the controls go


def test_json_output_escapes_what_a_terminal_would_act_on(run, home) -> None:
    assert run(*INIT)[0] == 0
    assert run("support", "distraction", EVIL)[0] == 0
    code, out, err = run("craving", "list", "--json")
    assert code == 0
    assert not CONTROL.search(out)
