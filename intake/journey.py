"""The question pages of "Make a request", in order: the one list of steps.

Each step is one question (a form) on its own page, shown when `applies(answers)` says
so. A step is added with one line here (and its form): the pages, the back links, the
"check your answers" rows and their change links all follow this list. The answers live
in the session (no JavaScript needed) until the request is sent.

For FOI and EIR, the page after the request itself shows the disclosure log's published
answers that look like it (MoJ's correspondence service does the same), so a requester
whose question is already answered need not wait a month for it. A step with no
questions (that one) has no row in "check your answers".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from disclosure.selectors import similar_published

from . import forms as intake_forms
from .models import About, Kind, Records

Answers = dict[str, Any]


def always(answers: Answers) -> bool:
    return True


def is_access(answers: Answers) -> bool:
    return answers.get("kind") == Kind.ROA


def is_information(answers: Answers) -> bool:
    return answers.get("kind") in (Kind.FOI, Kind.EIR)


def for_someone_else(answers: Answers) -> bool:
    return is_access(answers) and answers.get("about") == About.SOMEONE_ELSE


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[forms.Form]
    #: The row's key on "check your answers".
    title: str
    applies: Callable[[Answers], bool] = always
    template: str = "intake/question.html"
    #: More for the page's template, `context(answers)` (e.g. similar published answers).
    context: Callable[[Answers], dict[str, Any]] | None = None


STEPS: list[Step] = [
    Step("kind", intake_forms.KindForm, "Kind of request"),
    Step("about", intake_forms.AboutForm, "Who it is about", applies=is_access),
    Step("someone-else", intake_forms.SubjectForm, "Their name", applies=for_someone_else),
    Step("request", intake_forms.RequestForm, "Information wanted"),
    Step(
        "published",
        intake_forms.PublishedForm,
        "Answers we have already published",
        applies=is_information,
        template="intake/published.html",
        context=lambda answers: {
            "published": similar_published(answers.get("request", ""), limit=5)
        },
    ),
    Step("dates", intake_forms.DatesForm, "Dates", applies=is_access),
    Step("records", intake_forms.RecordsForm, "Records", applies=is_access),
    Step(
        "identity",
        intake_forms.IdentityForm,
        "Proof of identity",
        applies=is_access,
        template="intake/identity.html",
    ),
    Step("name", intake_forms.NameForm, "Your name"),
    Step("contact", intake_forms.ContactForm, "How we contact you"),
]
BY_SLUG = {step.slug: step for step in STEPS}


def applicable(answers: Answers) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def answered(step: Step, answers: Answers) -> bool:
    return step.slug in answers.get("_done", [])


def first_unanswered(answers: Answers) -> Step | None:
    return next((step for step in applicable(answers) if not answered(step, answers)), None)


def next_step(step: Step, answers: Answers) -> Step | None:
    steps = applicable(answers)
    if step not in steps:
        return first_unanswered(answers)
    later = steps[steps.index(step) + 1 :]
    return next((s for s in later if not answered(s, answers)), None) if later else None


def previous_step(step: Step, answers: Answers) -> Step | None:
    steps = applicable(answers)
    if step not in steps or steps.index(step) == 0:
        return None
    return steps[steps.index(step) - 1]


def summary_rows(answers: Answers) -> list[tuple[Step, str]]:
    """(step, the answer in words) for "check your answers"."""
    return [(step, words(step, answers)) for step in applicable(answers) if step.form.base_fields]


def words(step: Step, answers: Answers) -> str:
    if step.slug == "kind":
        return Kind(answers["kind"]).label if answers.get("kind") in Kind.values else ""
    if step.slug == "about":
        return About(answers["about"]).label if answers.get("about") in About.values else ""
    if step.slug == "records":
        return ", ".join(Records(value).label for value in answers.get("records", []))
    if step.slug == "identity":
        files = answers.get("evidence", [])
        return ", ".join(item["filename"] for item in files) or "None sent: we will ask for it"
    if step.slug == "contact":
        return "\n".join(v for v in (answers.get("email", ""), answers.get("address", "")) if v)
    form = step.form
    names = list(form.base_fields)
    return (
        "\n".join(str(answers.get(name, "")) for name in names if answers.get(name)) or "Not given"
    )
