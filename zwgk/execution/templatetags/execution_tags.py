"""`{{ text|masked }}`: free text written by staff, with identity and mobile numbers masked for
display (security.md §3.3). Publication refuses such text anyway (services.publish_summary)."""

from django import template

from zwgk.core.masking import mask_text

register = template.Library()


@register.filter
def masked(value: object) -> str:
    return mask_text(str(value or ""))
