"""Letters from templates: which letters exist, the merge fields they are written with,
and rendering a template's words against them.

Templates are rendered by Django's template engine from a plain dict of strings, lists
and booleans (`merge_fields`), never from model objects, so a template edited in the
browser can read only what is listed in MERGE_FIELDS. The law the letters follow is in
docs/law.md ("Letters"); where it is silent the ICO's guidance is cited beside the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError

from core.dates import long_date
from requests_tracker.vocabularies import (
    AWAITED_FROM_REQUESTER,
    EXEMPTION_LABELS,
    Outcome,
    Regime,
    RequestKind,
    StopReason,
)


@dataclass(frozen=True)
class LetterKind:
    key: str
    name: str
    #: The clock-stop reason a letter of this kind offers to stop the clock for.
    stops_clock_for: str | None = None
    #: Whether the caseworker must write `details` (what the letter asks or explains).
    needs_details: bool = False
    details_hint: str = ""
    #: Whether the caseworker must give a reason for each exemption the request cites
    #: (a refusal notice: FOIA s.17(1)(c) and s.17(3), EIR reg 14(3)).
    needs_reasons: bool = False


TEMPLATES: dict[str, LetterKind] = {
    kind.key: kind
    for kind in (
        LetterKind("acknowledgement", "Acknowledgement"),
        LetterKind(
            "identity_request",
            "Identity request",
            stops_clock_for=StopReason.IDENTITY.value,
            details_hint="Which documents the requester may send (optional).",
        ),
        LetterKind(
            "clarification_request",
            "Clarification request",
            stops_clock_for=StopReason.CLARIFICATION.value,
            needs_details=True,
            details_hint="What the requester needs to clarify.",
        ),
        LetterKind(
            "fee_notice",
            "Fee notice",
            stops_clock_for=StopReason.FEE.value,
            needs_details=True,
            details_hint="The fee, how it was worked out and how to pay.",
        ),
        LetterKind("extension_notice", "Extension notice"),
        LetterKind(
            "refusal_notice",
            "Refusal notice",
            needs_reasons=True,
            details_hint="Anything said of the refusal as a whole (optional).",
        ),
        LetterKind("response_cover", "Response covering letter"),
    )
}

SHIPPED = Path(__file__).parent / "letter_templates"

# FOIA s.2(3) lists the absolute exemptions; every other Part II exemption is qualified
# (s.2(1)(b), s.2(2)(b): the public interest test). s.36 is absolute only for the Houses
# of Parliament and s.37 only in part, so both are treated as qualified here. s.12 and
# s.14 are not exemptions at all: no public interest test (ICO guidance "Requests where
# the cost of compliance exceeds the appropriate limit" and "Dealing with vexatious
# requests"). Under the EIR every exception is subject to the public interest test
# (reg 12(1)(b)) and the presumption in favour of disclosure (reg 12(2)); reg 13 (personal
# data) is not, in its main case (reg 12(3), reg 13(2A)); "not held" (reg 12(4)(a)) has
# no meaningful test (ICO guidance "Information not held (regulation 12(4)(a))").
ABSOLUTE = {"s21", "s23", "s32", "s34", "s40", "s41", "s44", "reg13"}
NO_TEST = {"s12", "s14", "reg12_4_a"}

#: The words each kind of request's letters cite for the law it was made under.
LAW = {
    RequestKind.FOI: "the Freedom of Information Act 2000",
    RequestKind.EIR: "the Environmental Information Regulations 2004",
    RequestKind.INTERNAL_REVIEW: "the Freedom of Information Act 2000",
}
LAW_ROA = {
    Regime.UK_GDPR: "Article 15 of the UK General Data Protection Regulation",
    Regime.DPA_PART3: "section 45 of the Data Protection Act 2018",
}

# The right to complain to the ICO: FOIA s.50 and EIR reg 18 (after an internal review);
# UK GDPR Art. 77 and DPA 2018 s.165 for right of access. The address is the ICO's own
# (ico.org.uk/make-a-complaint).
ICO_ADDRESS = (
    "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, "
    "Cheshire SK9 5AF, or online at https://ico.org.uk/make-a-complaint/"
)


def _internal_review_rights(kind: str, organisation: str) -> str:
    if kind == RequestKind.EIR:
        # EIR reg 11(2): representations within 40 working days of the response.
        return (
            f"If you are unhappy with this response you may ask {organisation} to "
            "reconsider it. Please write to us within 40 working days of the date of "
            "this letter (regulation 11 of the Environmental Information Regulations "
            "2004). We will reply within 40 working days."
        )
    if kind == RequestKind.FOI:
        # The s.45 Code of Practice (2018), paras 5.3 to 5.10: ask within 40 working days;
        # the review normally takes 20 working days.
        return (
            f"If you are unhappy with this response you may ask {organisation} for an "
            "internal review. Please write to us within 40 working days of the date of "
            "this letter. We will normally reply within 20 working days."
        )
    return ""


def _ico_rights(kind: str) -> str:
    if kind in (RequestKind.FOI, RequestKind.EIR, RequestKind.INTERNAL_REVIEW):
        return (
            "If you remain unhappy after the internal review you have the right to "
            "complain to the Information Commissioner (section 50 of the Freedom of "
            "Information Act 2000; regulation 18 of the Environmental Information "
            f"Regulations 2004): {ICO_ADDRESS}."
        )
    return (
        "You have the right to complain to the Information Commissioner "
        f"(Article 77 UK GDPR; section 165 of the Data Protection Act 2018): {ICO_ADDRESS}. "
        "You may also apply to a court (section 167 of the Data Protection Act 2018)."
    )


def exemption_words(code: str, reason: str = "") -> dict[str, Any]:
    """One recorded exemption as a letter states it: its legal words, whether the public
    interest test applies, and the caseworker's reason it applies here."""
    label = EXEMPTION_LABELS.get(code, code)
    if code in NO_TEST:
        test, qualified = "This is not subject to the public interest test.", False
    elif code in ABSOLUTE:
        test, qualified = "This is an absolute exemption: no public interest test applies.", False
    elif code.startswith(("s45_", "sch")):
        test, qualified = "", False
    else:
        test, qualified = (
            "This is a qualified exemption: we have considered whether the public "
            "interest in withholding the information outweighs the public interest in "
            "disclosing it.",
            True,
        )
    return {
        "code": code,
        "label": label,
        "qualified": qualified,
        "public_interest": test,
        "reason": reason,
    }


def reason_hint(code: str) -> str:
    """What the caseworker is asked to write for exemption `code` in a refusal notice."""
    if exemption_words(code)["qualified"]:
        return (
            "Why it applies to this information, and the public interest arguments for and "
            "against disclosure and why those for withholding it outweigh them."
        )
    return "Why it applies to this information."


def reason_problems(exemptions: list[str], reasons: dict[str, str]) -> dict[str, str]:
    """{exemption code: words} for each cited exemption with no reason, and each reason
    given for an exemption the request does not cite; empty when all is well."""
    problems: dict[str, str] = {}
    for code in exemptions:
        if not (reasons.get(code) or "").strip():
            label = EXEMPTION_LABELS.get(code, code)
            words = f"Say why {label} applies"
            if exemption_words(code)["qualified"]:
                words += " and how the public interest was weighed"
            problems[code] = words + "."
    for code in reasons:
        if code not in exemptions:
            problems[code] = "The request does not cite this exemption: record it first."
    return problems


@dataclass(frozen=True)
class FieldHelp:
    name: str
    meaning: str


#: Every merge field, with what it means: the editor lists them.
MERGE_FIELDS: tuple[FieldHelp, ...] = (
    FieldHelp("reference", "The request's reference, such as FOI-2026-0001."),
    FieldHelp("today", "Today's date in words (1 December 2026): the date of the letter."),
    FieldHelp("organisation", "Who we are (the ORGANISATION_NAME setting)."),
    FieldHelp("requester_name", "The requester's name (empty once their data is disposed of)."),
    FieldHelp("kind", "The kind of request in words (Freedom of Information)."),
    FieldHelp("law", "The law the request was made under, as a letter cites it."),
    FieldHelp("is_foi", "True for an FOI request (use with {% if %})."),
    FieldHelp("is_eir", "True for an EIR request."),
    FieldHelp("is_right_of_access", "True for a right of access (subject access) request."),
    FieldHelp("summary", "What the requester asked for, as recorded."),
    FieldHelp("received_on", "The date the request was received, in words."),
    FieldHelp(
        "due_on", "The date the response is due, in words (empty while the clock is stopped)."
    ),
    FieldHelp("original_due_on", "The due date before any extension, in words."),
    FieldHelp("due_explanation", "How the due date was worked out, in words."),
    FieldHelp(
        "awaited",
        "While the clock is stopped: what we are waiting for from the requester, in words "
        "to them (empty while it runs).",
    ),
    FieldHelp("extended", "True if the deadline has been extended."),
    FieldHelp("extension_reason", "Why the deadline was extended, as recorded."),
    FieldHelp(
        "exemptions",
        "The recorded exemptions, each with .label (the legal words), .qualified (true or "
        "false), .public_interest (the words on the public interest test) and .reason (the "
        "caseworker's reason it applies, with the public interest reasons for a qualified "
        "one: refusal notices).",
    ),
    FieldHelp("has_qualified_exemption", "True if any recorded exemption is qualified."),
    FieldHelp("is_neither_confirm_nor_deny", "True if the outcome is neither confirm nor deny."),
    FieldHelp("restricted", "True if a right of access response is restricted or exempted."),
    FieldHelp(
        "details",
        "What the caseworker wrote for this letter as a whole (what to clarify, the fee, "
        "anything general in a refusal).",
    ),
    FieldHelp("internal_review_rights", "The right to an internal review, in words (FOI, EIR)."),
    FieldHelp("ico_rights", "The right to complain to the Information Commissioner, in words."),
    FieldHelp("follow_link", "A private link to follow the request online (empty if none)."),
    FieldHelp("signed_by", "The name of the person writing the letter."),
)
MERGE_FIELD_NAMES = frozenset(field.name for field in MERGE_FIELDS)


def _awaited(request: Any) -> str:
    stop = request.clock_stops.filter(ended_on__isnull=True).first()
    return AWAITED_FROM_REQUESTER.get(stop.reason, "") if stop is not None else ""


def _words(day: date | None) -> str:
    return long_date(day) if day is not None else ""


def merge_fields(
    request: Any,
    *,
    organisation: str,
    today: date,
    signed_by: str,
    details: str = "",
    follow_link: str = "",
    reasons: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The merge fields of a letter on `request` (an InformationRequest): plain values.
    `reasons` maps each exemption code to the caseworker's reason it applies."""
    kind = request.kind
    if kind == RequestKind.ROA:
        law = LAW_ROA.get(request.regime, LAW_ROA[Regime.UK_GDPR])
    else:
        law = LAW.get(kind, "")
    reasons = reasons or {}
    exemptions = [
        exemption_words(code, (reasons.get(code) or "").strip())
        for code in request.exemptions or []
    ]
    requester = request.requester
    return {
        "reference": request.reference,
        "today": long_date(today),
        "organisation": organisation,
        "requester_name": requester.name if requester is not None else "",
        "kind": RequestKind(kind).label,
        "law": law,
        "is_foi": kind == RequestKind.FOI,
        "is_eir": kind == RequestKind.EIR,
        "is_right_of_access": kind == RequestKind.ROA,
        "summary": request.summary,
        "received_on": _words(request.received_on),
        "due_on": _words(request.due_on),
        "original_due_on": _words(request.original_due_on),
        "due_explanation": request.due_explanation,
        "awaited": _awaited(request),
        "extended": bool(request.extended),
        "extension_reason": request.extension_reason,
        "exemptions": exemptions,
        "has_qualified_exemption": any(item["qualified"] for item in exemptions),
        "is_neither_confirm_nor_deny": request.outcome == Outcome.NEITHER_CONFIRM_NOR_DENY,
        "restricted": kind == RequestKind.ROA and bool(exemptions),
        "details": details,
        "internal_review_rights": _internal_review_rights(kind, organisation),
        "ico_rights": _ico_rights(kind),
        "follow_link": follow_link,
        "signed_by": signed_by,
    }


_MISSING = "\x00MISSING:%s\x00"
_ENGINE = Engine(autoescape=False, string_if_invalid="", libraries={}, loaders=[])
_CHECKING_ENGINE = Engine(autoescape=False, string_if_invalid=_MISSING, libraries={}, loaders=[])


class TemplateProblem(ValueError):
    """A template that cannot be rendered, in words for the person editing it."""


def render(text: str, fields: dict[str, Any]) -> str:
    """`text` rendered against `fields`; runs of more than one blank line closed up."""
    try:
        rendered = _ENGINE.from_string(text).render(Context(fields, autoescape=False))
    except TemplateSyntaxError as error:
        raise TemplateProblem(f"The template has a mistake: {error}") from None
    return re.sub(r"\n{3,}", "\n\n", rendered).strip() + "\n"


def check(text: str, fields: dict[str, Any]) -> None:
    """Raise TemplateProblem if `text` does not render or uses a field that does not exist."""
    for tag in ("{% include", "{% extends", "{% load", "{% debug", "{% ssi"):
        if tag in text:
            raise TemplateProblem(f"Letter templates cannot use {tag} %}}.")
    try:
        rendered = _CHECKING_ENGINE.from_string(text).render(Context(fields, autoescape=False))
    except TemplateSyntaxError as error:
        raise TemplateProblem(f"The template has a mistake: {error}") from None
    unknown = sorted(set(re.findall("\x00MISSING:(.*?)\x00", rendered)))
    # Django fills an unknown name in {% if %} or {% for %} silently; name it too.
    for name in re.findall(r"{{\s*([a-z_]+)", text) + re.findall(
        r"{%\s*(?:if|elif|for \w+ in)\s+(?:not\s+)?([a-z_]+)", text
    ):
        if name not in MERGE_FIELD_NAMES and name not in ("item", "exemption"):
            unknown.append(name)
    if unknown:
        names = ", ".join(sorted(set(unknown)))
        raise TemplateProblem(f"These are not merge fields: {names}. Use the fields listed.")


def shipped(key: str) -> tuple[str, str]:
    """(subject, body) of the wording shipped for template `key` (letter_templates/)."""
    text = (SHIPPED / f"{key}.txt").read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    if not first.startswith("Subject: "):
        raise ValueError(f"{key}.txt must start with a 'Subject: ' line")
    return first.removeprefix("Subject: ").strip(), body.strip() + "\n"
