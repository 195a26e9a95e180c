from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "zwgk.search"
    label = "search"
    verbose_name = _("Full-text search")

    def ready(self) -> None:
        from zwgk.documents import events

        from .indexing import on_documents_changed

        # Both hooks re-read the documents: a published one is (re)indexed, any other removed.
        events.on_published(on_documents_changed)
        events.on_withdrawn(on_documents_changed)
