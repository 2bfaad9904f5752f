"""Untrusted text shown as text: never as Markdown, HTML or LaTeX.

Streamlit renders GitHub-flavoured Markdown (with LaTeX between ``$``, ``:colour[...]``
directives and ``:emoji:`` codes) in ``st.markdown``, ``st.write``, ``st.caption``, the alerts
(``st.info`` / ``success`` / ``warning`` / ``error``), headings, image captions, widget labels and
help, and the options of ``st.radio``. Text from an agreement (clauses, titles, operator names,
values), file names, notes, user names and error messages that quote any of them must not be read
as Markdown there: a planted ``![x](http://…)`` would make the reviewer's browser fetch the image.

``md`` escapes such text for mixing into a Markdown string: every ASCII punctuation character gets
a backslash (CommonMark lets any of them be escaped, and Streamlit reads ``\\$`` as a dollar sign),
so no link, image, emphasis, HTML tag, directive or formula can start inside it, and each line break
becomes a hard break, so a line cannot open a heading, list or quote. ``st.dataframe``,
``st.text``, ``st.code`` and the options of ``st.selectbox`` show text as it is and need nothing.
"""

from __future__ import annotations

import re

import streamlit as st

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def md(text: object) -> str:
    """``text`` (anything, as ``str``) escaped so Markdown shows it exactly, line breaks kept."""
    escaped = _PUNCTUATION.sub(r"\\\1", str(text))
    return _LINE_BREAK.sub("  \n", escaped)


def alert(level: str, message: str) -> None:
    """``st.success`` / ``info`` / ``warning`` / ``error`` of a message, shown as text."""
    getattr(st, level)(md(message))
