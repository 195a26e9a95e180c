from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureRequestsConfig(AppConfig):
    name = "zwgk.disclosure_requests"
    label = "disclosure_requests"
    verbose_name = _("Disclosure on request")
