"""Internal names in words: one mapping from the kinds stored in the database (revision kinds, step
kinds, scales, who accepted a change, what an audit entry records) to what a person reads. The web
pages, the CLI and the PDF all use these, so a kind never reaches a person as a code."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from stepdown.messages import N_

REVISION_KINDS = {
    "initial": N_("first plan"),
    "hold": N_("hold"),
    "slow": N_("slowed down"),
    "slowdown": N_("slowed down"),
    "resume": N_("resumed"),
    "return": N_("back to the previous step"),
    "replan": N_("a gentler plan after a lapse"),
    "pause": N_("a pause on request"),
    "agreement": N_("clinician's agreement"),
    "supply": N_("changed for the supply"),
}
STEP_KINDS = {
    "stabilise": N_("steady days before the first cut"),
    "taper": N_("tapering"),
    "hold": N_("a hold"),
    "final": N_("the last, smallest dose"),
}
# The check-in scales by the names the check-in page gives them.
SCALE_FORMS = {"sows16": N_("full form"), "sows10": N_("quick form")}
ROLES = {"person": N_("the person"), "clinician": N_("clinician"), "admin": N_("clinic administrator")}
PARAMETERS = {
    "style": N_("style"),
    "cut_percent": N_("cut (% of the dose)"),
    "cut_basis": N_("each cut is a share of"),
    "every_days": N_("a cut every (days)"),
    "switch_at_percent": N_("smaller cuts from (% of the start)"),
    "later_cut_percent": N_("later cut (%)"),
    "stop_percent": N_("stop from (% of the start)"),
    "step_limit_percent": N_("largest cut in one step (%)"),
    "final_dose_percent": N_("last dose (% of the start)"),
    "times_per_day": N_("doses a day"),
    "portion_order": N_("order of the day's doses"),
    "rounding": N_("rounding"),
    "stabilise_days": N_("steady days before the first cut"),
    "final_hold_days": N_("days on the last dose"),
}
PARAMETER_VALUES = {"original": N_("the starting dose"), "current": N_("the dose before")}
# What an audit entry records (method and path, as stored) in words, most specific first.
AUDIT_WHAT = (
    ("GET", r"/report\.pdf$", N_("downloaded your clinician report")),
    ("GET", r"^/clinic/people/\d+$", N_("viewed your page")),
    ("POST", r"/propose$", N_("proposed a change to your plan")),
    ("POST", r"/agree$", N_("agreed to your plan")),
    ("POST", r"/thresholds$", N_("changed your check-in thresholds")),
    ("POST", r"/note$", N_("left you a note")),
)


def revision_kind(kind: str) -> str:
    return REVISION_KINDS.get(kind, kind.replace("_", " "))


def step_kind(kind: str) -> str:
    return STEP_KINDS.get(kind, kind.replace("_", " "))


def scale_form(scale: str) -> str:
    return SCALE_FORMS.get(scale, scale)


def parameter(name: str) -> str:
    return PARAMETERS.get(name, name.replace("_", " "))


def parameter_value(value: Any) -> Any:
    return PARAMETER_VALUES.get(value, value) if isinstance(value, str) else value


def who(label: str | None, names: Mapping[str, str] | None = None, *, person: str = "the person") -> str:
    """Who accepted or did something: "person" -> `person`; "clinician:lee" -> "Dr Lee (clinician)"
    with the display name from `names` (by user name); other labels (such as "stepdown (...)") as
    they are."""
    if not label or label == "person":
        return person
    role, sep, username = label.partition(":")
    if not sep or role not in ROLES:
        return label
    if role == "person":
        return person
    return f"{(names or {}).get(username) or username} ({ROLES[role]})"


def audit_what(action: str, what: str) -> str:
    """An audit entry's "GET /clinic/people/1" in words."""
    method, _, path = what.partition(" ")
    for wanted, pattern, words in AUDIT_WHAT:
        if method == wanted and re.search(pattern, path):
            return words
    return N_("viewed your data") if action == "view" else N_("changed your data")


def source_title(source: str) -> str:
    """A source's title, short enough for a bracket: "Online article '7-OH Withdrawal: ...'
    (not peer-reviewed)" stays whole (its title has a colon); otherwise the text before a colon."""
    quoted = re.match(r"[^':]*'[^']*'(?: \([^)]*\))?", source)
    if quoted:
        return quoted.group(0)
    return source.split(":")[0]


def yes_no(value: Any) -> str:
    if value is True:
        return N_("yes")
    if value is False:
        return N_("no")
    return str(value).replace("_", " ")


def trigger_value(value: Any) -> Any:
    """A value of a revision's trigger as the Plan page shows it: a nested record (such as a
    clinician's agreement) as "by: Dr Lee (clinician); note: ..." rather than a code-like dict."""
    if not isinstance(value, dict):
        return value
    parts = [
        f"{str(k).replace('_', ' ')}: {who(v) if k == 'by' else v}"
        for k, v in value.items()
        if v not in (None, "", [], {}) and k != "recorded_at"
    ]
    return "; ".join(parts)
