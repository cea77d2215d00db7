"""Evaluation and benchmarks: `python -m eval retrieval|answers|bench`."""
