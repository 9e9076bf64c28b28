"""Bench-only settings: the site's own, plus /__bare__/, a Django view with nothing around it,
to measure the floor of a request (bench/floor/run.py). Never used in production."""

from netzwerk.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.floor.urls"
