"""公开信箱: letters with a 查询码, routing, replies, satisfaction and statistics; messages left on
sites and accounts.
"""

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailboxConfig(AppConfig):
    name = "zwgk.mailbox"
    label = "mailbox"
    verbose_name = _("Public mailbox")

    def ready(self) -> None:
        from zwgk.core import deadlines, periodic
        from zwgk.orgs.permissions import is_staff_member
        from zwgk.supervision import problems, spotchecks
        from zwgk.workspace import inbox, nav

        from .deadlines import recompute_due_dates
        from .inbox import letter_items
        from .selectors import overdue_problems
        from .services import send_reminders
        from .spotcheck_population import answered_letters

        deadlines.register("mailbox.due_dates", recompute_due_dates)
        periodic.register(
            "mailbox.reminders", every=timedelta(hours=1), fn=lambda at: send_reminders(at=at)
        )
        problems.register("mailbox.overdue", overdue_problems)
        spotchecks.register_population("letters", answered_letters)
        inbox.register(letter_items)
        nav.register(nav.NavEntry(_("Public mailbox"), "mailbox:list", is_staff_member, order=40))
