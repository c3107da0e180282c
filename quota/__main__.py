"""``python -m quota`` runs the command line."""

from quota.cli import main

main()
