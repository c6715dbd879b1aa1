"""The GOV.UK form layer (core/govuk_forms.py, templates/govuk/): each widget's markup,
the date fields' messages, service errors, and an error summary whose every link lands
on an input, on the real pages of each app."""

from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from core.govuk_forms import (
    Checkboxes,
    Radios,
    StrictDateField,
    StrictDateTimeField,
    VersionedForm,
    apply_service_errors,
)


class Page(HTMLParser):
    """Every element's tag and attributes, by id; the error summary's links."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id: dict[str, tuple[str, dict]] = {}
        self.summary_links: list[str] = []
        self._in_summary = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if "id" in attrs:
            assert attrs["id"] not in self.by_id, f"duplicate id {attrs['id']}"
            self.by_id[attrs["id"]] = (tag, attrs)
        if "govuk-error-summary__list" in attrs.get("class", ""):
            self._in_summary = 1
        elif self._in_summary and tag == "a":
            self.summary_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._in_summary and tag == "ul":
            self._in_summary = 0

    def input(self, id_: str) -> tuple[str, dict]:
        tag, attrs = self.by_id[id_]
        assert tag in ("input", "select", "textarea"), f"#{id_} is a <{tag}>, not an input"
        return tag, attrs


def localise(naive: datetime) -> datetime:
    if (naive.hour, naive.minute) == (1, 30):
        raise ValueError("01:30 did not happen that night")
    return naive.replace(tzinfo=UTC)


class Everything(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the letter", max_length=20)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}))
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("red", "Red"), ("green", "Green"), ("blue", "Blue")],
        widget=Radios(inline=True),
    )
    sizes = forms.MultipleChoiceField(
        label="Sizes", choices=[("s", "Small"), ("m", "Medium")], widget=Checkboxes
    )
    unit = forms.ChoiceField(label="Unit", choices=[("", "Choose"), ("a", "A")])
    count = forms.IntegerField(label="Count")
    agree = forms.BooleanField(label="I agree")
    plain_many = forms.MultipleChoiceField(
        label="Plain Django checkboxes",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )
    plain = forms.ChoiceField(
        label="Plain Django radios", choices=[("y", "Yes"), ("n", "No")], widget=forms.RadioSelect
    )
    received_on = StrictDateField(noun="the date received", label="Received", help_text="27 3 2025")
    seen_at = StrictDateTimeField(
        noun="the date seen", time_noun="the time seen", localise=localise, label="Seen"
    )


def _date(**parts):
    return {f"received_on_{k}": v for k, v in parts.items()}


# --- date fields --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({}, "Enter the date received"),
        ({"day": "3"}, "The date received must include a month and a year"),
        ({"day": "3", "year": "2026"}, "The date received must include a month"),
        ({"month": "3", "year": "2026"}, "The date received must include a day"),
        ({"day": "31", "month": "2", "year": "2026"}, "The date received must be a real date"),
        ({"day": "1", "month": "13", "year": "2026"}, "The date received must be a real date"),
        ({"day": "1", "month": "3", "year": "26"}, "The date received must be a real date"),
        ({"day": "one", "month": "3", "year": "2026"}, "The date received must be a real date"),
    ],
)
def test_date_field_uses_the_design_system_messages(parts, message):
    field = StrictDateField(noun="the date received")
    with pytest.raises(ValidationError) as caught:
        field.clean([parts.get("day"), parts.get("month"), parts.get("year")])
    assert caught.value.messages == [message]


def test_date_field_reads_the_three_boxes_and_an_optional_one_may_be_blank():
    assert StrictDateField(noun="x").clean([" 9 ", "3", "2026"]) == date(2026, 3, 9)
    assert StrictDateField(noun="x", required=False).clean(["", "", ""]) is None


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["", "", "", "10:00"], "Enter the date seen"),
        (["9", "3", "2026", ""], "Enter the time seen in 24-hour format, for example 14:30"),
        (["9", "3", "2026", "2.30pm"], "Enter the time seen in 24-hour format, for example 14:30"),
        (["9", "3", "2026", "25:00"], "The time seen must be a real time, like 09:05"),
        (["9", "3", "2026", "01:30"], "01:30 did not happen that night"),
    ],
)
def test_date_time_field_messages(parts, message):
    field = StrictDateTimeField(noun="the date seen", time_noun="the time seen", localise=localise)
    with pytest.raises(ValidationError) as caught:
        field.clean(parts)
    assert caught.value.messages == [message]


def test_date_time_field_gives_the_localised_moment():
    field = StrictDateTimeField(noun="d", time_noun="t", localise=localise, required=False)
    assert field.clean(["9", "3", "2026", "14.05"]) == datetime(2026, 3, 9, 14, 5, tzinfo=UTC)
    assert field.clean(["", "", "", ""]) is None


# --- widgets ------------------------------------------------------------------------------


def test_each_widget_renders_govuk_markup_with_label_hint_and_ids():
    form = Everything(initial={"colour": "green", "sizes": ["m"]})
    page = Page(str(form))  # {{ form }}: the project's FORM_RENDERER
    html = str(form)
    # text input: label, hint, described by the hint; no maxlength cutting text off
    _tag, name = page.input("id_name")
    assert name["class"] == "govuk-input"
    assert name["aria-describedby"] == "id_name-hint"
    assert "maxlength" not in name
    assert page.by_id["id_name-hint"][1]["class"] == "govuk-hint"
    assert '<label class="govuk-label govuk-label--s" for="id_name">Name</label>' in html
    assert page.input("id_notes") == ("textarea", page.by_id["id_notes"][1])
    assert "govuk-textarea" in page.by_id["id_notes"][1]["class"]
    assert page.input("id_unit")[0] == "select"
    assert "govuk-select" in page.by_id["id_unit"][1]["class"]
    # numbers: a text box with a numeric keyboard (GOV.UK advises against type=number)
    count = page.input("id_count")[1]
    assert count["type"] == "text"
    assert count["inputmode"] == "numeric"
    # radios: numbered as GOV.UK Frontend does, inline, the initial one checked
    assert 'class="govuk-radios govuk-radios--inline"' in html
    assert [page.input(i)[1]["value"] for i in ("id_colour", "id_colour-2", "id_colour-3")] == [
        "red",
        "green",
        "blue",
    ]
    assert "checked" in page.by_id["id_colour-2"][1]
    assert page.by_id["id_colour"][1]["class"] == "govuk-radios__input"
    # checkboxes, and Django's own radios drawn the GOV.UK way
    assert "govuk-checkboxes govuk-checkboxes--small" in html
    for id_ in ("id_sizes", "id_sizes-2"):
        assert page.input(id_)[1]["type"] == "checkbox"
        assert page.input(id_)[1]["class"] == "govuk-checkboxes__input"
    assert "checked" in page.by_id["id_sizes-2"][1]
    assert "checked" not in page.by_id["id_sizes"][1]
    assert page.by_id["id_colour"][1]["type"] == "radio"
    assert page.by_id["id_plain"][1]["class"] == "govuk-radios__input"
    assert page.by_id["id_plain"][1]["type"] == "radio"
    assert page.by_id["id_plain_many-2"][1]["type"] == "checkbox"
    assert page.by_id["id_agree"][1]["class"] == "govuk-checkboxes__input"
    # date input: three boxes named <name>_day..., in a fieldset with its legend
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        box = page.input(f"id_received_on_{part}")[1]
        assert box["name"] == f"received_on_{part}"
        assert f"govuk-input--width-{width}" in box["class"]
    assert page.input("id_seen_at_time")[1]["name"] == "seen_at_time"
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Received</legend>' in html
    )
    assert 'role="group" aria-describedby="id_received_on-hint"' in html


def test_a_field_with_an_error_shows_it_and_marks_its_inputs():
    form = Everything(data={**_date(day="31", month="2", year="2026"), "count": "x"})
    assert not form.is_valid()
    page = Page(form["received_on"].as_field_group() + form["name"].as_field_group())
    error = page.by_id["id_received_on-error"][1]
    assert error["class"] == "govuk-error-message"
    for part in ("day", "month", "year"):
        assert "govuk-input--error" in page.by_id[f"id_received_on_{part}"][1]["class"]
    assert page.by_id["id_received_on_day"][1]["value"] == "31"  # what was typed stays
    name = page.by_id["id_name"][1]
    assert "govuk-input--error" in name["class"]
    assert name["aria-describedby"] == "id_name-hint id_name-error"
    assert "govuk-form-group--error" in form["name"].as_field_group()


def test_a_versioned_form_carries_the_version_hidden():
    class Act(VersionedForm):
        pass

    page = Page(str(Act(initial={"version": 4})))
    assert page.by_id["id_version"] == (
        "input",
        {"type": "hidden", "name": "version", "value": "4", "id": "id_version"},
    )


# --- error summary ------------------------------------------------------------------------


def test_every_error_summary_link_lands_on_the_first_input_of_its_field():
    form = Everything(data={"seen_at_time": "10:00"})
    form.is_valid()
    form.add_error(None, "The record changed while you were looking at it")
    html = render_to_string("govuk/error_summary.html", {"form": form}) + str(form)
    page = Page(html)
    assert page.summary_links[0] == "#main-content"  # the non-field error
    targets = [link.removeprefix("#") for link in page.summary_links[1:]]
    assert targets == [
        "id_name",
        "id_notes",
        "id_colour",
        "id_sizes",
        "id_unit",
        "id_count",
        "id_agree",
        "id_plain_many",
        "id_plain",
        "id_received_on_day",
        "id_seen_at_day",
    ]
    for target in targets:
        page.input(target)


def test_service_errors_go_on_their_fields_and_the_rest_to_the_summary():
    form = Everything(data={})
    form.is_valid()
    apply_service_errors(
        form,
        ValidationError({"name": "Taken", "requester.name": "Too short", "other": "Odd"}),
        aliases={"requester.name": "notes"},
    )
    assert "Taken" in form.errors["name"]
    assert "Too short" in form.errors["notes"]
    assert form.non_field_errors() == ["Odd"]
    apply_service_errors(form, ValidationError("The request is closed"))
    assert form.non_field_errors() == ["Odd", "The request is closed"]


# --- the real pages -----------------------------------------------------------------------


def _check_summary(response, status: int = 400) -> list[str]:
    assert response.status_code == status
    page = Page(response.content.decode())
    assert page.summary_links, "no error summary"
    for link in page.summary_links:
        if link != "#main-content":
            page.input(link.removeprefix("#"))
    return page.summary_links


@pytest.mark.django_db
def test_error_links_land_on_inputs_on_each_apps_pages(client, make_user):
    client.force_login(make_user("lee", role="team_lead", email="lee@example.org"))
    links = _check_summary(client.post("/requests/new/foi/", {"received_on_day": "3"}))
    assert "#id_received_on_day" in links
    assert "#id_channel" in links
    page = Page(client.get("/requests/new/", {"kind": ""}).content.decode())
    assert page.summary_links == ["#kind-0"]
    page.input("kind-0")
    links = _check_summary(client.post("/breaches/new/", {"aware_at_time": "10:00"}))
    assert "#id_aware_at_day" in links
    assert "#id_source" in links
    # The DPIA form answers 200 with its errors (tests/dpia/test_pages.py).
    links = _check_summary(client.post("/assessments/new/", {"then": "draft"}), status=200)
    assert "#id_kind" in links
    assert "#id_unit" in links
    client.force_login(make_user("dee", role="dpo", email="dee@example.org"))
    page = Page(client.get("/access-log/", {"since": "yesterday"}).content.decode())
    assert page.summary_links == ["#id_since"]
    page.input("id_since")
    client.logout()
    make_user("sam")
    response = client.post("/sign-in/", {"username": "sam", "password": "wrong"})
    assert _check_summary(response, status=200) == ["#id_username"]


def test_run_service_puts_refusals_on_the_form_with_the_status_to_answer():
    from django import forms
    from django.core.exceptions import ValidationError

    from core.errors import ConflictError, TransitionError
    from core.govuk_forms import run_service

    class ReasonForm(forms.Form):
        reason = forms.CharField()

    def raising(error):
        def call():
            raise error

        return call

    form = ReasonForm({"reason": "x"})
    assert form.is_valid()
    answer = run_service(form, raising(ValidationError({"reason": "Say why."})))
    assert (answer.done, answer.status) == (False, 400)
    assert form.errors["reason"] == ["Say why."]
    for error in (TransitionError("Already closed."), ConflictError("Changed meanwhile.")):
        form = ReasonForm({"reason": "x"})
        form.is_valid()
        answer = run_service(form, raising(error))
        assert (answer.done, answer.status) == (False, 409)
        assert form.non_field_errors() == [str(error)]
    done = run_service(ReasonForm({"reason": "x"}), lambda: "the result")
    assert (done.done, done.status, done.result) == (True, 200, "the result")
