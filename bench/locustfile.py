"""The load of `bench/region_load.py`: a school coordinator's and a committee specialist's working day, and the
/health/ probe as the yardstick. The pages come from the runner (BENCH_PAGES, a JSON file of role → [(label, url,
weight)] and role → (login, password)): the locust process knows no Django."""

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_PAGES"], encoding="utf-8").read()) if "BENCH_PAGES" in os.environ else {}


class _Person(HttpUser):
    abstract = True
    wait_time = between(0, 0)  # a closed loop: the throughput is what the server gives, not a think time
    role = ""

    def on_start(self):
        login, password = PLAN["logins"][self.role]
        self.client.get("/accounts/login/", name="вход")
        token = self.client.cookies.get("csrftoken")
        self.client.post("/accounts/login/", {"username": login, "password": password, "csrfmiddlewaretoken": token},
                         headers={"Referer": self.host + "/accounts/login/"}, name="вход")
        for cookie in self.client.cookies:  # the server marks cookies Secure (it stands behind TLS in production)
            cookie.secure = False
        pages = PLAN["pages"][self.role]
        self.pages = [(label, url) for label, url, _ in pages]
        self.weights = [weight for _, _, weight in pages]

    @task
    def open_a_page(self):
        label, url = random.choices(self.pages, weights=self.weights)[0]
        with self.client.get(url, name=label, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")


class Coordinator(_Person):
    role = "coordinator"


class Committee(_Person):
    role = "committee"


class Probe(HttpUser):
    wait_time = between(0, 0)

    @task
    def health(self):
        self.client.get("/health/", name="/health/")
