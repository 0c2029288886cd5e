"""Kesos entry point: page config, login, and the pages this role may see (st.navigation)."""

import streamlit as st

from kesos import auth, navigation, web
from kesos.config import ConfigError, settings
from kesos.errors import DatabaseUnavailable
from kesos.security import ROLE_LABELS

st.set_page_config(page_title="Kesos", page_icon=":material/diversity_3:", layout="wide")
web.builtin_texts_in_indonesian()

try:
    engine = web.engine()
    actor, cookie_writer = auth.current_actor(engine, settings())
except ConfigError as exc:
    st.error(f"Kesos belum dikonfigurasi dengan benar: {web.as_text(str(exc))}")
    st.stop()
except DatabaseUnavailable as exc:
    st.error(exc.message, icon=":material/database_off:")
    st.stop()
st.session_state[web.ACTOR_KEY] = actor


def _login_page() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("Kesos")
        st.caption("Dasbor koordinasi kesejahteraan sosial")
        auth.login_form(engine, settings(), cookie_writer)
        if settings().demo_mode:
            from kesos.demo import login_hint

            st.info(login_hint())


def _denied_page() -> None:
    st.error("Anda tidak punya akses ke halaman ini.")


# The overview is the default page, served at "/". Streamlit reserves a default page's own path
# without serving it, so a typed or bookmarked /ringkasan would say "Page not found": the default
# page gets no path of its own and /ringkasan is a hidden page that moves on to "/" (filters kept).
OVERVIEW = navigation.PAGES[0]


def _url_path(spec: navigation.PageSpec) -> str:
    return "" if spec is OVERVIEW else spec.key


if actor is None:
    # Every page URL draws the login form, so a deep link or a refresh stays where it was.
    pages = [st.Page(_login_page, title=p.title, url_path=_url_path(p), default=(i == 0))
             for i, p in enumerate(navigation.PAGES)]
    pages.append(st.Page(_login_page, title=OVERVIEW.title, url_path=OVERVIEW.key, visibility="hidden"))
    st.navigation(pages, position="hidden").run()
    st.stop()

sections: dict[str, list] = {}
for p in navigation.pages_for(actor.role):
    sections.setdefault(p.section, []).append(st.Page(p.script, title=p.title, icon=p.icon, url_path=_url_path(p),
                                                      default=p is OVERVIEW))
overview = sections[OVERVIEW.section][0]  # every role may see the overview; it comes first


def _to_overview() -> None:
    st.switch_page(overview, query_params=st.query_params.to_dict())


hidden = [st.Page(_denied_page, title=p.title, url_path=p.key, visibility="hidden")
          for p in navigation.PAGES if actor.role not in p.roles]
hidden.append(st.Page(_to_overview, title=OVERVIEW.title, url_path=OVERVIEW.key, visibility="hidden"))
sections.setdefault("Lainnya", []).extend(hidden)
page = st.navigation(sections, expanded=True)  # collapsed, the data pages hid behind "View 7 more"

with st.sidebar:
    st.markdown(f"**{web.as_text(st.session_state.get('name') or actor.username)}**")
    st.caption(ROLE_LABELS.get(actor.role, actor.role))
    if st.button("Keluar", icon=":material/logout:", key="kesos_logout"):
        auth.logout(engine, cookie_writer, settings())
try:
    page.run()
except DatabaseUnavailable as exc:  # a read failed; a failed save is shown beside its form instead
    st.error(exc.message, icon=":material/database_off:")
