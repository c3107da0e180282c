"""Results: the Result object, its tables, fairness metrics and the promises checked on it."""
