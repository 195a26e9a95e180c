"""The editable dictionaries behind textcheck: sensitive words, wrong expressions, leaders.

The district office maintains them; every unit's content is checked against the same lists.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DictionaryEntry(models.Model):
    """What every list's entry has: a switch (entries are deactivated, never deleted) and the
    time of the last change."""

    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField()

    class Meta:
        abstract = True


class SensitiveWord(DictionaryEntry):
    word = models.CharField(_("word"), max_length=50, unique=True)
    category = models.CharField(_("category"), max_length=30, blank=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("sensitive word")
        constraints = [models.CheckConstraint(condition=~models.Q(word=""), name="word_not_empty")]

    def __str__(self) -> str:
        return self.word


class WrongExpression(DictionaryEntry):
    wrong = models.CharField(_("wrong form"), max_length=50, unique=True)
    right = models.CharField(_("right form"), max_length=50)

    class Meta:
        ordering = ["wrong"]
        verbose_name = _("wrong expression")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(wrong=models.F("right")), name="wrong_differs"
            ),
            models.CheckConstraint(
                condition=~models.Q(wrong="") & ~models.Q(right=""), name="expression_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wrong}→{self.right}"


class LeaderTitle(DictionaryEntry):
    """A leader and their correct title; several posts are separated by 、 (区委常委、副区长)."""

    name = models.CharField(_("leader's name"), max_length=20, unique=True)
    title = models.CharField(_("leader's post"), max_length=30)

    class Meta:
        ordering = ["name"]
        verbose_name = _("leader")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name="") & ~models.Q(title=""), name="leader_not_empty"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"


class DictionaryRevision(models.Model):
    """One row, bumped by every write to any list (services.py): the compiled checker of each
    process is rebuilt when this number moves (selectors.get_checker)."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="single_revision")]

    def __str__(self) -> str:
        return f"#{self.number}"
