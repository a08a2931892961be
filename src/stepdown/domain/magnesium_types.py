"""The magnesium request and plan as data, to and from JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.magnesium_input import _amount_or_none, _meals, parse_yes_no


@dataclass(frozen=True)
class MagnesiumRequest:
    """`elemental_mg` (from the label) or `compound_mg` (of `form`) is the wanted daily amount;
    with neither the plan starts at the seed's low end. `capsule_mg` is one capsule or tablet, in
    the same terms as the amount (elemental, or compound when `compound_mg` is given)."""

    form: str
    elemental_mg: Decimal | None = None
    compound_mg: Decimal | None = None
    kidney_disease: bool = False
    medicines: tuple[str, ...] = ()
    meals: int = 3
    diarrhoea: bool = False
    clinician_agreed: bool = False  # a clinician agreed to more than the 350 mg upper limit
    capsule_mg: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "elemental_mg": None if self.elemental_mg is None else str(self.elemental_mg),
            "compound_mg": None if self.compound_mg is None else str(self.compound_mg),
            "kidney_disease": self.kidney_disease,
            "medicines": list(self.medicines),
            "meals": self.meals,
            "diarrhoea": self.diarrhoea,
            "clinician_agreed": self.clinician_agreed,
            "capsule_mg": None if self.capsule_mg is None else str(self.capsule_mg),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MagnesiumRequest:
        """Read raw input (a web form, stored JSON); amounts are validated by `plan_magnesium`."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(
                f"Unknown magnesium field {unknown[0]!r}; accepted: {', '.join(sorted(known))}.",
                field=unknown[0],
            )
        meds = data.get("medicines") or ()
        return cls(
            form=str(data.get("form", "")),
            elemental_mg=_amount_or_none(data.get("elemental_mg"), "elemental_mg"),
            compound_mg=_amount_or_none(data.get("compound_mg"), "compound_mg"),
            kidney_disease=parse_yes_no(data.get("kidney_disease", False), "kidney_disease"),
            medicines=(meds,) if isinstance(meds, str) else tuple(str(m) for m in meds),
            meals=_meals(data.get("meals", 3)),
            diarrhoea=parse_yes_no(data.get("diarrhoea", False), "diarrhoea"),
            clinician_agreed=parse_yes_no(data.get("clinician_agreed", False), "clinician_agreed"),
            capsule_mg=_amount_or_none(data.get("capsule_mg"), "capsule_mg"),
        )


@dataclass(frozen=True)
class Serving:
    meal: str
    elemental_mg: int
    compound_mg: int | None = None  # only when the person measures the compound
    capsules: int | None = None  # only when the person gave a capsule size

    def to_dict(self) -> dict[str, Any]:
        return {
            "meal": self.meal,
            "elemental_mg": self.elemental_mg,
            "compound_mg": self.compound_mg,
            "capsules": self.capsules,
        }


@dataclass(frozen=True)
class MagnesiumWarning:
    """`level`: "block" (do not take), "clinician" (needs a clinician), "caution" or "info"."""

    code: str
    level: str
    text: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "level": self.level, "text": self.text, "source": self.source}


@dataclass(frozen=True)
class MagnesiumPlan:
    form: str
    form_label: str
    fraction: Decimal | None
    requested_elemental_mg: int
    daily_elemental_mg: int
    servings: tuple[Serving, ...]
    warnings: tuple[MagnesiumWarning, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    request: MagnesiumRequest = field(default_factory=lambda: MagnesiumRequest(form="other"))

    @property
    def blocked(self) -> bool:
        return any(w.level == "block" for w in self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "form_label": self.form_label,
            "percent_elemental": None if self.fraction is None else float(self.fraction * 100),
            "requested_elemental_mg": self.requested_elemental_mg,
            "daily_elemental_mg": self.daily_elemental_mg,
            "blocked": self.blocked,
            "servings": [s.to_dict() for s in self.servings],
            "warnings": [w.to_dict() for w in self.warnings],
            "notes": list(self.notes),
            "sources": list(self.sources),
            "request": self.request.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MagnesiumPlan:
        pct = data.get("percent_elemental")
        return cls(
            form=data["form"],
            form_label=data.get("form_label", data["form"]),
            fraction=None if pct is None else (Decimal(str(pct)) / 100).normalize(),
            requested_elemental_mg=int(data.get("requested_elemental_mg", data["daily_elemental_mg"])),
            daily_elemental_mg=int(data["daily_elemental_mg"]),
            servings=tuple(
                Serving(s["meal"], int(s["elemental_mg"]), s.get("compound_mg"), s.get("capsules"))
                for s in data["servings"]
            ),
            warnings=tuple(
                MagnesiumWarning(w["code"], w["level"], w["text"], w["source"]) for w in data["warnings"]
            ),
            notes=tuple(data.get("notes", ())),
            sources=tuple(data.get("sources", ())),
            request=MagnesiumRequest.from_dict(data["request"])
            if data.get("request")
            else MagnesiumRequest(form=data["form"]),
        )
