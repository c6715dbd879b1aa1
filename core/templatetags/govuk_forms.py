"""Template filters for the GOV.UK form templates in templates/govuk/."""

from django import template

from core import govuk_forms

register = template.Library()


@register.filter
def govuk_widget(field, extra_classes: str = ""):
    """``{{ field|govuk_widget }}`` or ``{{ field|govuk_widget:"govuk-!-width-one-half" }}``"""
    return govuk_forms.render_widget(field, extra_classes or "")


@register.filter
def described_by(field) -> str:
    return govuk_forms.described_by(field)


@register.filter
def error_anchor(field) -> str:
    return govuk_forms.error_anchor(field)
