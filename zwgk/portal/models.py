"""The site profile: the facts of a district's 政府门户网站 that every public page carries.

One profile per district root unit. The footer (主办单位, contact, 网站标识码, ICP备案号,
公安机关备案号, 党政机关标识) and the page meta tags (SiteName, SiteDomain, SiteIDCode) come from
here (rules.md §6.1). Writes go through `services.save_site_profile`.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# rules.md §6.1: 6-digit 行政区划代码 (or "bm" + 4 digits for a 国务院部门) + 4-digit sequence.
# The "bm" part is an inference, so the pattern is a setting (ZWGK_SITE_CODE_PATTERN).
DEFAULT_SITE_CODE_PATTERN = r"^(\d{6}|bm\d{4})\d{4}$"

# Province abbreviations used in ICP and 公安 registration numbers (both the common and the
# alternative forms, e.g. 川/蜀, 贵/黔, 云/滇, 甘/陇).
PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新"

# MIIT: 省简称ICP备NNNNNNNN号(-N). Numbers issued since 2020 carry a 4-digit year before a
# 6-digit serial (10 digits), so both lengths are accepted.
ICP_RE = re.compile(rf"^[{PROVINCES}]ICP备(\d{{8}}|\d{{10}})号(-\d{{1,3}})?$")
# 公安机关备案号: 省简称 + 公网安备 + 14 digits (the first six are the 行政区划代码) + 号.
POLICE_RE = re.compile(rf"^[{PROVINCES}]公网安备\d{{14}}号$")
# rules.md §6.1: English domains must end in .gov.cn; 中文域名 end in .政务.
DOMAIN_RE = re.compile(
    r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+gov\.cn$"
    r"|^([a-z0-9\u4e00-\u9fff]([a-z0-9\u4e00-\u9fff-]{0,61}[a-z0-9\u4e00-\u9fff])?\.)+政务$"
)


def site_code_pattern() -> str:
    return getattr(settings, "ZWGK_SITE_CODE_PATTERN", DEFAULT_SITE_CODE_PATTERN)


def validate_site_code(value: str) -> None:
    if not re.fullmatch(site_code_pattern(), value):
        raise ValidationError(
            _(
                "The website identification code has 10 characters: the 6-digit administrative "
                "division code (or bm and 4 digits) followed by a 4-digit number, e.g. 5001510001."
            ),
            code="invalid_site_code",
        )


def validate_icp(value: str) -> None:
    if not ICP_RE.match(value):
        raise ValidationError(
            _(
                "The ICP filing number has the form province abbreviation + ICP备 + 8 or 10 "
                "digits + 号, optionally -N, e.g. 渝ICP备05004494号-1."
            ),
            code="invalid_icp",
        )


def validate_police_number(value: str) -> None:
    if not POLICE_RE.match(value):
        raise ValidationError(
            _(
                "The public security filing number has the form province abbreviation + 公网安备 "
                "+ 14 digits + 号, e.g. 渝公网安备50015102000001号."
            ),
            code="invalid_police_number",
        )


def validate_domain(value: str) -> None:
    if not DOMAIN_RE.match(value):
        raise ValidationError(
            _(
                "Enter the host name only (no http:// and no path). A government website uses a "
                "domain ending in .gov.cn, e.g. www.cqstl.gov.cn."
            ),
            code="invalid_domain",
        )


class SiteProfile(models.Model):
    unit = models.OneToOneField(
        "orgs.Unit",
        on_delete=models.PROTECT,
        related_name="site_profile",
        verbose_name=_("district"),
    )
    name = models.CharField(_("website name"), max_length=100)
    domain = models.CharField(
        _("domain"),
        max_length=253,
        validators=[validate_domain],
        help_text=_("Host name only, e.g. www.cqstl.gov.cn."),
    )
    sponsor = models.CharField(_("sponsored by (主办单位)"), max_length=100)
    organizer = models.CharField(_("run by (承办单位)"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", message=_("A postcode has 6 digits."))],
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9\-－ ,，、()（）]+$",
                message=_("Enter phone numbers with digits and hyphens only, e.g. 023-45678901."),
            )
        ],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    site_code = models.CharField(
        _("website identification code"),
        max_length=10,
        validators=[validate_site_code],
        help_text=_("10 characters, e.g. 5001510001."),
    )
    icp_number = models.CharField(
        _("ICP filing number"),
        max_length=40,
        blank=True,
        validators=[validate_icp],
        help_text=_("e.g. 渝ICP备05004494号-1; linked to beian.miit.gov.cn in the footer."),
    )
    police_number = models.CharField(
        _("public security filing number"),
        max_length=40,
        blank=True,
        validators=[validate_police_number],
        help_text=_("e.g. 渝公网安备50015102000001号."),
    )
    show_party_gov_mark = models.BooleanField(_("show the party and government mark"), default=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("site profile")
        verbose_name_plural = _("site profiles")

    def __str__(self) -> str:
        return self.name


class ListingEntry(models.Model):
    """A published document's place in one public list (a column, a 法定主动公开内容 group, the
    catalogue of a unit, topic or year): a narrow copy of the sort key, kept by incremental
    publishing (incremental.sync_entries) and rebuilt by `zwgk publish --rebuild`.

    The lists count and cut their pages here, on one index, whatever the size of the documents
    table (a published list must not get slower to update as the site grows).
    """

    listing = models.CharField(max_length=80)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="listing_entries"
    )
    # The publication time, or EPOCH for a document without one (imported history): such
    # documents come first, oldest first, on every database.
    sort_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listing", "document"], name="unique_listing_entry")
        ]
        indexes = [models.Index(fields=["listing", "sort_at", "document"], name="listing_order")]

    def __str__(self) -> str:
        return f"{self.listing}: {self.document_id}"
