"""The meeting page: a live what-if in the browser (``quota serve``), offline and local."""
