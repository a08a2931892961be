"""Medicines that interact with magnesium: recognising them and the warning each group needs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from stepdown.domain.magnesium_types import MagnesiumWarning
from stepdown.messages import magnesium as msg

# Medicines that interact with magnesium: generic and common brand names (US and UK).
# Sources: EMC SmPC 2678 and 4841; quinolone timing (medpill.info); clinical-facts.md section 5.
MEDICINE_GROUPS: dict[str, tuple[str, ...]] = {
    "tetracyclines": (
        "doxycycline",
        "vibramycin",
        "doryx",
        "acticlate",
        "minocycline",
        "minocin",
        "solodyn",
        "tetracycline",
        "oxytetracycline",
        "lymecycline",
        "tetralysal",
        "demeclocycline",
        "sarecycline",
    ),
    "quinolones": (
        "ciprofloxacin",
        "cipro",
        "ciproxin",
        "levofloxacin",
        "levaquin",
        "tavanic",
        "moxifloxacin",
        "avelox",
        "ofloxacin",
        "norfloxacin",
        "delafloxacin",
    ),
    "bisphosphonates": (
        "alendronate",
        "alendronic acid",
        "fosamax",
        "binosto",
        "risedronate",
        "actonel",
        "atelvia",
        "ibandronate",
        "ibandronic acid",
        "boniva",
        "bonviva",
        "etidronate",
    ),
    "levothyroxine": (
        "levothyroxine",
        "synthroid",
        "levoxyl",
        "unithroid",
        "euthyrox",
        "tirosint",
        "eltroxin",
    ),
    "gabapentin": ("gabapentin", "neurontin", "gralise", "horizant"),
    "depleting": (
        # proton pump inhibitors
        "omeprazole",
        "prilosec",
        "losec",
        "esomeprazole",
        "nexium",
        "lansoprazole",
        "prevacid",
        "zoton",
        "pantoprazole",
        "protonix",
        "rabeprazole",
        "aciphex",
        "pariet",
        "dexlansoprazole",
        "dexilant",
        # loop and thiazide diuretics
        "furosemide",
        "frusemide",
        "lasix",
        "bumetanide",
        "bumex",
        "torsemide",
        "torasemide",
        "hydrochlorothiazide",
        "hctz",
        "microzide",
        "chlorthalidone",
        "chlortalidone",
        "indapamide",
        "bendroflumethiazide",
        "metolazone",
        # aminoglycosides
        "gentamicin",
        "tobramycin",
        "amikacin",
    ),
    "digoxin": ("digoxin", "lanoxin"),
}
MORNING_GROUPS = frozenset({"levothyroxine", "bisphosphonates"})  # taken on waking, on an empty stomach
_GROUP_WARNINGS: dict[str, tuple[str, str, str]] = {  # group -> (code, text, source)
    "tetracyclines": ("spacing_tetracyclines", msg.WARN_TETRACYCLINES, msg.EMC_2678),
    "quinolones": ("spacing_quinolones", msg.WARN_QUINOLONES, f"{msg.QUINOLONE_TIMING}; {msg.EMC_4841}"),
    "bisphosphonates": ("spacing_bisphosphonates", msg.WARN_BISPHOSPHONATES, msg.EMC_2678),
    "levothyroxine": ("spacing_levothyroxine", msg.WARN_LEVOTHYROXINE, msg.EMC_4841),
    "gabapentin": ("spacing_gabapentin", msg.WARN_GABAPENTIN, msg.EMC_4841),
    "depleting": ("depletes_magnesium", msg.WARN_DEPLETING, msg.EMC_2678),
    "digoxin": ("digoxin", msg.WARN_DIGOXIN, msg.EMC_2678),
}


def match_names(medicines: Iterable[str], groups: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(medicine as written, group) for each medicine that names a known drug as whole words,
    e.g. "Cipro XR 500mg" is a quinolone, but "Cipralex" (escitalopram) is not "cipro"."""
    found: list[tuple[str, str]] = []
    for written in medicines:
        words = re.findall(r"[a-z]+", written.lower())
        phrases = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
        for group, names in groups.items():
            if any(name.replace("-", " ") in phrases for name in names):
                found.append((written, group))
    return found


def match_medicines(medicines: Iterable[str]) -> list[tuple[str, str]]:
    """(medicine as written, interaction group) for medicines that interact with magnesium."""
    return match_names(medicines, MEDICINE_GROUPS)


def _medicine_warnings(medicines: tuple[str, ...]) -> list[MagnesiumWarning]:
    matched = match_medicines(medicines)
    by_group: dict[str, list[str]] = {}
    for written, group in matched:
        by_group.setdefault(group, []).append(written)
    warnings = []
    for group in MEDICINE_GROUPS:  # a stable order
        if group in by_group:
            code, text, source = _GROUP_WARNINGS[group]
            level = "clinician" if group in ("depleting", "digoxin") else "caution"
            warnings.append(
                MagnesiumWarning(code, level, text.format(names=", ".join(by_group[group])), source)
            )
    known = {w for w, _ in matched}
    unknown = [m for m in medicines if m not in known]
    if unknown:
        warnings.append(
            MagnesiumWarning(
                "unknown_medicine",
                "info",
                msg.WARN_UNKNOWN_MEDICINE.format(names=", ".join(unknown)),
                msg.EMC_2678,
            )
        )
    if medicines:
        warnings.append(MagnesiumWarning("spacing_general", "info", msg.WARN_GENERAL_SPACING, msg.EMC_2678))
    return warnings
