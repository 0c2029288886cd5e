"""Benchmarks and their baselines (run as scripts: `uv run python bench/run.py ...`)."""
