"""Publishing the district's public SOPPA listing (105 ILCS 85/27): collect, render, manifest, publish."""

from dpa.publish.collect import RedactedFileError, collect_listing
from dpa.publish.service import (
    LastPublication,
    Preview,
    PublishError,
    PublishResult,
    last_publication,
    preview,
    publish,
)

__all__ = [
    "LastPublication",
    "Preview",
    "PublishError",
    "PublishResult",
    "RedactedFileError",
    "collect_listing",
    "last_publication",
    "preview",
    "publish",
]
