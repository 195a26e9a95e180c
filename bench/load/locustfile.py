"""Load mix for `bench/load/run.py` (issue 5 item 10; security.md T22): 80 % public reads, 15 %
staff lists, 5 % form posts, 1–3 s think time, all against 127.0.0.1.

The runner writes a JSON configuration (path in ZWGK_LOAD_CONFIG): the public URLs found by
crawling the portal, the staff list URLs, a staff session cookie, the unit to register in and the
file where acknowledged writes are appended. Requests are grouped under three names ("read",
"staff list", "write") so locust's CSV gives the p95 of each group. A 5xx is a failure; 429 (rate
limit by design) is counted apart and not a failure. A form post is acknowledged when the server
answers 302 to the new application; its unique title is then appended to the ack file, and the
runner checks afterwards that every acknowledged application is in the database.
"""

from __future__ import annotations

import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

CONFIG = json.loads(open(os.environ["ZWGK_LOAD_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COUNTS = {"429": 0, "5xx": 0}


def _judge(response) -> None:  # type: ignore[no-untyped-def]
    if response.status_code >= 500:
        COUNTS["5xx"] += 1
        response.failure(f"HTTP {response.status_code}")
    elif response.status_code == 429:
        COUNTS["429"] += 1
        response.success()
    elif response.status_code >= 400:
        response.failure(f"HTTP {response.status_code}")
    else:
        response.success()


class Visitor(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.staff_cookies = {CONFIG["cookie_name"]: CONFIG["session"]}

    @task(80)
    def public_read(self) -> None:
        url = random.choice(CONFIG["reads"])
        with self.client.get(url, name="read", catch_response=True) as response:
            _judge(response)

    @task(15)
    def staff_list(self) -> None:
        url = random.choice(CONFIG["staff"])
        with self.client.get(
            url,
            name="staff list",
            cookies=self.staff_cookies,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code in (301, 302):
                response.failure("staff session refused (redirect)")
            else:
                _judge(response)

    @task(5)
    def form_post(self) -> None:
        url = CONFIG["form"]
        page = self.client.get(
            url, name="write (form page)", cookies=self.staff_cookies, allow_redirects=False
        )
        found = CSRF_RE.search(page.text or "")
        if page.status_code != 200 or not found:
            return
        title = f"压测申请-{uuid.uuid4().hex[:12]}"
        data = dict(CONFIG["form_data"], info_title=title, csrfmiddlewaretoken=found.group(1))
        cookies = dict(self.staff_cookies, **self.client.cookies.get_dict())
        with self.client.post(
            url,
            data=data,
            name="write",
            cookies=cookies,
            headers={"Referer": self.host + url},
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code == 302:
                response.success()
                with open(CONFIG["acks"], "a", encoding="utf-8") as acks:
                    acks.write(title + "\n")
            elif response.status_code == 200:
                response.failure("form refused (200 with errors)")
            else:
                _judge(response)


@events.quitting.add_listener
def _write_counts(environment, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    with open(CONFIG["counts"], "w", encoding="utf-8") as out:
        json.dump(COUNTS, out)
