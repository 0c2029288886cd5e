"""Which screen a page is drawn for: a phone held upright, or a laptop or projector.

The server sees no screen width, only the browser's User-Agent: phones say "Mobi" (Android phones, not
tablets) or "iPhone". `?tampilan=ponsel` or `?tampilan=layar` in the URL overrides it either way.
"""

import streamlit as st

VIEW_PARAM = "tampilan"
PHONE, SCREEN = "ponsel", "layar"


def is_phone() -> bool:
    choice = st.query_params.get(VIEW_PARAM)
    if choice in (PHONE, SCREEN):
        return choice == PHONE
    agent = (st.context.headers.get("User-Agent") or "").lower()
    return "mobi" in agent or "iphone" in agent
