"""The filters a page shows (province, kab/kota, years, LKS type), kept in the URL so a link reopens the view."""

import streamlit as st

from kesos import clock, queries
from kesos.security import Actor
from kesos.web.core import query
from kesos.web import device


ALL_PROVINCES = "semua"  # ?prov=semua: every province of a national deployment


def may_pick_all_provinces(actor: Actor, province_codes: list[str]) -> bool:
    """An admin or pimpinan of a national deployment (no province of their own, several provinces)."""
    return actor.province_code is None and actor.kab_kota_code is None and len(province_codes) > 1


def _query_param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value or None


def _years(first_year: int) -> list[int]:

    return list(range(clock.today().year, first_year - 1, -1))


def url_filters(actor: Actor, *, year_range: bool = False, lks_type: bool = False,
                first_year: int = 2010, default_year: int | None = None) -> queries.Filters:
    """The filters the URL's query parameters ask for, each checked against what the actor may pick.

    A value that is not on offer (a typo, another province's kab/kota) falls back to the default,
    so a shared link never breaks the page. Returns filters already clamped to the actor's scope.
    """
    from kesos import vocab

    years = _years(first_year)
    province_codes = query(queries.provinces, actor)["code"].tolist()
    if not province_codes:
        st.info("Belum ada lembaga koordinasi yang terdaftar untuk wilayah Anda.")
        st.stop()
    wanted_province = _query_param("prov")
    if wanted_province == ALL_PROVINCES and may_pick_all_provinces(actor, province_codes):
        province, kab_kota_codes = None, []
    else:
        province = wanted_province if wanted_province in province_codes else province_codes[0]
        kab_kota_codes = query(queries.kab_kota_options, actor, province)["code"].tolist()
    kab_kota = _query_param("kab") if _query_param("kab") in kab_kota_codes else None

    def _year(param: str, default: int) -> int:
        try:
            value = int(_query_param(param) or default)
        except ValueError:
            value = default
        return value if value in years else default

    year_to = _year("tahun", default_year if default_year in years else years[0])
    year_from = min(_year("dari", max(years[-1], years[0] - 4)), year_to) if year_range else year_to
    wanted_type = _query_param("jenis") if lks_type else None
    return queries.scoped(actor, queries.Filters(
        province_code=province, kab_kota_code=kab_kota, year_from=year_from, year_to=year_to,
        lks_type=wanted_type if wanted_type in vocab.LKS_TYPES else None,
    ))


def filters_to_url(filters: queries.Filters, *, year_range: bool = False, **extra: str) -> None:
    """Write the filters into the URL (replacing what was there), so a shared link reopens the view."""
    params = {"prov": filters.province_code or ALL_PROVINCES, "tahun": str(filters.year_to)}
    if filters.kab_kota_code:
        params["kab"] = filters.kab_kota_code
    if year_range:
        params["dari"] = str(filters.year_from)
    if filters.lks_type:
        params["jenis"] = filters.lks_type
    if st.query_params.get(device.VIEW_PARAM):  # ?tampilan=ponsel|layar stays: the screen the link asks for
        params[device.VIEW_PARAM] = st.query_params[device.VIEW_PARAM]
    st.query_params.from_dict({**params, **extra})


def filter_bar(actor: Actor, *, year_range: bool = False, lks_type: bool = False,
               first_year: int = 2010, default_year: int | None = None) -> queries.Filters:
    """Province, kab/kota, year (or years) and LKS type pickers, kept in the URL's query parameters.

    Opens on what the URL asks for (see `url_filters`), else on `default_year` (this year when None).
    Returns filters clamped to the actor's scope.
    """
    from kesos import vocab

    wanted = url_filters(actor, year_range=year_range, lks_type=lks_type, first_year=first_year,
                         default_year=default_year)
    years = _years(first_year)
    province_frame = query(queries.provinces, actor)
    province_codes = province_frame["code"].tolist()
    names = dict(zip(province_frame["code"], province_frame["name"]))
    if may_pick_all_provinces(actor, province_codes):
        province_codes = [None, *province_codes]
        names[None] = "Semua provinsi"

    widths = [2, 2] + ([1, 1] if year_range else [1]) + ([2] if lks_type else [])
    columns = iter(st.columns(widths))
    province = next(columns).selectbox(
        "Provinsi",
        province_codes,
        index=province_codes.index(wanted.province_code),
        format_func=lambda code: names[code],
        disabled=len(province_codes) == 1,
    )
    if province is None:  # every province: kab/kota are compared within their province's view
        kab_kota_codes, kab_kota_names = [], {}
    else:
        kab_kota_frame = query(queries.kab_kota_options, actor, province)
        kab_kota_codes = kab_kota_frame["code"].tolist()
        kab_kota_names = dict(zip(kab_kota_frame["code"], kab_kota_frame["name"]))
    choices = kab_kota_codes if actor.kab_kota_code else [None, *kab_kota_codes]
    kab_kota = next(columns).selectbox(
        "Kabupaten/kota",
        choices,
        index=choices.index(wanted.kab_kota_code) if wanted.kab_kota_code in choices else 0,
        format_func=lambda code: "Semua kab/kota" if code is None else kab_kota_names[code],
        disabled=province is None,
    )
    if year_range:
        ascending = sorted(years)
        year_from = next(columns).selectbox("Dari tahun", ascending, index=ascending.index(wanted.year_from))
        year_to = next(columns).selectbox("Sampai tahun", years, index=years.index(wanted.year_to))
        year_from = min(year_from, year_to)
    else:
        year_to = next(columns).selectbox("Tahun", years, index=years.index(wanted.year_to))
        year_from = year_to
    chosen_type = None
    if lks_type:
        types = [None, *vocab.LKS_TYPES]
        chosen_type = next(columns).selectbox(
            "Jenis LKS", types, index=types.index(wanted.lks_type),
            format_func=lambda code: "Semua jenis" if code is None else vocab.LKS_TYPES[code],
        )

    filters = queries.scoped(actor, queries.Filters(
        province_code=province, kab_kota_code=kab_kota, year_from=year_from, year_to=year_to, lks_type=chosen_type,
    ))
    filters_to_url(filters, year_range=year_range)
    return filters


def kab_kota_names(actor: Actor) -> dict[str, str]:
    """Code → name of every kab/kota the actor may pick, across the deployment's provinces."""
    names: dict[str, str] = {}
    for province in query(queries.provinces, actor)["code"]:
        frame = query(queries.kab_kota_options, actor, province)
        names.update(zip(frame["code"], frame["name"]))
    return names


def national_filters(actor: Actor, filters: queries.Filters) -> queries.Filters:
    """The same years and LKS type over every province the actor may see (a national map)."""
    from dataclasses import replace

    return queries.scoped(actor, replace(filters, province_code=None, kab_kota_code=None))


def url_widget(widget, label: str, options, *, param: str, key: str, **kwargs):
    """A page's own picker (its province, a section, a year: `widget` is st.selectbox, a column's
    segmented_control, ...) kept in the URL like the lists' filters: it opens on `?param=` when that is one
    of the options (a shared link or a reload keeps the view) and writes the choice back."""
    options = list(options)
    if key not in st.session_state:
        raw = st.query_params.get(param)
        match = next((option for option in options if str(option) == raw), None)
        if match is not None:
            st.session_state[key] = match
            kwargs.pop("default", None)  # Streamlit warns when a widget has both
            kwargs.pop("index", None)
    value = widget(label, options, key=key, **kwargs)
    if value is not None and st.query_params.get(param) != str(value):
        st.query_params[param] = str(value)
    return value
