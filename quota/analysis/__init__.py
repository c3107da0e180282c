"""Analyses over several solves: compare, sensitivity, the transition plan, synthetic data.

* comparison: :mod:`~quota.analysis.compare` (run the scenarios, the terminal summary),
  :mod:`~quota.analysis.compare_table`, :mod:`~quota.analysis.compare_effects`,
  :mod:`~quota.analysis.compare_writer`;
* sensitivity: :mod:`~quota.analysis.sensitivity` (run and aggregate),
  :mod:`~quota.analysis.sensitivity_draws`, :mod:`~quota.analysis.sensitivity_chart`,
  :mod:`~quota.analysis.sensitivity_writer`;
* transition plan, the algorithm: :mod:`~quota.analysis.transition` (settings, plan,
  :func:`~quota.analysis.transition.build_plan`), :mod:`~quota.analysis.transition_checks`,
  :mod:`~quota.analysis.transition_steps`, :mod:`~quota.analysis.hiring`;
* transition plan, for users: :mod:`~quota.analysis.plan` (a scenario's plan, the
  terminal summary), :mod:`~quota.analysis.plan_departures`,
  :mod:`~quota.analysis.plan_settings`, :mod:`~quota.analysis.plan_text`,
  :mod:`~quota.analysis.plan_markdown`, :mod:`~quota.analysis.plan_charts`,
  :mod:`~quota.analysis.plan_writer`;
* :mod:`~quota.analysis.synth`: synthetic street tables and scenarios;
* :mod:`~quota.analysis.phrases`: message pieces joined by separators of their own.

What they say to people is in the catalog :mod:`quota.locale.messages.analysis`.
"""
