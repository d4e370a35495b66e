"""Pieces of the benchmark suite (``bench/run.py``); not part of any service."""
