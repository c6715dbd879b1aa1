"""Filters shared by the API's filter sets."""

import django_filters
from django import forms

#: The largest id a PostgreSQL bigint (and SQLite integer) can hold.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    default_error_messages = {
        "invalid": "Enter a whole number (the record's id).",
        "min_value": "Ids start at 1.",
        "max_value": "No record has an id that large.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """A filter on a foreign key's id: a whole number in the database's range, so a value
    such as 8e29 or -2.6e+160 is a 400 with a field error on SQLite and PostgreSQL alike,
    never an integer overflow in the database driver."""

    field_class = IdField
