"""Fixed vocabularies for requests (docs/law.md, "Outcomes, exemptions and late reasons").
Codes are lower snake case and are part of the API contract; labels are what caseworkers
read."""

from django.db import models

from . import statutory


class RequestKind(models.TextChoices):
    ROA = statutory.Kind.ROA.value, "Right of access"
    FOI = statutory.Kind.FOI.value, "Freedom of Information"
    EIR = statutory.Kind.EIR.value, "Environmental Information Regulations"
    INTERNAL_REVIEW = statutory.Kind.INTERNAL_REVIEW.value, "Internal review"


REFERENCE_PREFIX = {
    RequestKind.ROA: "ROA",
    RequestKind.FOI: "FOI",
    RequestKind.EIR: "EIR",
    RequestKind.INTERNAL_REVIEW: "IR",
}


class Regime(models.TextChoices):
    UK_GDPR = statutory.Regime.UK_GDPR.value, "UK GDPR (Article 15)"
    DPA_PART3 = statutory.Regime.DPA_PART3.value, "DPA 2018 Part 3 (law enforcement, s.45)"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    ON_HOLD = "on_hold", "Clock stopped"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Lapsed"


ACTIVE_STATUSES = (Status.OPEN, Status.ON_HOLD)
#: Excluded by their current status from every timeliness figure except `received`.
EXCLUDED_STATUSES = (Status.WITHDRAWN, Status.LAPSED)


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    WEB = "web", "Web form"
    POST = "post", "Post"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"


class RequesterType(models.TextChoices):
    MEMBER_OF_PUBLIC = "member_of_public", "Member of the public"
    MEDIA = "media", "Media"
    REPRESENTATIVE = "representative", "Solicitor or representative"
    BUSINESS = "business", "Business"
    ELECTED_REPRESENTATIVE = "elected_representative", "Elected representative"
    OTHER = "other", "Other"


class StopReason(models.TextChoices):
    IDENTITY = statutory.StopReason.IDENTITY.value, "Waiting for proof of identity"
    CLARIFICATION = statutory.StopReason.CLARIFICATION.value, "Waiting for clarification"
    FEE = statutory.StopReason.FEE.value, "Waiting for a fee"
    OTHER = statutory.StopReason.OTHER.value, "Other (does not move the deadline)"


#: What a stopped clock waits for, in words to the requester (the follow page, letters).
AWAITED_FROM_REQUESTER: dict[str, str] = {
    StopReason.IDENTITY: "Proof of your identity (for example a photo of your passport or "
    "driving licence) and, if you asked for someone else's information, their written "
    "authority.",
    StopReason.CLARIFICATION: "More detail about the information you want, so we can find it.",
    StopReason.FEE: "The fee we wrote to you about.",
    StopReason.OTHER: "We have written to you about what we need.",
}


class Outcome(models.TextChoices):
    # FOIA and EIR
    GRANTED_IN_FULL = "granted_in_full", "Granted in full"
    GRANTED_IN_PART = "granted_in_part", "Granted in part"
    REFUSED = "refused", "Refused"
    NOT_HELD = "not_held", "Information not held"
    NEITHER_CONFIRM_NOR_DENY = "neither_confirm_nor_deny", "Neither confirm nor deny"
    # Right of access ("refused" is shared: manifestly unfounded or excessive)
    DISCLOSED_IN_FULL = "disclosed_in_full", "Disclosed in full"
    DISCLOSED_IN_PART = "disclosed_in_part", "Disclosed in part"
    NO_DATA_HELD = "no_data_held", "No personal data held"
    # Internal review
    UPHELD = "upheld", "Original decision upheld"
    UPHELD_IN_PART = "upheld_in_part", "Upheld in part"
    OVERTURNED = "overturned", "Overturned"


OUTCOMES_BY_KIND: dict[str, tuple[str, ...]] = {
    RequestKind.FOI: (
        Outcome.GRANTED_IN_FULL,
        Outcome.GRANTED_IN_PART,
        Outcome.REFUSED,
        Outcome.NOT_HELD,
        Outcome.NEITHER_CONFIRM_NOR_DENY,
    ),
    # EIR has no "neither confirm nor deny" outcome of its own (reg 12(6) is applied as
    # a refusal under an exception), so it is not offered.
    RequestKind.EIR: (
        Outcome.GRANTED_IN_FULL,
        Outcome.GRANTED_IN_PART,
        Outcome.REFUSED,
        Outcome.NOT_HELD,
    ),
    RequestKind.ROA: (
        Outcome.DISCLOSED_IN_FULL,
        Outcome.DISCLOSED_IN_PART,
        Outcome.NO_DATA_HELD,
        Outcome.REFUSED,
    ),
    RequestKind.INTERNAL_REVIEW: (Outcome.UPHELD, Outcome.UPHELD_IN_PART, Outcome.OVERTURNED),
}

#: Outcomes that must name the exemptions, exceptions or restrictions relied on.
OUTCOMES_NEEDING_EXEMPTIONS = {
    RequestKind.FOI: {
        Outcome.GRANTED_IN_PART,
        Outcome.REFUSED,
        Outcome.NEITHER_CONFIRM_NOR_DENY,
    },
    RequestKind.EIR: {Outcome.GRANTED_IN_PART, Outcome.REFUSED},
    RequestKind.ROA: {Outcome.DISCLOSED_IN_PART},
    RequestKind.INTERNAL_REVIEW: set(),
}


def _foi_sections() -> list[tuple[str, str]]:
    names = {
        "21": "information accessible by other means",
        "22": "information intended for future publication",
        "22A": "research",
        "23": "security bodies",
        "24": "national security",
        "26": "defence",
        "27": "international relations",
        "28": "relations within the UK",
        "29": "the economy",
        "30": "investigations and proceedings",
        "31": "law enforcement",
        "32": "court records",
        "33": "audit functions",
        "34": "parliamentary privilege",
        "35": "formulation of government policy",
        "36": "prejudice to effective conduct of public affairs",
        "37": "communications with the Royal Family and honours",
        "38": "health and safety",
        "39": "environmental information",
        "40": "personal information",
        "41": "information provided in confidence",
        "42": "legal professional privilege",
        "43": "commercial interests",
        "44": "prohibitions on disclosure",
    }
    sections = [
        (f"s{number.lower()}", f"Section {number}: {name}") for number, name in names.items()
    ]
    sections += [
        ("s12", "Section 12: cost of compliance exceeds the appropriate limit"),
        ("s14", "Section 14: vexatious or repeated request"),
    ]
    return sections


FOI_EXEMPTIONS = _foi_sections()

EIR_EXCEPTIONS = [
    ("reg12_4_a", "Reg 12(4)(a): information not held"),
    ("reg12_4_b", "Reg 12(4)(b): manifestly unreasonable"),
    ("reg12_4_c", "Reg 12(4)(c): request too general"),
    ("reg12_4_d", "Reg 12(4)(d): material in the course of completion"),
    ("reg12_4_e", "Reg 12(4)(e): internal communications"),
    (
        "reg12_5_a",
        "Reg 12(5)(a): international relations, defence, national security or public safety",
    ),
    ("reg12_5_b", "Reg 12(5)(b): the course of justice"),
    ("reg12_5_c", "Reg 12(5)(c): intellectual property rights"),
    ("reg12_5_d", "Reg 12(5)(d): confidentiality of proceedings"),
    ("reg12_5_e", "Reg 12(5)(e): commercial confidentiality"),
    ("reg12_5_f", "Reg 12(5)(f): interests of the person who provided the information"),
    ("reg12_5_g", "Reg 12(5)(g): protection of the environment"),
    ("reg13", "Reg 13: personal data"),
]

ROA_PART3_RESTRICTIONS = [
    ("s45_4_a", "DPA 2018 s.45(4)(a): avoid obstructing an official inquiry or investigation"),
    (
        "s45_4_b",
        "DPA 2018 s.45(4)(b): avoid prejudicing the prevention, detection, investigation or prosecution of offences",
    ),
    ("s45_4_c", "DPA 2018 s.45(4)(c): protect public security"),
    ("s45_4_d", "DPA 2018 s.45(4)(d): protect national security"),
    ("s45_4_e", "DPA 2018 s.45(4)(e): protect the rights and freedoms of others"),
]

ROA_UK_GDPR_EXEMPTIONS = [
    ("sch2_crime_and_taxation", "DPA 2018 Sch 2 para 2: crime and taxation"),
    (
        "sch2_legal_proceedings",
        "DPA 2018 Sch 2 para 5: disclosure required by law or for legal proceedings",
    ),
    (
        "sch2_regulatory_functions",
        "DPA 2018 Sch 2 paras 7–12: functions designed to protect the public",
    ),
    ("sch2_third_party_data", "DPA 2018 Sch 2 paras 16–17: information about other individuals"),
    ("sch2_legal_professional_privilege", "DPA 2018 Sch 2 para 19: legal professional privilege"),
    ("sch2_self_incrimination", "DPA 2018 Sch 2 para 20: self-incrimination"),
    ("sch2_confidential_references", "DPA 2018 Sch 2 para 24: confidential references"),
    ("sch2_management_forecasts", "DPA 2018 Sch 2 para 22: management forecasts"),
    ("sch2_negotiations", "DPA 2018 Sch 2 para 23: negotiations with the requester"),
    ("sch3_health_social_work_education", "DPA 2018 Sch 3: health, social work and education data"),
]

EXEMPTION_LABELS: dict[str, str] = dict(
    FOI_EXEMPTIONS + EIR_EXCEPTIONS + ROA_PART3_RESTRICTIONS + ROA_UK_GDPR_EXEMPTIONS
)


def exemptions_for(kind: str, regime: str | None) -> list[tuple[str, str]]:
    """The exemptions, exceptions or restrictions a response of this kind may rely on."""
    if kind == RequestKind.FOI:
        return FOI_EXEMPTIONS
    if kind == RequestKind.EIR:
        return EIR_EXCEPTIONS
    if kind == RequestKind.ROA:
        return ROA_PART3_RESTRICTIONS if regime == Regime.DPA_PART3 else ROA_UK_GDPR_EXEMPTIONS
    return []


class LateReason(models.TextChoices):
    VOLUME = "volume", "Volume of work"
    COMPLEXITY = "complexity", "Complexity"
    AWAITING_BUSINESS_AREA = "awaiting_business_area", "Awaiting information from a business area"
    AWAITING_THIRD_PARTY = "awaiting_third_party", "Awaiting third-party consultation"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
    STAFFING = "staffing", "Staffing"
    OTHER = "other", "Other"


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class EventType(models.TextChoices):
    LOGGED = "logged", "Request logged"
    IMPORTED = "imported", "Imported from the legacy case system"
    CLOCK_STOPPED = "clock_stopped", "Clock stopped"
    CLOCK_RESTARTED = "clock_restarted", "Clock restarted"
    EXTENDED = "extended", "Deadline extended"
    ASSIGNED = "assigned", "Assigned"
    NOTE = "note", "Note added"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REOPENED = "reopened", "Reopened"
    REVIEW_OPENED = "review_opened", "Internal review opened"
    COMPLAINT_RECORDED = "complaint_recorded", "Complaint to the regulator recorded"
    COMPLAINT_DECIDED = "complaint_decided", "Regulator's decision recorded"
    LAPSED = "lapsed", "Lapsed"
    DUE_DATE_RECALCULATED = "due_date_recalculated", "Due date recalculated"
    LEGAL_HOLD_SET = "legal_hold_set", "Legal hold set"
    LEGAL_HOLD_RELEASED = "legal_hold_released", "Legal hold released"
    PERSONAL_DATA_DISPOSED = "personal_data_disposed", "Personal data disposed of"
    REQUESTER_REPLIED = "requester_replied", "The requester replied online"
    # The case file (casefile app, issue 17)
    DOCUMENT_UPLOADED = "document_uploaded", "Document added"
    RELEASE_CONFIRMED = "release_confirmed", "Release check findings confirmed"
    DOCUMENT_RELEASED = "document_released", "Document marked released"
    DATA_REQUEST_SENT = "data_request_sent", "Data request sent"
    DATA_REQUEST_CHASED = "data_request_chased", "Data request chased"
    DATA_REQUEST_ESCALATED = "data_request_escalated", "Data request escalated"
    DATA_REQUEST_RECEIVED = "data_request_received", "Data request answered"
    LETTER_ISSUED = "letter_issued", "Letter written"
    EMAIL_SENT = "email_sent", "Email sent"
    EMAIL_FAILED = "email_failed", "Email could not be sent"
    EMAIL_DELIVERED = "email_delivered", "Email delivered"
    EMAIL_BOUNCED = "email_bounced", "Email bounced"
    # The disclosure log (disclosure app)
    PUBLISHED = "published", "Published in the disclosure log"
    PUBLICATION_WITHDRAWN = "publication_withdrawn", "Withdrawn from the disclosure log"


#: The outbox stream (core/outbox.py) on which request services announce changes to the
#: monthly timeliness figures; the dashboards app recomputes its snapshots from it.
TIMELINESS_STREAM = "timeliness"


#: Backlog age bands in calendar days since receipt, the one definition for every page that
#: bands open requests, the Team page and the Data Board (docs/metrics.md, "Backlog age
#: bands"): (key, label, lowest, highest or None). The keys are stored in the snapshots.
BACKLOG_AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("0_20", "0 to 20 days", 0, 20),
    ("21_40", "21 to 40 days", 21, 40),
    ("41_60", "41 to 60 days", 41, 60),
    ("61_90", "61 to 90 days", 61, 90),
    ("over_90", "Over 90 days", 91, None),
)
