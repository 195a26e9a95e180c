from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "zwgk.orgs"
    label = "orgs"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        from zwgk.core import policy

        from . import permissions

        policy.register(policy.VIEW_AUDIT, permissions.can_view_audit)
        policy.register(policy.MANAGE_CALENDAR, permissions.can_manage_calendar)

        # Audit trail: the unit a user acts for, and the labels of orgs' action codes.
        from zwgk.core import audit, audit_labels

        from . import selectors

        audit.register_unit_resolver(selectors.get_primary_unit)
        audit_labels.register(
            {
                "orgs.unit.created": _("Unit created"),
                "orgs.unit.contact_updated": _("Disclosure office contact changed"),
                "orgs.user.created": _("Account created"),
                "orgs.membership.added": _("Role granted"),
                "orgs.user.system_admin_granted": _("System administrator rights granted"),
            }
        )

        # Staff navigation: the district office's audit viewer (core may not import workspace).
        from zwgk.workspace import nav

        nav.register(
            nav.NavEntry(
                label=_("Audit log"),
                url_name="core:audit_list",
                allowed=permissions.can_view_audit,
                order=900,
            )
        )

        # Working-day calendar: calculator for all staff; nav entries and the inbox alert.
        from zwgk.core import hooks as calendar_hooks
        from zwgk.workspace import inbox

        policy.register(policy.USE_WORKDAY_CALCULATOR, permissions.is_staff_member)
        calendar_hooks.register_workspace_hooks(nav=nav, inbox=inbox)
