from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """The letters of 依申请公开 (答复书 and notices): a sub-app of disclosure_requests with its
    own models and migrations (the number sequences and the issued letters)."""

    name = "zwgk.disclosure_requests.letters"
    label = "disclosure_letters"
    verbose_name = _("Letters of disclosure on request")
