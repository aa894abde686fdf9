"""The load mix, for locust: one scenario per run, its URLs in turn.

BENCH_TARGETS names a JSON file mapping scenario to URL paths, BENCH_SCENARIO
the scenario to drive. Each simulated client requests the scenario's URLs
round-robin, without think time.
"""

import itertools
import json
import os

from locust import FastHttpUser, task

with open(os.environ["BENCH_TARGETS"], encoding="utf-8") as targets:
    TARGETS = json.load(targets)
SCENARIO = os.environ["BENCH_SCENARIO"]


class Visitor(FastHttpUser):
    def on_start(self):
        self.urls = itertools.cycle(TARGETS[SCENARIO])

    @task
    def request(self):
        self.client.get(next(self.urls), name=SCENARIO)
