"""The public search form: what a query string may contain, with a clear message otherwise."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .engine import Filters

MAX_QUERY = 100
MAX_PAGE = 100


def _no_control_characters(value: str) -> None:
    if any((ord(char) < 32 and char not in "\t\n\r") or ord(char) == 127 for char in value):
        raise forms.ValidationError(
            _("The search words contain control characters; please type them again."),
            code="control",
        )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY,
        validators=[_no_control_characters],
        error_messages={
            "max_length": _(
                "Please use at most %(limit_value)d characters (you typed %(show_value)d)."
            ),
            "null_characters_not_allowed": _(
                "The search words contain control characters; please type them again."
            ),
        },
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        error_messages={
            "invalid_choice": _("There is no such unit; please choose one from the list.")
        },
    )
    topic = forms.TypedChoiceField(
        label=_("Topic"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _("There is no such topic; please choose one from the list.")
        },
    )
    year = forms.TypedChoiceField(
        label=_("Year published"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Please choose a year from the list.")},
    )
    validity = forms.ChoiceField(
        label=_("Validity (normative documents)"),
        required=False,
        error_messages={"invalid_choice": _("Please choose a validity from the list.")},
    )
    page = forms.IntegerField(
        label=_("Page"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": _("The page number must be a whole number."),
            "min_value": _("The page number must be at least 1."),
            "max_value": _(
                "Only the first %(limit_value)s pages of results are shown; "
                "please narrow the search."
            ),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything: list[tuple[str, Any]] = [("", _("All"))]
        self._choice("unit").choices = anything + [
            (unit.code, unit.name) for unit in selectors.list_search_units()
        ]
        self._choice("topic").choices = anything + [
            (str(topic.pk), topic.name) for topic in selectors.list_search_topics()
        ]
        self._choice("year").choices = anything + [
            (str(year), str(year)) for year in selectors.list_search_years()
        ]
        self._choice("validity").choices = [*anything, *selectors.validity_choices()]

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            unit=data.get("unit") or "",
            topic=data.get("topic"),
            year=data.get("year"),
            validity=data.get("validity") or "",
        )

    def has_filters(self) -> bool:
        return self.filters() != Filters()
