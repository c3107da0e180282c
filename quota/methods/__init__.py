"""Workload methods: indicator weights and scores, WISN workload standards.

- :mod:`~quota.methods.scores`: indicator values, their transforms and the one score kernel;
- :mod:`~quota.methods.weights`: weights set by hand or derived (and combined), a kind's scores;
- :mod:`~quota.methods.entropy_critic`: the entropy-weight method (熵值法) and CRITIC;
- :mod:`~quota.methods.ahp`: AHP weights and consistency; :mod:`~quota.methods.ahp_file`
  reads a pairwise-comparison matrix from CSV or YAML;
- :mod:`~quota.methods.table_weights`: weights of a street table's columns (``quota weights``);
- :mod:`~quota.methods.wisn` and :mod:`~quota.methods.workload`: WHO WISN workload standards;
- :mod:`~quota.methods.phrases`: pieces of the methods' messages.
"""
