"""The ``dpa`` command line: every typer command and its console output, nothing else.

Each module registers one group of commands on ``app`` and calls the use cases of the other
``dpa`` packages; no use case lives here.
"""

from dpa.cli.app import app

__all__ = ["app"]
