from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeyAreaConfig(AppConfig):
    name = "zwgk.keyarea"
    label = "keyarea"
    verbose_name = _("Key-area disclosure")
