"""What a saved plan must record: a faster style than the one advised, and a clinician's agreement.

Safety rule (BRIEF): a faster route than the one advised needs an explicit, recorded choice. Pure:
the caller passes the time. The keys are the team's shared contract for `plan_revision.trigger`:
  trigger["against_advice"] = {"recommended_style", "chosen_style", "reason"}
  trigger["clinician_agreement"] = {"recorded_at", "by", "note"}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.messages import consent as msg

# How gentle each style is, for "faster than advised": gradual and hyperbolic both step weekly
# (CDC 2022 weeks-to-months; Horowitz 2019); custom steps can be anything, so count them as fastest.
PACE: dict[str, int] = {"short": 0, "custom": 0, "gradual": 1, "hyperbolic": 1, "slow": 2}
PERSON_SAYS = "person (says a clinician agreed)"


def is_faster(chosen: str, recommended: str) -> bool:
    return PACE.get(chosen, 0) < PACE.get(recommended, 0)


def advice_reason(assessment: Mapping[str, Any]) -> str:
    """The assessment's reasons for its suggested style, in its own words."""
    style = assessment.get("style")
    texts = [
        r["text"]
        for r in assessment.get("reasons") or ()
        if r.get("style") == style and r.get("code") != "style_chosen"
    ]
    return " ".join(texts) or msg.NO_REASON


def plan_trigger(
    assessment: Mapping[str, Any] | None,
    chosen_style: str,
    *,
    against_advice: bool,
    clinician_agreed: bool,
    now_iso: str,
    clinician_name: str = "",
    clinician_note: str = "",
    needs_agreement: bool = False,
) -> dict[str, Any]:
    """The trigger entries a new plan needs, or InvalidInput saying which confirmation is missing.

    `assessment` is Assessment.to_dict() (None: no intake, nothing advised). `needs_agreement` is
    set when the plan itself is outside its style's rules (the planner's clinician exceptions).
    """
    trigger: dict[str, Any] = {}
    route = list((assessment or {}).get("clinician_route") or ())
    if assessment is not None and against_advice:
        recommended = str(assessment.get("style") or "short")
        if is_faster(chosen_style, recommended):
            trigger["against_advice"] = {
                "recommended_style": recommended,
                "chosen_style": chosen_style,
                "reason": advice_reason(assessment),
            }
    if clinician_agreed:
        name = " ".join(clinician_name.split())[:100]
        note = " ".join(clinician_note.split())[:500]
        if not note:
            note = msg.AGREEMENT_NOTE_ROUTE if route else msg.AGREEMENT_NOTE
        trigger["clinician_agreement"] = {
            "recorded_at": now_iso,
            "by": f"clinician:{name}" if name else PERSON_SAYS,
            "note": note,
        }
    require_recorded(assessment, chosen_style, trigger, needs_agreement=needs_agreement)
    return trigger


def require_recorded(
    assessment: Mapping[str, Any] | None,
    chosen_style: str,
    trigger: Mapping[str, Any],
    *,
    needs_agreement: bool = False,
) -> None:
    """InvalidInput naming the confirmation a plan's `trigger` lacks: a clinician's agreement where the
    assessment sends the person to a clinician first or the plan is outside its style's rules, and
    the person's own choice where the style is faster than the one advised."""
    route = list((assessment or {}).get("clinician_route") or ())
    if (route or needs_agreement) and not trigger.get("clinician_agreement"):
        text = msg.NEEDS_AGREEMENT_ROUTE if route else msg.NEEDS_AGREEMENT_PLAN
        raise InvalidInput(text.format(route=(assessment or {}).get("route") or ""), field="clinician_agreed")
    if assessment is None:
        return
    recommended = str(assessment.get("style") or "short")
    if is_faster(chosen_style, recommended) and not trigger.get("against_advice"):
        raise InvalidInput(
            msg.NEEDS_CONFIRMATION.format(
                chosen=chosen_style, recommended=recommended, reason=advice_reason(assessment)
            ),
            field="against_advice",
        )
