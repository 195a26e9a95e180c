"""Background tasks of 政策直通车 (django-tasks): the push of a policy revision and the
double opt-in confirmation message. Enqueued after the commit by services.py."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from . import push


@task()
def push_policy(policy_id: int, revision: int) -> dict[str, int]:
    return push.push_policy(policy_id=policy_id, revision=revision, at=timezone.now())


@task()
def send_confirmation(subscription_id: int, token: str) -> bool:
    return push.send_confirmation(subscription_id=subscription_id, token=token)
