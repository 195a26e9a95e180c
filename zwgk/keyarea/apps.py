"""重点领域信息公开: the key-area column families, their required items and cadence, and the
completeness view.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeyAreaConfig(AppConfig):
    name = "zwgk.keyarea"
    label = "keyarea"
    verbose_name = _("Key-area disclosure")

    def ready(self) -> None:
        from zwgk.orgs.permissions import is_staff_member
        from zwgk.supervision import problems as problem_registry
        from zwgk.workspace import inbox, nav

        from .inbox import keyarea_items
        from .problems import SOURCE, missing_items

        inbox.register(keyarea_items)
        nav.register(
            nav.NavEntry(
                _("Key-area disclosure"), "keyarea:completeness", is_staff_member, order=15
            )
        )
        problem_registry.register(SOURCE, missing_items)
