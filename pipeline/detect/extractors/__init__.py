"""Value extractors: pure functions from text to the label vocabulary, registered by versioned name."""

from pipeline.detect.extractors import durations, elements, names, products, standards, uses  # noqa: F401
