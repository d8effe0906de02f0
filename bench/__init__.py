"""Benchmarks: ``make bench`` (``bench/run.py``) runs every ``scenario_*.py`` here. See README.md."""
