"""Monitoring data: population estimates and patrol summaries published by the information centres.

An app of its own because monitoring figures are the partnership's shared
*data* (seed 001 IV(3), seed 003 topic 2): they have their own publishers (the
information centres), embargoes, imports from CSV/XLSX/SMART, charts and
downloads, and are read by the API; they are neither activities (joint work
with indicators) nor news."""
