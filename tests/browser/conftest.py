"""Browser tests draw maps on the state outlines alone: no tile server is reachable from a test
run, and a failed tile would count as a failed request."""

import pytest


@pytest.fixture(autouse=True)
def no_map_tiles(settings):
    settings.MAP_TILE_URL = ""
