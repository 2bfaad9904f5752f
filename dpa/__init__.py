"""The application layer: settings, the use cases shared by the CLI and the review app, and the CLI."""

import pipeline  # noqa: F401  (first: it keeps PyMuPDF's unused companions from loading)
