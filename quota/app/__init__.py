"""The meeting page: a live what-if in the browser (``quota serve``), offline and local.

- :mod:`quota.app.state`: the meeting (the scenario as loaded, the changes, the
  decisions), re-solved at every change; no web framework, so tests and the
  benchmark drive it directly (:func:`quota.app.state.time_changes`);
- :mod:`quota.app.view`: what the page shows, as plain data, in one language;
  :mod:`quota.app.charts` its two charts as ECharts options;
- :mod:`quota.app.saving`: "Save" (a scenario that ``extends:`` the loaded one,
  checked to reproduce the page) and "Export" (the folder ``quota run`` writes);
- :mod:`quota.app.page`, :mod:`quota.app.controls`: the NiceGUI page;
- :mod:`quota.app.server`: the server start, 127.0.0.1 unless told otherwise.

Only ``page``, ``controls`` and ``server.run_server`` import NiceGUI (the optional
extra ``quota[app]``), and only when ``quota serve`` runs.
"""
