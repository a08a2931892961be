"""Red-flag triage: safety questions asked in every check-in and the guidance they lead to.

Each red flag has a level. Sources (clinical-facts.md section 6):
- seizure -> 911: drugs.com, opioid withdrawal (ambulatory care).
- fainting -> 911: the app's urgent guidance (messages/safety.py) treats fainting like someone who
  cannot be woken; a generic emergency rule, not taken from a withdrawal source.
- chest pain -> 911: a generic emergency rule (UNVERIFIED for withdrawal; no withdrawal source).
- thoughts of harming self or others -> 988 now, 911 if about to act: commonspirit.org (opioid
  withdrawal) and HHS 2019 (rapid tapers linked to thoughts of suicide).
- cannot keep fluids down, signs of dehydration, vomiting that won't stop, fast heartbeat ->
  clinician today: drugs.com ("call your doctor"); dehydration is the main danger of withdrawal
  (healthline).
- use after a break / back to an older dose -> clinician today plus the overdose warning:
  tolerance falls fast (commonspirit.org; Maudsley detox cohort).
- pregnancy -> clinician soon: "access appropriate expertise if considering tapering" (CDC 2022).

Nothing here can be switched off: there is no setting or parameter that hides a red flag.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stepdown.domain.answers import yes_no
from stepdown.domain.errors import InvalidInput
from stepdown.messages import checkin as msg
from stepdown.messages import safety

# Most urgent first.
LEVELS: tuple[str, ...] = ("emergency", "crisis", "clinician_today", "clinician_soon")


@dataclass(frozen=True)
class RedFlag:
    id: str
    question: str
    level: str
    guidance: str
    source: str


def _flag(flag_id: str, level: str, source: str) -> RedFlag:
    question, guidance = msg.RED_FLAG_TEXT[flag_id]
    return RedFlag(flag_id, question, level, guidance, source)


RED_FLAGS: tuple[RedFlag, ...] = (
    _flag("seizure", "emergency", "drugs.com: opioid withdrawal, call 911 for a seizure"),
    _flag("fainting", "emergency", "generic emergency rule (fainting), as in the app's urgent guidance"),
    _flag("chest_pain", "emergency", "generic emergency rule for chest pain (no withdrawal source)"),
    _flag("self_harm", "crisis", "commonspirit.org: opioid withdrawal; HHS 2019 on tapering and suicide"),
    _flag("no_fluids", "clinician_today", "drugs.com; healthline: dehydration is the main danger"),
    _flag("dehydration", "clinician_today", "drugs.com: signs of dehydration, call your doctor"),
    _flag("vomiting", "clinician_today", "drugs.com: vomiting that will not stop, call your doctor"),
    _flag("fast_heartbeat", "clinician_today", "drugs.com: fast heartbeat, call your doctor"),
    _flag("use_after_break", "clinician_today", "commonspirit.org; Maudsley cohort: lost tolerance"),
    _flag("pregnancy", "clinician_soon", "CDC 2022 p.21: access appropriate expertise"),
)
RED_FLAG_IDS: tuple[str, ...] = tuple(f.id for f in RED_FLAGS)
_BY_ID = {f.id: f for f in RED_FLAGS}


@dataclass(frozen=True)
class Triage:
    urgent: bool
    level: str | None  # the most urgent level, None when no flag
    flags: tuple[RedFlag, ...]
    guidance: tuple[str, ...]  # lines to show, most urgent first, before anything else

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.flags)

    def to_dict(self) -> dict[str, Any]:
        return {
            "urgent": self.urgent,
            "level": self.level,
            "level_label": msg.LEVEL_LABELS.get(self.level, "") if self.level else "",
            "flags": [
                {"id": f.id, "question": f.question, "level": f.level, "guidance": f.guidance}
                for f in self.flags
            ],
            "guidance": list(self.guidance),
        }


def helpline_lines() -> tuple[str, ...]:
    return tuple(f"{name}: {number} ({note})" for name, number, note in safety.HELPLINES)


def triage(answers: Iterable[str] | dict[str, Any]) -> Triage:
    """Red-flag ids answered "yes" (or a mapping id -> answer) -> the guidance to show first.

    Any flag makes the result urgent: the guidance then holds the headline, each flag's own advice
    (most urgent first), every helpline (911, 988, SAMHSA, Poison Help) and the tolerance warning.
    """
    if isinstance(answers, dict):
        ids = [k for k, v in answers.items() if yes_no(v, f"red_flags.{k}")]
        named = list(answers)
    else:
        ids = named = [str(a) for a in answers]
    for flag_id in named:
        if flag_id not in _BY_ID:
            raise InvalidInput(
                f"Unknown safety question {flag_id!r}; accepted: {', '.join(RED_FLAG_IDS)}.",
                field="red_flags",
            )
    order = {f.id: (LEVELS.index(f.level), n) for n, f in enumerate(RED_FLAGS)}
    flags = tuple(_BY_ID[i] for i in sorted(set(ids), key=order.__getitem__))
    if not flags:
        return Triage(urgent=False, level=None, flags=(), guidance=())
    lines: list[str] = [safety.URGENT_HEADLINE]
    if any(f.id == "use_after_break" for f in flags):
        # Overdose risk is the first thing to say after going back to a higher amount.
        lines.append(safety.TOLERANCE_WARNING)
    lines.extend(f.guidance for f in flags)
    lines.append(safety.URGENT_BODY)
    lines.extend(helpline_lines())
    if safety.TOLERANCE_WARNING not in lines:
        # Severe withdrawal is when people go back to an old dose: always say why that is dangerous.
        lines.append(safety.TOLERANCE_WARNING)
    return Triage(urgent=True, level=flags[0].level, flags=flags, guidance=tuple(lines))
