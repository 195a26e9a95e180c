from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentcheckConfig(AppConfig):
    name = "zwgk.contentcheck"
    label = "contentcheck"
    verbose_name = _("Content checks")
