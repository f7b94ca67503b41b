"""Measurement helpers for bench/cluster_explore.py (stories-dev pair signals and linkages)."""
