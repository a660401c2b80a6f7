"""Measurements, kept out of the production apps: `manage.py benchmark` (page
throughput against two baselines, on its own database), `benchmark_digest`
(the digest run for many members) and `benchmark_import` (a large monitoring
import). This package may import every app; no app imports it."""
