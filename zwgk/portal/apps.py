from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "zwgk.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from datetime import timedelta

        from zwgk.core import periodic
        from zwgk.documents import columns as document_columns
        from zwgk.documents import events, importer
        from zwgk.orgs.permissions import can_manage_site
        from zwgk.workspace import nav

        from .columns import list_columns_of, resolve_list_column
        from .tasks import on_documents_changed, republish_validity_changes

        nav.register(
            nav.NavEntry(
                label=_("Website settings"),
                url_name="portal_staff:site_profile",
                allowed=can_manage_site,
                order=900,
            )
        )
        # The documents app offers the portal's columns to clerks and tells the portal, after
        # each commit, which documents were published or withdrawn.
        document_columns.set_provider(list_columns_of)
        importer.register_column_resolver(resolve_list_column)
        events.on_published(on_documents_changed)
        events.on_withdrawn(on_documents_changed)
        periodic.register(
            "portal.republish_validity", every=timedelta(minutes=15), fn=republish_validity_changes
        )
