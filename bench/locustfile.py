"""The load of `bench/region_load.py`: a school coordinator's and a committee specialist's working day, and the
/health/ probe as the yardstick. The pages and the signed-in sessions come from the runner (BENCH_PAGES, a JSON
file: role → [(label, url, weight)], role → [cookies]): the locust process knows no Django."""

import itertools
import json
import os
import random

from _login import plain  # noqa: E402 - locust puts the locustfile's folder on sys.path
from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_PAGES"], encoding="utf-8").read()) if "BENCH_PAGES" in os.environ else {}


_TURN = {"coordinator": itertools.count(), "committee": itertools.count()}  # each simulated user its own session


class _Person(HttpUser):
    abstract = True
    wait_time = between(0, 0)  # a closed loop: the throughput is what the server gives, not a think time
    role = ""

    def on_start(self):
        # signed in by the runner beforehand: a login costs a password hash (~0.5 s of CPU), which is not the load
        cookies = PLAN["sessions"][self.role][next(_TURN[self.role]) % len(PLAN["sessions"][self.role])]
        for name, value in cookies.items():
            self.client.cookies.set(name, value)
        pages = PLAN["pages"][self.role]
        self.pages = [(label, url) for label, url, _ in pages]
        self.weights = [weight for _, _, weight in pages]

    @task
    def open_a_page(self):
        label, url = random.choices(self.pages, weights=self.weights)[0]
        plain(self.client)
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
