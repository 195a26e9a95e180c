"""Labels of the policies app's audit action codes (shown by the audit viewer)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "policies.policy.created": _("Policy entered in the library"),
        "policies.policy.updated": _("Policy draft changed"),
        "policies.policy.revised": _("Published policy revised"),
        "policies.revision.submitted": _("Policy revision submitted for review"),
        "policies.revision.returned": _("Policy revision returned by the reviewer"),
        "policies.policy.submitted": _("Policy submitted for review"),
        "policies.policy.published": _("Policy reviewed and published"),
        "policies.policy.changed": _("Policy revision reviewed and published"),
        "policies.policy.returned": _("Policy returned by the reviewer"),
        "policies.policy.expired": _("Policy expired (validity ended)"),
        "policies.policy.imported": _("Policies imported from a spreadsheet"),
        "policies.category.saved": _("Policy category saved"),
        "policies.subscription.requested": _("Policy subscription requested"),
        "policies.subscription.confirmed": _("Policy subscription confirmed"),
        "policies.subscription.ended": _("Policy subscription ended"),
        "policies.subscription.purged": _("Unconfirmed policy subscriptions deleted"),
        "policies.push.completed": _("Policy pushed to subscribers"),
        "policies.push.retried": _("Policy deliveries retried"),
    }
)
