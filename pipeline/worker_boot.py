"""Imported first by the guard's forkserver, to make it (and every child it forks) a worker process.

A forkserver can only import modules before it forks, so this module's import does what
``configure_worker_process`` does — before PyMuPDF and the stages are preloaded after it, so that
the companions' skip takes effect and no child pays for them. Nothing else imports this module:
importing any other part of ``pipeline`` changes nothing in the process.
"""

from pipeline.worker_process import configure_worker_process

configure_worker_process()
