"""Solving: one dispatch over the engines (exact fast path, PuLP integer program, apportionment)."""
