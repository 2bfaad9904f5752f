"""Development tools, not district features: ``dpa eval`` (detection and redaction accuracy on
labelled sets) and ``dpa bench`` (speed of each stage). Nothing in the product imports them."""
