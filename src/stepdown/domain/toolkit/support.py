"""The support network: contacts, support groups, the person's distraction list, the emergency card.

stepdown never calls, texts or looks anyone up: phone numbers are shown (and offered as tel: links
in the web app), and the person's own phone does the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit import _parse
from stepdown.messages import safety
from stepdown.messages import toolkit as msg

_PHONE_CHARS = re.compile(r"^\+?[0-9 ().\-]+$")


@dataclass(frozen=True)
class ContactInput:
    name: str
    phone: str
    relation: str | None = None
    is_therapist: bool = False


@dataclass(frozen=True)
class GroupInput:
    name: str
    kind: str | None = None
    details: str | None = None


def validate_phone(value: Any) -> str:
    phone = _parse.text(value, "phone", "The phone number", max_len=30, required=True)
    assert phone is not None
    digits = sum(ch in "0123456789" for ch in phone)
    if not _PHONE_CHARS.match(phone) or not 3 <= digits <= 15:
        raise InvalidInput(
            "The phone number must have 3 to 15 digits; spaces, dashes, brackets and a leading + are fine.",
            field="phone",
        )
    return phone


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "0", "false", "no", "off")):
        return False
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    raise InvalidInput("'Therapist or counsellor' must be yes or no.", field="is_therapist")


def validate_contact(raw: Mapping[str, Any]) -> ContactInput:
    name = _parse.text(raw.get("name"), "name", "The name", max_len=80, required=True)
    assert name is not None
    return ContactInput(
        name=name,
        phone=validate_phone(raw.get("phone")),
        relation=_parse.text(raw.get("relation"), "relation", "The relation", max_len=40),
        is_therapist=_flag(raw.get("is_therapist")),
    )


def validate_group(raw: Mapping[str, Any]) -> GroupInput:
    name = _parse.text(raw.get("name"), "name", "The group's name", max_len=80, required=True)
    assert name is not None
    return GroupInput(
        name=name,
        kind=_parse.text(raw.get("kind"), "kind", "The kind of group", max_len=60),
        details=_parse.text(raw.get("details"), "details", "The details", max_len=1000),
    )


def validate_distraction(value: Any) -> str:
    text = _parse.text(value, "text", "The distraction", max_len=200, required=True)
    assert text is not None
    return text


def default_groups() -> tuple[GroupInput, ...]:
    return tuple(GroupInput(name, kind, details) for name, kind, details in msg.DEFAULT_GROUPS)


@dataclass(frozen=True)
class CardSection:
    title: str
    lines: tuple[tuple[str, str], ...]  # (who, phone or text)


@dataclass(frozen=True)
class EmergencyCard:
    title: str
    intro: tuple[str, ...]
    sections: tuple[CardSection, ...]
    footer: tuple[str, ...]

    def to_text(self) -> str:
        out = [self.title.upper(), "=" * len(self.title), *self.intro, ""]
        for section in self.sections:
            out.append(section.title)
            out.extend(f"  {who}: {what}" if what else f"  {who}" for who, what in section.lines)
            out.append("")
        out.extend(self.footer)
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "intro": list(self.intro),
            "sections": [{"title": s.title, "lines": [list(x) for x in s.lines]} for s in self.sections],
            "footer": list(self.footer),
        }


def emergency_card(
    contacts: Sequence[ContactInput],
    *,
    pseudonym: str | None = None,
    current_amount: str | None = None,
) -> EmergencyCard:
    """A card to print and carry: who to call, the helplines, and the overdose warning."""
    intro = [msg.CARD_INTRO]
    if pseudonym:
        intro.insert(0, pseudonym)
    if current_amount:
        intro.append(msg.CARD_CURRENT_DOSE.format(amount=current_amount))
    intro.append(msg.CARD_EMERGENCY)
    people = tuple(
        (f"{c.name} ({c.relation})" if c.relation else c.name, c.phone)
        for c in contacts
        if not c.is_therapist
    )
    therapists = tuple(
        (f"{c.name} ({c.relation})" if c.relation else c.name, c.phone) for c in contacts if c.is_therapist
    )
    sections = [CardSection(msg.CARD_CONTACTS, people or ((msg.CARD_NO_CONTACTS, ""),))]
    if therapists:
        sections.append(CardSection(msg.CARD_THERAPIST, therapists))
    sections.append(
        CardSection(msg.CARD_HELPLINES, tuple((name, number) for name, number, _ in safety.HELPLINES))
    )
    return EmergencyCard(msg.CARD_TITLE, tuple(intro), tuple(sections), (safety.TOLERANCE_WARNING,))
