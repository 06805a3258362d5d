"""Demo data for `manage.py seed_demo`: one module per app (components, editorial, feedback, portal).

A Django app only so that its management command is found. It may import every app; no app imports it
(checked by import-linter in `make lint`, docs/decisions/0802-dependency-directions.md).
"""
