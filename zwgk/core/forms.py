"""Form mixins every app's forms use, staff and public alike.

- `ClearNullsMixin`: control characters (NUL cannot even be stored by PostgreSQL) and the
  bidirectional overrides that make text display in another order than it is stored ("Trojan
  source") are refused with a message at their field, instead of failing later. Line breaks,
  tabs, the ordinary direction marks and emoji are fine.
- `AccessibleFormMixin`: every field carries the ids of its hint and its error in
  aria-describedby, and aria-invalid when it is wrong, so a screen reader announces why a field
  was refused.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


class ClearNullsMixin:
    """Refuse control characters with a message instead of failing later."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and BAD_CHARS.search(value):
                self.add_error(  # type: ignore[attr-defined]
                    name, _("This field contains an invalid control character.")
                )
        return cleaned


class AccessibleFormMixin:
    """Hint and error ids in aria-describedby; aria-invalid on refused fields."""

    DESCRIBED_BY: dict[str, str] = {}  # field → id of another element that explains it

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.describe()

    def describe(self) -> None:
        form: forms.Form = self  # type: ignore[assignment]
        for name, field in form.fields.items():
            bound = form[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if form.is_bound and name in form.errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            extra = self.DESCRIBED_BY.get(name)
            if extra:
                ids.insert(0, extra)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)
