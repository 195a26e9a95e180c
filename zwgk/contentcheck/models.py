"""The editable dictionaries behind textcheck: sensitive words, wrong expressions, leaders.

The district office maintains them; every unit's content is checked against the same lists.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SensitiveWord(models.Model):
    word = models.CharField(_("word"), max_length=50, unique=True)
    category = models.CharField(_("category"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["word"]
        verbose_name = _("sensitive word")
        constraints = [models.CheckConstraint(condition=~models.Q(word=""), name="word_not_empty")]

    def __str__(self) -> str:
        return self.word


class WrongExpression(models.Model):
    wrong = models.CharField(_("wrong form"), max_length=50, unique=True)
    right = models.CharField(_("right form"), max_length=50)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["wrong"]
        verbose_name = _("wrong expression")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(wrong=models.F("right")), name="wrong_differs"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wrong}→{self.right}"


class LeaderTitle(models.Model):
    name = models.CharField(_("name"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=30)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("leader")

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"
