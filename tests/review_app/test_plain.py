"""review_app.components.plain: untrusted text escaped so Markdown shows it exactly."""

from __future__ import annotations

import pytest

from review_app.components.plain import md
from tests.review_app.seed import shown


@pytest.mark.parametrize(
    "text",
    [
        "![x](http://127.0.0.1:8000/planted.png)",
        '<img src="http://127.0.0.1/x.png">',
        "**bold** _em_ ~~gone~~ `code` $x^2$ :red[red] :smile: &amp; # heading",
        "1. list\n- item\n> quote\n| a | b |",
        "back\\slash",
    ],
)
def test_md_escapes_every_markdown_character_and_keeps_the_text(text: str) -> None:
    escaped = md(text)
    assert shown(escaped) == text
    for active in "![]()<>*_~`$:&#|":
        assert escaped.count(active) == escaped.count("\\" + active)
    assert "\n" not in escaped.replace("  \n", "")  # every line break a hard break
