"""Ratio benchmarks: each bench_*.py module compares SafetyDesk with a raw baseline in the same run.

Run them all with `.venv/bin/python bench/run.py [--quick]`. They are never part of the test suite.
"""
