"""User text inside Streamlit's Markdown: escaped, so names and messages show as typed.

`as_text` is the one helper for every string a user (or an uploaded file) wrote that a page shows through
Markdown: headings, captions, messages, the sidebar. Streamlit renders `st.markdown`, `st.subheader`,
`st.caption`, `st.info`/`warning`/`error`/`success` and widget labels as Markdown.
"""

import re

# Markdown, GFM, LaTeX, HTML and Streamlit's colour/icon directives; a backslash makes each literal.
_INLINE = "\\`*_[]<>$~|"
_LINE_START = re.compile(r"(?m)^(\s*)([#>+\-=]|\d+[.)])")
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<![\w\\])(w)(?=ww\.)")


def as_text(message) -> str:
    """A message that may quote user input, for a Markdown element: links, images, autolinks (`http://…`,
    `www.…`), emphasis, code, maths, HTML and colour directives are escaped, so `![x](http://…)`, `**b**` or
    `[l](http://e)` shows as typed and fetches nothing. Plain sentences render unchanged."""
    text = str(message if message is not None else "")
    for char in _INLINE:
        text = text.replace(char, "\\" + char)
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _AUTOLINK.sub(lambda m: "\\" + m.group(0), text)
