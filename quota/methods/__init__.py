"""Workload methods: indicator weights and scores, WISN workload standards."""
