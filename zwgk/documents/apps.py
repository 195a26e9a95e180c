from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "zwgk.documents"
    label = "documents"
    verbose_name = _("Documents and proactive disclosure")

    def ready(self) -> None:
        from zwgk.core import deadlines

        from .deadlines import recompute_publish_due_dates

        deadlines.register("documents.publish_due_date", recompute_publish_due_dates)

        from zwgk.orgs.permissions import is_staff_member
        from zwgk.workspace import inbox, nav

        from .inbox import document_items

        inbox.register(document_items)
        nav.register(nav.NavEntry(_("Documents"), "documents:list", is_staff_member, order=10))
