"""User text inside Streamlit's Markdown: escaped, so names and messages show as typed."""


def as_text(message: str) -> str:
    """A message that may quote user input, for a Markdown element: links, images, emphasis,
    code, maths and colour directives are escaped, so `![x](http://…)` or `**` shows as typed.

    Lighter than `escape_markdown`: plain sentences (dots, colons, brackets) stay unchanged.
    """
    for char in "\\`*_[]<>$~|":
        message = message.replace(char, "\\" + char)
    return message


def escape_markdown(text: str) -> str:
    """Every Markdown character escaped, for a heading or a line that must show exactly as written."""
    for char in "\\`*_{}[]<>()#+-.!|~$:":
        text = text.replace(char, "\\" + char)
    return text
