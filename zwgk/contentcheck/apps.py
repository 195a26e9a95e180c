from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentcheckConfig(AppConfig):
    name = "zwgk.contentcheck"
    label = "contentcheck"
    verbose_name = _("Content checks")

    def ready(self) -> None:
        from zwgk.core import audit_labels
        from zwgk.workspace import nav

        from .lists import LISTS
        from .permissions import can_manage_dictionaries

        verbs = {
            "added": _("%(list)s: entry added"),
            "changed": _("%(list)s: entry changed"),
            "deactivated": _("%(list)s: entry deactivated"),
            "reactivated": _("%(list)s: entry reactivated"),
            "imported": _("%(list)s: CSV file imported"),
        }
        audit_labels.register(
            {
                f"contentcheck.{spec.audit_name}.{verb}": _LazyLabel(label, spec.title)
                for spec in LISTS.values()
                for verb, label in verbs.items()
            }
        )
        nav.register(
            nav.NavEntry(
                label=_("Content check lists"),
                url_name="contentcheck:index",
                allowed=can_manage_dictionaries,
                order=800,
            )
        )


class _LazyLabel:
    """ "敏感词: entry added" in the language of the request that displays it."""

    def __init__(self, template: object, list_title: object) -> None:
        self.template = template
        self.list_title = list_title

    def __str__(self) -> str:
        return str(self.template) % {"list": str(self.list_title)}
