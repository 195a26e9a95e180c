"""Labels of the mailbox app's audit action codes (shown by the audit viewer)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "mailbox.mailbox.created": _("Mailbox created"),
        "mailbox.mailbox.updated": _("Mailbox changed"),
        "mailbox.letter.received": _("Letter received through the portal"),
        "mailbox.letter.transferred": _("Letter transferred to another unit"),
        "mailbox.letter.reply_submitted": _("Reply to a letter submitted for approval"),
        "mailbox.letter.reply_returned": _("Reply to a letter returned by the head"),
        "mailbox.letter.replied": _("Reply to a letter approved and sent"),
        "mailbox.letter.rated": _("Letter rated by its writer"),
        "mailbox.letter.published": _("Letter published"),
        "mailbox.letter.unpublished": _("Letter withdrawn from publication"),
        "mailbox.letter.reminded": _("Letter deadline reminder"),
        "mailbox.letter.escalated": _("Overdue letter escalated"),
        "mailbox.letter.sentiment": _("Letter escalated as a public-opinion case"),
        "mailbox.letter.personal_data_viewed": _("Letter writer's personal data viewed"),
        "mailbox.message.recorded": _("Message recorded"),
        "mailbox.message.imported": _("Messages imported"),
        "mailbox.message.answered": _("Message answer recorded"),
        "mailbox.message.sentiment": _("Message escalated as a public-opinion case"),
    }
)
