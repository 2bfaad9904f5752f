"""The application layer: settings, the use cases shared by the CLI and the review app, and the CLI."""
