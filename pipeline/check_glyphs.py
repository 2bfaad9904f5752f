"""Check-box characters of a text layer, shared by parse (which reads them as marks) and detection
(which strips them from the label beside them).

Wingdings fonts put their boxes in the private-use area (or plain Latin letters), so those count only
in a symbol font.
"""

from __future__ import annotations

CHECKED_GLYPHS = frozenset("☒☑✓✔✗✘⊠■")
UNCHECKED_GLYPHS = frozenset("☐□")
SYMBOL_CHECKED = frozenset({"\uf0fe", "\uf0fd", "\uf078", "\uf0fc", "\uf053", "\uf052", "\uf0d0"})
SYMBOL_UNCHECKED = frozenset({"\uf0a8", "\uf06f", "\uf0a3", "\uf071", "\uf02a"})
ANY_GLYPH = CHECKED_GLYPHS | UNCHECKED_GLYPHS | SYMBOL_CHECKED | SYMBOL_UNCHECKED
