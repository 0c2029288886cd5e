"""One-line takeaways in plain Indonesian, computed from a dashboard's frame; and the branch board's flags.

Every function is pure: the frame a query returned, the place as leaders say it ("Kalsel",
"Tanah Bumbu") and the years shown. A takeaway never ends with a full stop, so it reads as a
slide caption, and it names the years or months its numbers are from.
"""

from datetime import date

import pandas as pd

from kesos import fmt


def place_name(province_code: str | None, province_name: str | None = None, kab_kota_name: str | None = None) -> str:
    """`Kalsel`, or `Tanah Bumbu` when one kab/kota is chosen."""
    if kab_kota_name:
        return fmt.kab_kota_short(kab_kota_name)
    if province_code:
        return fmt.province_short(province_code, province_name)
    return "semua provinsi"


def years_label(year_from: int, year_to: int) -> str:
    return str(year_to) if year_from == year_to else f"{year_from}–{year_to}"


def _trend(subject: str, first: float, first_label: str, last: float, last_label: str, show=fmt.number) -> str:
    if last > first:
        return f"{subject} naik dari {show(first)} ({first_label}) menjadi {show(last)} ({last_label})"
    if last < first:
        return f"{subject} turun dari {show(first)} ({first_label}) menjadi {show(last)} ({last_label})"
    return f"{subject} tetap {show(last)} dari {first_label} sampai {last_label}"


def _share(part: float, whole: float) -> str:
    return f"{fmt.number(round(100 * part / whole))}%" if whole else "0%"


def _names(names: list[str]) -> str:
    """`A`, `A dan B`, `A, B dan C`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} dan {names[-1]}"


# --- LKS -------------------------------------------------------------------------------------------


def lks_trend(frame: pd.DataFrame, place: str, year_from: int, year_to: int) -> str:
    """From `lks_count_by_year`: 'LKS di Kalsel naik dari 154 (2023) menjadi 199 (2025)'."""
    per_year = frame.groupby("year")["count"].sum() if not frame.empty else pd.Series(dtype=int)
    if per_year.sum() == 0:
        return f"Belum ada LKS tercatat di {place} pada {years_label(year_from, year_to)}"
    first, last = int(per_year.get(year_from, 0)), int(per_year.get(year_to, 0))
    if year_from == year_to:
        by_type = frame.groupby("type_label")["count"].sum().sort_values(ascending=False)
        return (f"Ada {fmt.number(last)} LKS di {place} pada akhir {year_to}, terbanyak "
                f"{by_type.index[0]}: {fmt.number(by_type.iloc[0])}")
    return _trend(f"LKS di {place}", first, str(year_from), last, str(year_to))


def lks_by_kab_kota(frame: pd.DataFrame, place: str, year: int) -> str:
    """From `lks_by_type_per_kab_kota`: where most LKS are, out of the total."""
    if frame.empty:
        return f"Belum ada LKS tercatat di {place} pada akhir {year}"
    per_kab_kota = frame.groupby("kab_kota")["count"].sum().sort_values(ascending=False, kind="stable")
    total = int(per_kab_kota.sum())
    if len(per_kab_kota) == 1:
        return f"Ada {fmt.number(total)} LKS di {fmt.kab_kota_short(per_kab_kota.index[0])} pada akhir {year}"
    top = per_kab_kota.index[0]
    return (f"LKS terbanyak di {fmt.kab_kota_short(top)}: {fmt.number(per_kab_kota.iloc[0])} dari "
            f"{fmt.number(total)} LKS di {place} pada akhir {year}")


# --- Beneficiaries ---------------------------------------------------------------------------------


def _latest_month(frame: pd.DataFrame, year: int) -> int | None:
    months = frame.loc[frame["year"] == year, "month"]
    return int(months.max()) if not months.empty else None


def partial_note(year: int, month: int, complete_kab_kota: int, expected_kab_kota: int) -> str:
    """'November 2026: baru 2 dari 13 kab/kota melapor'."""
    return f"{fmt.bulan(year, month)}: baru {complete_kab_kota} dari {expected_kab_kota} kab/kota melapor"


def complete_month(frame: pd.DataFrame, year: int) -> tuple[int | None, str | None]:
    """The month a beneficiary takeaway speaks of, and a note when the year's newest month is partial.

    The month is the newest complete month of the year (a frame without completeness columns:
    the newest month). A partial newest month is named with how many kab/kota reported, so a
    slide never reads a half-reported month as a fall. (None, None): no data for the year.
    """
    latest = _latest_month(frame, year) if not frame.empty else None
    if latest is None or "complete" not in frame.columns:
        return latest, None
    this_year = frame[frame["year"] == year]
    newest = this_year[this_year["month"] == latest].iloc[0]
    complete = this_year.loc[this_year["complete"].astype(bool), "month"]
    if bool(newest["complete"]):
        return latest, None
    note = partial_note(year, latest, int(newest["complete_kab_kota"]), int(newest["expected_kab_kota"]))
    return (int(complete.max()) if not complete.empty else None), note


def _with_note(text: str, note: str | None) -> str:
    return f"{text}; {note}" if note else text


def _no_complete_month(place: str, year: int, note: str) -> str:
    return f"Belum ada bulan {year} yang lengkap untuk {place}; {note}"


def beneficiaries_trend(frame: pd.DataFrame, place: str, year: int) -> str:
    """From `beneficiaries_by_month`: the last complete month of the year against the same month a year before."""
    month, note = complete_month(frame, year)
    if month is None and note is None:
        return f"Belum ada data penerima manfaat di {place} untuk {year}"
    if month is None:
        return _no_complete_month(place, year, note)
    now = frame[(frame["year"] == year) & (frame["month"] == month)][["women", "men", "total"]].sum()
    before = frame[(frame["year"] == year - 1) & (frame["month"] == month)]["total"].sum()
    women = f"{_share(now['women'], now['total'])} perempuan"
    if not before:
        return _with_note(f"Penerima manfaat di {place} pada {fmt.bulan(year, month)}: "
                          f"{fmt.number(now['total'])} orang, {women}", note)
    trend = _trend(f"Penerima manfaat di {place}", before, fmt.bulan(year - 1, month), now["total"],
                   fmt.bulan(year, month))
    return _with_note(f"{trend}, {women}", note)


def beneficiaries_by_type(frame: pd.DataFrame, place: str, year: int) -> str:
    """From `beneficiaries_by_type`: which LKS type serves most people in the last complete month."""
    month, note = complete_month(frame, year)
    if month is None and note is None:
        return f"Belum ada data penerima manfaat di {place} untuk {year}"
    if month is None:
        return _no_complete_month(place, year, note)
    latest = frame[(frame["year"] == year) & (frame["month"] == month)]
    by_type = latest.groupby("type_label")["total"].sum().sort_values(ascending=False, kind="stable")
    return _with_note(f"{by_type.index[0]} melayani terbanyak: {fmt.number(by_type.iloc[0])} dari "
                      f"{fmt.number(by_type.sum())} orang di {place} pada {fmt.bulan(year, month)}", note)


def beneficiaries_by_kab_kota(frame: pd.DataFrame, place: str, year: int) -> str:
    """From `beneficiaries_by_kab_kota`: the kab/kota whose number moved most in a year (last complete month)."""
    month, note = complete_month(frame, year)
    if month is None and note is None:
        return f"Belum ada data penerima manfaat di {place} untuk {year}"
    if month is None:
        return _no_complete_month(place, year, note)
    now = frame[(frame["year"] == year) & (frame["month"] == month)].groupby("kab_kota")["total"].sum()
    before = frame[(frame["year"] == year - 1) & (frame["month"] == month)].groupby("kab_kota")["total"].sum()
    change = (now - before.reindex(now.index).fillna(0)).sort_values(kind="stable")
    when = f"{fmt.bulan(year, month)} dibanding {fmt.bulan(year - 1, month)}"
    if before.empty or (change == 0).all():
        top = now.sort_values(ascending=False, kind="stable")
        return _with_note(f"Penerima manfaat terbanyak di {fmt.kab_kota_short(top.index[0])}: "
                          f"{fmt.number(top.iloc[0])} orang pada {fmt.bulan(year, month)}", note)
    if change.iloc[-1] > 0:
        return _with_note(f"Kenaikan terbesar di {fmt.kab_kota_short(change.index[-1])}: "
                          f"+{fmt.number(change.iloc[-1])} orang ({when})", note)
    return _with_note(f"Semua kab/kota turun atau tetap; penurunan terbesar di "
                      f"{fmt.kab_kota_short(change.index[0])}: {fmt.number(change.iloc[0])} orang ({when})", note)


# --- Aid, CSR and donations ------------------------------------------------------------------------


def aid_by_source(frame: pd.DataFrame, place: str, year_from: int, year_to: int) -> str:
    """From `aid_by_source_per_year`: the value's trend and which funding source paid most."""
    if frame.empty or frame["value"].sum() == 0:
        return f"Belum ada bantuan tercatat di {place} pada {years_label(year_from, year_to)}"
    by_source = frame.groupby("source_label")["value"].sum().sort_values(ascending=False, kind="stable")
    share = f"{_share(by_source.iloc[0], by_source.sum())} didanai {by_source.index[0]}"
    if year_from == year_to:
        return (f"Bantuan di {place} {year_to}: {fmt.rupiah_short(by_source.sum())} dalam "
                f"{fmt.number(frame['distributions'].sum())} penyaluran, {share}")
    trend = _yearly_trend(frame, "value", f"Nilai bantuan di {place}", year_from, year_to)
    return f"{trend}; {share}"


def same_months_label(year: int, months: int) -> str:
    """`Januari–Oktober 2025`: the part of a year compared with the same part of another."""
    return fmt.bulan(year, 1) if months == 1 else f"{fmt.bulan(year, 1).split()[0]}–{fmt.bulan(year, months)}"


def _yearly_trend(frame: pd.DataFrame, column: str, subject: str, year_from: int, year_to: int) -> str:
    """The first year against the last; a last year not over yet against the same months of the first."""
    if f"{column}_same_period" in frame.columns:
        months = int(frame["period_months"].iloc[0])
        per_year = frame.groupby("year")[f"{column}_same_period"].sum()
        return _trend(subject, per_year.get(year_from, 0), same_months_label(year_from, months),
                      per_year.get(year_to, 0), same_months_label(year_to, months), fmt.rupiah_short)
    per_year = frame.groupby("year")[column].sum()
    return _trend(subject, per_year.get(year_from, 0), str(year_from), per_year.get(year_to, 0), str(year_to),
                  fmt.rupiah_short)


def csr_by_company(frame: pd.DataFrame, place: str, year_from: int, year_to: int) -> str:
    """From `csr_by_company`: the company that funded most, and its share of all CSR-funded aid."""
    if frame.empty or frame["value"].sum() == 0:
        return f"Belum ada bantuan yang didanai CSR di {place} pada {years_label(year_from, year_to)}"
    by_company = frame.groupby(["rank", "company"])["value"].sum().sort_index()
    (_, top), value = by_company.index[0], by_company.iloc[0]
    total = by_company.sum()
    return (f"{top} mendanai bantuan terbesar: {fmt.rupiah_short(value)} dari {fmt.rupiah_short(total)} "
            f"bantuan CSR di {place} ({years_label(year_from, year_to)})")


def _quantity(quantity: float, unit: str, item: str) -> str:
    return f"{item} {fmt.number(quantity)} {unit}"


def aid_by_item(frame: pd.DataFrame, place: str, year_from: int, year_to: int) -> str:
    """From `aid_by_item`: the items handed out, in their own units, most valuable first."""
    if frame.empty:
        return f"Belum ada bantuan tercatat di {place} pada {years_label(year_from, year_to)}"
    top = frame.sort_values("value", ascending=False, kind="stable").head(3)
    items = [_quantity(row.quantity, row.unit, row.item) for row in top.itertuples()]
    more = f" dan {len(frame) - 3} jenis lain" if len(frame) > 3 else ""
    return f"Bantuan di {place} {years_label(year_from, year_to)}: {', '.join(items)}{more}"


def aid_by_kab_kota(frame: pd.DataFrame, place: str, year_from: int, year_to: int) -> str:
    """From `aid_by_kab_kota`: where most aid went."""
    if frame.empty or frame["value"].sum() == 0:
        return f"Belum ada bantuan tercatat di {place} pada {years_label(year_from, year_to)}"
    top = frame.sort_values("value", ascending=False, kind="stable").iloc[0]
    return (f"Bantuan terbesar ke {fmt.kab_kota_short(top['kab_kota'])}: {fmt.rupiah_short(top['value'])} "
            f"dari {fmt.rupiah_short(frame['value'].sum())} ({years_label(year_from, year_to)})")


def donations_cash(frame: pd.DataFrame, place: str, year_from: int, year_to: int) -> str:
    """From `donations_cash`: cash received, its trend, and the largest kind of source."""
    if frame.empty or frame["amount"].sum() == 0:
        return f"Belum ada donasi tunai tercatat di {place} pada {years_label(year_from, year_to)}"
    by_source = frame.groupby("source_label")["amount"].sum().sort_values(ascending=False, kind="stable")
    share = f"terbesar dari {by_source.index[0]} ({_share(by_source.iloc[0], by_source.sum())})"
    if year_from == year_to:
        return f"Donasi tunai di {place} {year_to}: {fmt.rupiah_short(by_source.sum())}, {share}"
    trend = _yearly_trend(frame, "amount", f"Donasi tunai di {place}", year_from, year_to)
    return f"{trend}; {share}"


def donations_in_kind(frame: pd.DataFrame, place: str, year_from: int, year_to: int) -> str:
    """From `donations_in_kind`: goods received, counted in their own units."""
    if frame.empty:
        return f"Belum ada donasi barang tercatat di {place} pada {years_label(year_from, year_to)}"
    per_item = (frame.groupby(["item", "unit"], as_index=False)["quantity"].sum()
                .sort_values("quantity", ascending=False, kind="stable"))
    items = [_quantity(row.quantity, row.unit, row.item) for row in per_item.head(3).itertuples()]
    return f"Donasi barang di {place} {years_label(year_from, year_to)}: {', '.join(items)}"


# --- Branches ---------------------------------------------------------------------------------------

OK, WATCH, ACT, NONE = "baik", "perhatikan", "segera", "kosong"
STATUS_LABELS = {OK: "Baik", WATCH: "Perlu diperhatikan", ACT: "Perlu tindakan", NONE: "Tidak ada data"}
COVERAGE_COLUMNS = ["Cabang", "Masa bakti pengurus", "LKS", "Permohonan terbuka", "Kegiatan terakhir"]
TERM_WARNING_DAYS = 365  # a board term ending within a year needs its next pengukuhan planned
REQUEST_WAIT_DAYS = 90  # a request open longer than a quarter needs a follow-up
QUIET_DAYS = 365  # no activity in a year: the branch may be dormant


def _months_ago(day: date, as_of: date) -> str:
    months = (as_of.year - day.year) * 12 + as_of.month - day.month
    return "bulan ini" if months <= 0 else f"{months} bulan lalu"


def coverage_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """From `branch_coverage`: one cell per kab/kota and column, with its text and its status.

    Columns: kab_kota, column, text, status, note (for the tooltip).
    """
    cells = []
    for row in frame.itertuples():
        on = row.as_of
        name = fmt.kab_kota_short(row.kab_kota)

        def cell(column: str, text: str, status: str, note: str = "") -> None:
            cells.append({"kab_kota": name, "column": column, "text": text, "status": status, "note": note})

        if row.is_formed:
            cell("Cabang", "Terbentuk", OK, f"SK {fmt.tanggal(row.decree_date)}" if _given(row.decree_date) else "")
        else:
            cell("Cabang", "Belum terbentuk", ACT, "Belum ada cabang di kab/kota ini")
        if not row.is_formed:
            cell("Masa bakti pengurus", "-", NONE)
        elif not _given(row.term_end):
            cell("Masa bakti pengurus", "Belum dicatat", WATCH, "Masa bakti pengurus cabang belum dicatat")
        elif row.term_end < on:
            cell("Masa bakti pengurus", f"Berakhir {fmt.tanggal_pendek(row.term_end)}", ACT,
                 f"Masa bakti berakhir {fmt.tanggal(row.term_end)}: perlu pengukuhan pengurus baru")
        else:
            soon = (row.term_end - on).days <= TERM_WARNING_DAYS
            chair = f"; ketua: {row.chair_name}" if _given(row.chair_name) else ""
            cell("Masa bakti pengurus", f"s.d. {fmt.tanggal_pendek(row.term_end)}", WATCH if soon else OK,
                 f"Sampai {fmt.tanggal(row.term_end)}{chair}")
        cell("LKS", fmt.number(row.lks), OK if row.lks else WATCH, "LKS terdaftar" if row.lks else "Belum ada LKS")
        if not row.open_requests:
            cell("Permohonan terbuka", "0", OK)
        else:
            waited = (on - row.oldest_open_request).days
            cell("Permohonan terbuka", fmt.number(row.open_requests), ACT if waited > REQUEST_WAIT_DAYS else WATCH,
                 f"Tertua diterima {fmt.tanggal(row.oldest_open_request)}")
        if not _given(row.last_activity):
            cell("Kegiatan terakhir", "Belum ada", WATCH)
        else:
            quiet = (on - row.last_activity).days > QUIET_DAYS
            cell("Kegiatan terakhir", fmt.tanggal_pendek(row.last_activity), WATCH if quiet else OK,
                 f"{fmt.tanggal(row.last_activity)}, {_months_ago(row.last_activity, on)}")
    return pd.DataFrame(cells, columns=["kab_kota", "column", "text", "status", "note"])


def _given(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value is not pd.NaT


def branch_coverage(frame: pd.DataFrame, place: str) -> str:
    """From `branch_coverage`: 'Cabang terbentuk di 11 dari 13 kab/kota di Kalsel; belum di ...'."""
    if frame.empty:
        return f"Belum ada kab/kota tercatat untuk {place}"
    formed = frame[frame["is_formed"]]
    missing = [fmt.kab_kota_short(name) for name in frame.loc[~frame["is_formed"], "kab_kota"]]
    lapsed = sum(1 for row in formed.itertuples() if _given(row.term_end) and row.term_end < row.as_of)
    lapsed_note = f"; masa bakti {lapsed} cabang sudah berakhir" if lapsed else ""
    if len(frame) == 1:
        state = "sudah terbentuk" if not missing else "belum terbentuk"
        return f"Cabang di {fmt.kab_kota_short(frame['kab_kota'].iloc[0])} {state}{lapsed_note}"
    if not missing:
        return f"Cabang sudah terbentuk di semua {len(frame)} kab/kota di {place}{lapsed_note}"
    shown = missing if len(missing) <= 3 else [*missing[:3], f"{len(missing) - 3} lainnya"]
    return (f"Cabang terbentuk di {len(formed)} dari {len(frame)} kab/kota di {place}; belum di "
            f"{_names(shown)}{lapsed_note}")


# --- Activities -----------------------------------------------------------------------------------


def activity_timeline(frame: pd.DataFrame, place: str, year_from: int, year_to: int) -> str:
    """From `activity_timeline`: how many events, how many took part, the largest one."""
    if frame.empty:
        return f"Belum ada kegiatan tercatat di {place} pada {years_label(year_from, year_to)}"
    participants = frame["participants"].fillna(0)
    text = (f"{fmt.number(len(frame))} kegiatan di {place} pada {years_label(year_from, year_to)} "
            f"dengan {fmt.number(participants.sum())} peserta")
    if participants.max() > 0:
        largest = frame.loc[participants.idxmax()]
        text += f"; terbesar {largest['kind_label']} {fmt.tanggal_range(largest['start_date'], largest['end_date'])} " \
                f"({fmt.number(largest['participants'])} peserta)"
    return text


def reporting_last_month(frame: pd.DataFrame, place: str) -> str:
    """'Oktober 2026: 40 dari 52 LKS aktif di Kalsel melapor (77%); paling sedikit Tanah Laut (20%)'."""
    if frame.empty or not frame["expected"].sum():
        return f"Belum ada LKS aktif yang wajib melapor bulan lalu di {place}."
    year, month = int(frame["year"].iloc[0]), int(frame["month"].iloc[0])
    expected, reported = int(frame["expected"].sum()), int(frame["reported"].sum())
    text = (f"{fmt.bulan(year, month)}: {fmt.number(reported)} dari {fmt.number(expected)} LKS aktif di {place} "
            f"melapor ({_share(reported, expected)})")
    with_lks = frame[frame["expected"] > 0]
    lowest = with_lks.loc[(with_lks["reported"] / with_lks["expected"]).idxmin()]
    if 0 < reported and lowest["reported"] < lowest["expected"] and len(with_lks) > 1:
        text += (f"; paling sedikit {fmt.kab_kota_short(lowest['kab_kota'])} "
                 f"({_share(lowest['reported'], lowest['expected'])})")
    return text


# --- Pusat data: PPKS ------------------------------------------------------------------------------


def ppks_change(row) -> str:
    """'naik 2,7%' on the year before, over the kab/kota that reported both years ('' when none did)."""
    previous = row.previous_both
    if not row.kab_kota_both or previous is None or pd.isna(previous) or not previous:
        return ""
    change = 100 * (row.count_both - previous) / previous
    if round(change, 1) == 0:
        return "tetap"
    return f"{'naik' if change > 0 else 'turun'} {fmt.percent(abs(change))}"


def ppks_top_needs(frame: pd.DataFrame, place: str, year: int) -> str:
    """From `ppks_top_needs`: the largest need, its change on the year before (like for like, and said
    so when fewer kab/kota reported both years), the year, how many kab/kota reported it, the sources."""
    if frame.empty:
        return f"Belum ada angka PPKS di {place} sampai {year}"
    top = frame.iloc[0]
    shown = int(top.year)
    change = ppks_change(top)
    if not change:
        compared = f"belum ada angka {shown - 1} untuk dibandingkan"
    elif top.kab_kota_both == top.kab_kota_reported:
        compared = f"{change} dari {shown - 1}"
    else:
        compared = f"{change} dari {shown - 1} di {fmt.number(top.kab_kota_both)} kab/kota yang melapor kedua tahun"
    reported = (f"{fmt.number(top.kab_kota_reported)} dari {fmt.number(top.kab_kota_total)} kab/kota melapor; "
                if top.kab_kota_total > 1 else "")
    return (f"Kebutuhan terbesar di {place} pada {shown}: {top.label} {fmt.number(top['count'])} jiwa, {compared} "
            f"({reported}sumber: {top.sources}, data per {fmt.tanggal(top.figures_on)})")


def ppks_map(frame: pd.DataFrame, place: str, year: int, category_label: str | None) -> str:
    """From `ppks_by_kab_kota` (one category, or all when `category_label` is None): where most are."""
    subject = category_label or "PPKS"
    if frame.empty:
        return f"Belum ada angka PPKS di {place} pada {year}"
    per = frame.groupby("kab_kota")["count"].sum().sort_values(ascending=False, kind="stable")
    reported = f"{fmt.number(frame['kab_kota_code'].nunique())} dari {fmt.number(frame['kab_kota_total'].iloc[0])}"
    return (f"{subject[0].upper()}{subject[1:]} terbanyak di {fmt.kab_kota_short(per.index[0])}: "
            f"{fmt.number(per.iloc[0])} jiwa pada {year} ({reported} kab/kota melapor)")


def who_helps_where(frame: pd.DataFrame, place: str, year_from: int, year_to: int) -> str:
    """From `who_helps_where`: how many sources helped how many kab/kota, and the largest."""
    years = years_label(year_from, year_to)
    if frame.empty:
        return f"Belum ada bantuan tercatat di {place} pada {years}"
    if "sources_total" in frame.columns:  # the whole country, per province
        return (f"{fmt.number(int(frame['sources_total'].iloc[0]))} sumber dana membantu "
                f"{fmt.number(frame['kab_kota_code'].nunique())} provinsi di {place} pada {years} senilai "
                f"{fmt.rupiah_short(int(frame['value'].sum()))}; terbesar {frame['largest_total'].iloc[0]} "
                f"({fmt.rupiah_short(int(frame['largest_total_value'].iloc[0]))})")
    per_source = frame.groupby("funding_source")["value"].sum().sort_values(ascending=False, kind="stable")
    return (f"{fmt.number(len(per_source))} sumber dana membantu {fmt.number(frame['kab_kota_code'].nunique())} "
            f"kab/kota di {place} pada {years} senilai {fmt.rupiah_short(int(frame['value'].sum()))}; "
            f"terbesar {per_source.index[0]} ({fmt.rupiah_short(int(per_source.iloc[0]))})")
