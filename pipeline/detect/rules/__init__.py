"""Built-in clause rules; importing this package registers them by name."""

from pipeline.detect.rules import breach, data, deletion, identity, recipients, security, sentence, uses  # noqa: F401
