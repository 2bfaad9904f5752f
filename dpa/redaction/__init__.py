"""Redaction: runs of stored agreements (propose, a reviewer's additions and decisions, apply,
verify, approve), what the screens show of them, and the one-shot redaction of a file."""
