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

        from datetime import timedelta

        from zwgk.core import periodic

        from .normative import expire_normative_documents
        from .services import publish_due_scheduled

        periodic.register(
            "documents.publish_scheduled",
            every=timedelta(minutes=1),
            fn=lambda at: publish_due_scheduled(at=at),
        )
        periodic.register(
            "documents.expire_normative",
            every=timedelta(hours=1),
            fn=lambda at: expire_normative_documents(at=at),
        )

        from zwgk.orgs.permissions import is_staff_member
        from zwgk.workspace import inbox, nav

        from .inbox import document_items

        inbox.register(document_items)

        from zwgk.supervision import problems

        from .problems import late_publication, missing_interpretation

        problems.register("documents.late_publication", late_publication)
        problems.register("documents.missing_interpretation", missing_interpretation)
        nav.register(nav.NavEntry(_("Documents"), "documents:list", is_staff_member, order=10))
        nav.register(
            nav.NavEntry(
                _("Normative clean-up"), "documents:cleanup_list", is_staff_member, order=11
            )
        )
