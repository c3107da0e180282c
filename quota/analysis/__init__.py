"""Analyses over several solves: compare, sensitivity, the transition plan, synthetic data."""
