"""Helpers the directory and the events app share (facets, pagination, the request deadline)."""
