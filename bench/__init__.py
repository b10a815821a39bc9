"""Benchmark scripts: run them from the project root with `python -m bench.<name>` or `make bench`."""
