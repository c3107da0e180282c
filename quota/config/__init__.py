"""Scenario configuration: canonical columns and aliases, the pydantic schema, loading scenario files."""
