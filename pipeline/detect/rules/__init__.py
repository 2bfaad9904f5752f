"""Built-in clause rules; importing this package registers them by name."""

from pipeline.detect.rules import (  # noqa: F401
    breach,
    data,
    deletion,
    identity,
    recipients,
    security,
    sentence,
    service,
    uses,
)
