"""The clinician report as a PDF (fpdf2), readable in a minute.

Order: who and when, the disclaimer, an "at a glance" table, the intake and style choice, red-flag
answers and seek-care notices, doses far above the plan or corrected (reports/pdf_first_page.py),
and the person's notes first (what a clinician must not miss), then the charts (`stepdown.charts`,
shared with the web app, each with its one-sentence summary as a caption), adherence, lapses, the
plan, every revision with its reason, the magnesium plan, and the safety wording. Pseudonymous
unless the person adds a name.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import Any

from stepdown import formatting
from stepdown.messages import reports as msg
from stepdown.messages import safety, words
from stepdown.reports import pdf_first_page as first_page
from stepdown.reports.data import ReportData, magnesium_compound, magnesium_servings
from stepdown.reports.pdf_first_page import as_utc as _utc
from stepdown.reports.pdf_first_page import date_text
from stepdown.reports.pdf_first_page import day_text as _day
from stepdown.reports.pdf_first_page import num_text as _n
from stepdown.reports.pdf_first_page import scale_max as _scale_max
from stepdown.reports.pdf_first_page import scale_name as _scale_name

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
INK = (27, 31, 36)
MUTED = (74, 85, 96)
ACCENT = (11, 83, 148)
ALERT = (158, 28, 28)
SHADE = (230, 236, 242)
WEEKLY_AFTER_DAYS = 182  # longer check-in histories are charted as weekly averages
ZEBRA = (246, 248, 250)
CHART_SHARE = 0.62  # of the text width: three charts fit on one page
PAGE_W = 210  # A4, mm
MARGIN = 15


def build_pdf(data: ReportData) -> bytes:
    """The report as PDF bytes."""
    from fpdf import FPDF

    font = _find_font()

    class Report(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(family, "", 7.5)
            self.set_text_color(*MUTED)
            who = data.name or data.pseudonym
            self.cell(
                0,
                5,
                f"stepdown report for {who} | page {self.page_no()} of {{nb}} | not medical advice",
                align="C",
            )

    pdf = Report(format="A4", unit="mm")
    pdf.set_title(f"stepdown taper report ({data.name or data.pseudonym})")
    pdf.set_author("stepdown")
    pdf.set_creator("stepdown")
    pdf.set_lang("en")  # screen readers pick the right voice
    pdf.set_creation_date(
        data.generated_at if data.generated_at.tzinfo else data.generated_at.replace(tzinfo=UTC)
    )
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    if font is not None:
        pdf.add_font("DejaVu", "", str(font))
        bold = font.with_name("DejaVuSans-Bold.ttf")
        pdf.add_font("DejaVu", "B", str(bold if bold.exists() else font))
        family = "DejaVu"
    else:  # core font: Latin-1 only, so text is made safe for it
        family = "Helvetica"
    writer = _Writer(pdf, family, unicode=font is not None)
    pdf.add_page()
    writer.header(data)
    first_page.glance(writer, data)
    first_page.intake(writer, data)
    first_page.red_flags(writer, data)
    first_page.doses(writer, data)
    writer.notes(data)
    writer.charts(data)
    writer.adherence(data)
    writer.lapses(data)
    writer.plan(data)
    writer.revisions(data)
    writer.magnesium(data)
    writer.safety()
    return bytes(pdf.output())


def _find_font() -> Path | None:
    for folder in FONT_DIRS:
        candidate = folder / "DejaVuSans.ttf"
        if candidate.exists():
            return candidate
    return None


class _Writer:
    def __init__(self, pdf: Any, family: str, *, unicode: bool) -> None:
        self.pdf = pdf
        self.family = family
        self.unicode = unicode

    # --- small building blocks ------------------------------------------------------------
    def t(self, text: str) -> str:
        if self.unicode:
            return text
        swaps = {"–": "-", "—": "-", "’": "'", "“": '"', "”": '"', "→": "->", "≥": ">=", "≤": "<=", "•": "-"}
        for a, b in swaps.items():
            text = text.replace(a, b)
        return text.encode("latin-1", "replace").decode("latin-1")

    def width(self) -> float:
        return PAGE_W - 2 * MARGIN

    def heading(self, text: str, *, color: tuple[int, int, int] = ACCENT, space_needed: float = 30) -> None:
        pdf = self.pdf
        if pdf.get_y() + space_needed > pdf.h - 20:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(self.family, "B", 12)
        pdf.set_text_color(*color)
        pdf.cell(0, 7, self.t(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*color)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN, pdf.get_y(), PAGE_W - MARGIN, pdf.get_y())
        pdf.ln(1.5)
        pdf.set_text_color(*INK)

    def para(
        self, text: str, *, size: float = 9.5, color: tuple[int, int, int] = INK, style: str = ""
    ) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(0, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(*INK)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        size: float = 8.5,
        heading_row: bool = True,
    ) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, "", size)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_draw_color(200, 206, 212)
        pdf.set_line_width(0.2)
        from fpdf.fonts import FontFace

        head = FontFace(emphasis="BOLD", fill_color=SHADE, color=INK)
        with pdf.table(
            col_widths=tuple(widths),
            width=self.width(),
            text_align="LEFT",
            line_height=size * 0.48,
            first_row_as_headings=heading_row,
            headings_style=head,
            padding=1.2,
            borders_layout="HORIZONTAL_LINES",
            cell_fill_color=ZEBRA,
            cell_fill_mode="ROWS",
        ) as table:
            if heading_row:
                r = table.row()
                for h in headers:
                    r.cell(self.t(h))
            for row in rows:
                r = table.row()
                for cell in row:
                    r.cell(self.t(str(cell)))
        pdf.ln(1.5)

    def svg(self, svg: str, caption: str) -> None:
        from fpdf.svg import SVGObject

        # fpdf2 does not use <title>/<desc> (the caption carries the text alternative instead)
        cleaned = re.sub(r"<(title|desc)\b[^>]*>.*?</\1>", "", svg, flags=re.S)
        obj = SVGObject(cleaned.encode("utf-8"))
        ratio = float(obj.height) / float(obj.width) if obj.width and obj.height else 0.6
        w = self.width() * CHART_SHARE
        h = w * ratio
        pdf = self.pdf
        if pdf.get_y() + h + 12 > pdf.h - 18:
            pdf.add_page()
        x = MARGIN + (self.width() - w) / 2
        pdf.image(io.BytesIO(cleaned.encode("utf-8")), x=x, y=pdf.get_y(), w=w)
        pdf.set_y(pdf.get_y() + h + 1)
        self.para(caption, size=8, color=MUTED)
        pdf.ln(1)

    # --- sections ----------------------------------------------------------------------------
    def header(self, d: ReportData) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, "B", 17)
        pdf.set_text_color(*INK)
        pdf.cell(0, 9, self.t(msg.REPORT_TITLE), new_x="LMARGIN", new_y="NEXT")
        made = _utc(d.generated_at)
        who = f"{d.name} (pseudonym {d.pseudonym})" if d.name else f"{d.pseudonym} ({msg.PSEUDONYMOUS})"
        plan = d.plan
        period = (
            f"{date_text(plan.start)} to {date_text(d.today)}" if plan else f"up to {date_text(d.today)}"
        )
        rows = [
            ("Person", who),
            ("Report made", f"{made:%Y-%m-%d %H:%M} UTC (person's day: {date_text(d.today)}, {d.timezone})"),
            ("Period", period),
        ]
        self.table(("", ""), rows, (28, 152), size=9.5, heading_row=False)
        self.para(msg.REPORT_INTRO, size=8.5, color=MUTED)
        pdf.ln(1)
        pdf.set_fill_color(255, 244, 229)
        pdf.set_font(self.family, "B", 9)
        pdf.multi_cell(
            0, 5, self.t(safety.DISCLAIMER), fill=True, new_x="LMARGIN", new_y="NEXT", padding=2, align="L"
        )

    def notes(self, d: ReportData) -> None:
        self.heading(msg.SECTIONS["notes"])
        if not d.notes:
            self.para(msg.NO_NOTES)
            return
        rows = [(date_text(n.day or n.created_at.date()), n.text) for n in d.notes]
        self.table(("Day", "Note"), rows, (30, 150), size=9.5)

    def charts(self, d: ReportData) -> None:
        from stepdown import charts

        plan = d.plan
        if plan is not None:
            self.heading(msg.SECTIONS["dose"], space_needed=110)
            taken = {r.day: r.taken for r in d.daily_doses() if r.logged}
            first = d.revisions[0].plan
            original = first if first.to_dict() != plan.to_dict() else None
            last = chart_end(plan, d.today)
            caption = ""
            shown = plan
            if last < plan.end:
                shown, original = clip_plan(plan, last), clip_plan(original, last) if original else None
                caption = msg.CHART_CLIPPED.format(last=date_text(last), end=date_text(plan.end))
            from stepdown.services.views import detail_start
            from stepdown.taken import taken_by_day

            # As on the Plan page: recent weeks day by day, older weeks as weekly averages.
            drawn = taken_by_day(shown, taken, detail_from=detail_start(d.today))
            chart = charts.dose_chart(shown, drawn, today=d.today, original=original)
            self.svg(chart.svg, chart.summary + caption)
        if d.checkins:
            from stepdown.taken import weekly_means

            self.heading(msg.SECTIONS["symptoms"], space_needed=100)
            marks = charts.step_marks(plan) if plan is not None else ()
            # Over half a year, one point a day is thousands of marks: weekly averages read better.
            weekly = (d.today - d.checkins[0].day).days > WEEKLY_AFTER_DAYS

            def points(values: Any) -> tuple[tuple[Any, float], ...]:
                return weekly_means(values) if weekly else tuple(values)

            shape = {"marks": () if weekly else marks, "today": d.today, "gap_days": 7 if weekly else 1,
                     "markers": not weekly, "row_label": "Week of" if weekly else "Day"}  # fmt: skip
            suffix = ", weekly averages" if weekly else ""
            scales = sorted({c.scale for c in d.checkins})
            series = [
                charts.Series(
                    f"{_scale_name(s)} score",
                    points((c.day, float(c.total)) for c in d.checkins if c.scale == s),
                )
                for s in scales
            ]
            top = max(_scale_max(s) for s in scales)
            chart = charts.trend_chart(
                "Withdrawal score" + suffix, series, y_max=top, y_label="score", **shape
            )
            self.svg(chart.svg, chart.summary)
            mood = [
                charts.Series(
                    "Craving (0-10)",
                    points((c.day, float(c.craving)) for c in d.checkins if c.craving is not None),
                ),
                charts.Series(
                    "Sleep hours",
                    points((c.day, float(c.sleep_hours)) for c in d.checkins if c.sleep_hours is not None),
                ),
            ]
            title = "Craving and sleep" + suffix
            chart = charts.trend_chart(title, mood, y_max=10, y_label="0-10 / h", **shape)
            self.svg(chart.svg, chart.summary)
            self.para(msg.SCALES_EXPLAINED, size=8, color=MUTED)

    def adherence(self, d: ReportData) -> None:
        self.heading(msg.SECTIONS["adherence"])
        a = d.adherence()
        if not a.days:
            self.para("No plan days have passed yet.")
            return
        rows = [
            ("Plan days counted", str(a.days)),
            ("Doses logged / planned", f"{a.doses_logged} / {a.doses_planned} ({a.dose_percent}%)"),
            ("Days within the planned amount", str(a.days_on_plan)),
            ("Days above the planned amount", str(a.days_above_plan)),
        ]
        if a.mg_servings_planned:
            rows.append(
                (
                    "Magnesium servings logged / planned",
                    f"{a.mg_servings_logged} / {a.mg_servings_planned} ({a.mg_percent}%)",
                )
            )
        self.table(("", ""), rows, (70, 110), size=9, heading_row=False)
        # The same days the counts above are made of (before the report day); today, if it is above
        # plan already, on its own row, so the table and the counts never disagree.
        above = [r for r in d.daily_doses() if r.planned is not None and r.taken > r.planned]
        shown, left = first_page.most_recent([r for r in above if r.day < d.today])
        rows = [(date_text(r.day), f"{_n(r.planned)}", f"{_n(r.taken)}") for r in shown]
        rows += [(f"{date_text(r.day)} (today so far)", f"{_n(r.planned)}", f"{_n(r.taken)}")
                 for r in above if r.day == d.today]  # fmt: skip
        if rows:
            unit = d.plan.unit if d.plan else ""
            self.table(("Day above plan", f"Planned ({unit})", f"Taken ({unit})"), rows, (52, 64, 64))
        first_page.rows_left(self, left, "day above plan", "days above plan")
        self.para(msg.ADHERENCE_EXPLAINED, size=8, color=MUTED)

    def lapses(self, d: ReportData) -> None:
        self.heading(msg.SECTIONS["lapses"])
        lapses = d.all_lapses()
        if not lapses:
            self.para(msg.NO_LAPSES)
            return
        rows = [(date_text(lp.day), lp.amount, lp.note) for lp in lapses]
        self.table(("Day", "Amount", "What the person noted"), rows, (30, 35, 115))

    def plan(self, d: ReportData) -> None:
        self.heading(msg.SECTIONS["plan"], space_needed=40)
        plan = d.plan
        if plan is None:
            self.para(msg.NO_PLAN)
            return
        rows = []
        for number, s in enumerate(plan.steps, start=1):
            rows.append(
                (
                    str(number),
                    formatting.period(s.start, s.end),
                    str(s.days),
                    f"{_n(s.daily_amount)} {s.unit}",
                    "-"
                    if s.cut_percent is None
                    else f"{_n(Decimal(str(s.cut_percent)).quantize(Decimal('0.1')))}%",
                    words.step_kind(s.kind),
                    "; ".join(p.label for p in s.portions),
                )
            )
        widths = (8, 58, 10, 20, 14, 22, 48)  # a period across a new year names both years
        self.table(("#", "Days", "n", "Daily", "Cut", "Kind", "Each dose"), rows, widths)
        for warning in plan.warnings:
            self.para(f"Planner warning: {warning}", size=8.5, color=ALERT)

    def revisions(self, d: ReportData) -> None:
        self.heading(msg.SECTIONS["revisions"], space_needed=40)
        if not d.revisions:
            self.para(msg.NO_PLAN)
            return
        rows = []
        for r in d.revisions:
            p = r.plan
            # from the amount in force when it was made: a re-plan keeps the past steps before it
            first = p.step_on(r.created_at.date()) or p.steps[0]
            amounts = f"{_n(first.daily_amount)} to {_n(p.steps[-1].daily_amount)} {p.unit}"
            shape = f"{amounts}, ends {date_text(p.end)}"
            kind = words.revision_kind(r.kind)
            rows.append((str(r.number), _day(r.created_at), kind, r.reason, words.who(r.accepted_by), shape))
        self.table(
            ("#", "Made", "Kind", "Reason", "Accepted by", "Plan after"), rows, (8, 26, 22, 62, 28, 34)
        )

    def magnesium(self, d: ReportData) -> None:
        self.heading(msg.SECTIONS["magnesium"], space_needed=30)
        mg = d.magnesium or {}
        servings = magnesium_servings(mg)
        if mg.get("blocked"):
            self.para(msg.MAGNESIUM_BLOCKED, color=ALERT)
        elif not servings:
            self.para(msg.NO_MAGNESIUM)
        compound = magnesium_compound(mg)
        rows = [
            (
                str(s.get("meal", "")),
                f"{_n(s['elemental_mg'])} mg",
                (compound if s.get("compound_mg") is None else f"{_n(s['compound_mg'])} mg {compound}")
                + (", " + formatting.count(s["capsules"], "capsule", "capsules") if s.get("capsules") else "")
            )
            for s in servings
        ]
        if rows:
            self.table(("With", "Elemental Mg", "Product"), rows, (40, 50, 90))
        for warning in mg.get("warnings") or []:
            text = warning.get("text", "") if isinstance(warning, dict) else str(warning)
            self.para(f"Magnesium warning: {text}", size=8.5, color=ALERT)

    def safety(self) -> None:
        # The whole section (about 80 mm) stays on one page: helplines split from their heading were
        # easy to miss on a last page of their own.
        self.heading(msg.SECTIONS["safety"], space_needed=90)
        self.para(safety.DISCLAIMER, style="B")
        self.para(safety.TOLERANCE_WARNING)
        self.para(safety.MGM_IS_NOT_MAGNESIUM, size=8.5, color=MUTED)
        whole = self.whole_numbers
        rows = [(name, whole(number), whole(when)) for name, number, when in safety.HELPLINES]
        self.table(("Help", "Number", "When"), rows, (55, 35, 90), size=8.5)

    def whole_numbers(self, text: str) -> str:
        """Phone numbers never wrap mid-number ("1-800-222-" / "1222"): non-breaking hyphens."""
        return re.sub(r"(?<=\d)-(?=\d)", "\u2011", text) if self.unicode else text


LONG_PLAN_DAYS = 56  # longer plans are charted up to two weeks past today, so logged days stay readable


def chart_end(plan: Any, today: Any) -> Any:
    """Last day the dose chart shows: the plan's end, or for a long plan two weeks past today."""
    from datetime import timedelta

    if (plan.end - plan.start).days < LONG_PLAN_DAYS:
        return plan.end
    return min(plan.end, max(today, plan.start) + timedelta(days=14))


def clip_plan(plan: Any, last: Any) -> Any:
    """The plan's steps up to `last` (the step on `last` shortened to end there), for drawing only."""
    from dataclasses import replace

    steps = []
    for step in plan.steps:
        if step.start > last:
            break
        steps.append(replace(step, days=min(step.days, (last - step.start).days + 1)))
    return replace(plan, steps=tuple(steps))


