from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewMediaConfig(AppConfig):
    name = "zwgk.newmedia"
    label = "newmedia"
    verbose_name = _("Government new media")
