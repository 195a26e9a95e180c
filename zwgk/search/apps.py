from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "zwgk.search"
    label = "search"
    verbose_name = _("Full-text search")

    def ready(self) -> None:
        from datetime import timedelta

        from zwgk.core import periodic
        from zwgk.documents import events

        from .indexing import on_documents_changed, refresh_changed_validity

        # Both hooks re-read the documents: a published one is (re)indexed, any other removed.
        events.on_published(on_documents_changed)
        events.on_withdrawn(on_documents_changed)
        # A change of 有效性 fires no event: pick it up from NormativeRecord.validity_changed_on.
        periodic.register(
            "search.refresh_validity",
            every=timedelta(minutes=15),
            fn=lambda at: refresh_changed_validity(at=at),
        )
