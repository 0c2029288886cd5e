"""The demo's coordination bodies: organisations, branches, board terms and their activities."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from kesos.demo.facts import (
    BRANCH_PREFIX,
    BRANCHES_NOT_FORMED,
    FACT_ACTIVITIES,
    ORGANISATION_TERMS,
    SIGNATURE_PLACES,
    ORGANISATIONS,
)
from kesos.demo.names import FUNDING_SOURCES, person_name, short_name
from kesos.demo.base import DATA_END, FIRST_YEAR, DemoContext, insert_rows, random_date, record, rng_for
from kesos.models import Activity, ActivityKabKota, ActivityParticipant, BoardTerm, Branch, Organisation

CAPITAL = {"61": "61.71", "63": "63.71", "51": "51.71"}
# How a formed branch's latest board stands at the end of the data: most current, some ending
# within half a year, a few lapsed without renewal.
_TERM_ENDS = {
    "current": (date(2027, 7, 1), date(2030, 12, 31)),
    "soon": (date(2026, 12, 1), date(2027, 4, 30)),
    "expired": (date(2025, 1, 1), date(2026, 9, 30)),
}
# A branch's first board starts within five years after a day in this range: Bali's branches all
# stood by its 2014 raker; in Kalimantan some are young.
_FORMED_BETWEEN = {
    "51": (date(2003, 1, 1), date(2008, 12, 31)),
    "61": (date(2006, 1, 1), date(2019, 12, 31)),
    "63": (date(2006, 1, 1), date(2019, 12, 31)),
}
_VENUES = {
    "61": ["Aula Kantor Gubernur Kalimantan Barat, Pontianak", "Hotel Khatulistiwa Indah, Pontianak",
           "Aula Dinas Sosial Provinsi Kalimantan Barat, Pontianak"],
    "63": ["Aula Dinas Sosial Provinsi Kalimantan Selatan, Banjarmasin", "Hotel Banua Permai, Banjarmasin",
           "Aula Gawi Sabarataan, Banjarbaru"],
    "51": ["Gedung Wiswa Sabha Utama, Denpasar", "Hotel Puri Dewata, Denpasar",
           "Aula Dinas Sosial Provinsi Bali, Denpasar"],
}
_TOPICS = {
    "workshop": ["Manajemen Administrasi LKS", "Penyusunan Laporan Keuangan LKS",
                 "Standar Nasional Pengasuhan Anak bagi LKSA", "Persiapan Akreditasi LKS",
                 "Pendataan PPKS dan PSKS Kabupaten/Kota"],
    "pelatihan": ["Pelatihan Pendamping Lanjut Usia", "Pelatihan Pengasuh LKSA",
                  "Pelatihan Kewirausahaan bagi Penyandang Disabilitas", "Pelatihan Relawan Tanggap Bencana",
                  "Pelatihan Konselor Adiksi NAPZA"],
    "bakti_sosial": ["pembagian paket sembako dan PMT lansia", "pengobatan gratis dan penyerahan kursi roda",
                     "bantuan bagi warga terdampak banjir", "santunan anak yatim dan dhuafa"],
}
_RAKOR_CONCLUSIONS = [
    "Data LKS per kabupaten/kota diperbarui sebelum akhir tahun.",
    "Kabupaten/kota yang belum memiliki lembaga diminta segera membentuk kepengurusan.",
    "Penyaluran PMT diprioritaskan bagi lansia terlantar dan penyandang disabilitas berat.",
    "Cabang menyampaikan laporan wilayah setiap triwulan ke provinsi.",
    "Kerja sama dengan perusahaan untuk program CSR diperluas.",
]
# kind -> (participants range, women's share, days)
_SHAPE = {
    "rakor": ((40, 90), 0.45, (1, 2)), "raker": ((50, 120), 0.5, (1, 1)), "workshop": ((25, 60), 0.55, (1, 2)),
    "pelatihan": ((20, 45), 0.6, (2, 3)), "bakti_sosial": ((30, 150), 0.55, (1, 1)),
    "pengukuhan": ((60, 200), 0.5, (1, 1)),
}


@dataclass(frozen=True)
class Confirmation:
    """A board confirmed in a pengukuhan: the organisation's (kab_kota_code None) or a branch's."""

    province_code: str
    kab_kota_code: str | None
    body_name: str
    confirmed_on: date
    term_start: date
    term_end: date


def _years_later(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


def insert_bodies(ctx: DemoContext) -> tuple[list[Confirmation], dict[str, date]]:
    """Organisations, their branches and all board terms; returns the pengukuhan and branch formation dates."""
    rng = rng_for("bodies")
    org_rows = [
        {"province_code": province, "acronym": acronym, "name": name, "address": address,
         "chair_name": ORGANISATION_TERMS[province][-1][0], "signature_place": SIGNATURE_PLACES[province],
         **record(ORGANISATION_TERMS[province][0][1])}
        for province, (acronym, name, address) in ORGANISATIONS.items()
    ]
    org_ids = insert_rows(ctx.session, Organisation, org_rows, returning_ids=True)
    terms, confirmations = [], []
    for org_id, row in zip(org_ids, org_rows):
        province = row["province_code"]
        for chair, confirmed_on, start, end in ORGANISATION_TERMS[province]:
            terms.append({"organisation_id": org_id, "branch_id": None, "chair_name": chair,
                          "confirmed_on": confirmed_on, "term_start": start, "term_end": end, **record(confirmed_on)})
            confirmations.append(Confirmation(province, None, f"{row['acronym']} Provinsi {ctx.province_names[province]}",
                                              confirmed_on, start, end))

    branch_rows, branch_terms, formed_on = [], [], {}
    for province in ORGANISATIONS:
        codes = [code for code, _ in ctx.kab_kota[province] if code not in BRANCHES_NOT_FORMED]
        standings = ["soon", "soon", "expired"] + (["expired"] if len(codes) > 10 else [])
        standings += ["current"] * (len(codes) - len(standings))
        rng.shuffle(standings)
        standing_of = dict(zip(codes, standings))
        for code, kab_kota_name in ctx.kab_kota[province]:
            if code not in standing_of:
                branch_rows.append({"kab_kota_code": code, "is_formed": False, "name": None, "decree_number": None,
                                    "decree_date": None, "chair_name": None, **record(date(2019, 1, 2))})
                branch_terms.append([])
                continue
            name = f"{BRANCH_PREFIX[province]} {kab_kota_name}"
            low, high = _TERM_ENDS[standing_of[code]]
            last_end = random_date(rng, low, high)
            starts = [_years_later(last_end, -5) + timedelta(days=1)]
            formed_after = random_date(rng, *_FORMED_BETWEEN[province])
            while _years_later(starts[0], -5) >= formed_after:
                starts.insert(0, _years_later(starts[0], -5))
            chairs = [_chair(rng, province) for _ in starts]
            decree_date = starts[0] - timedelta(days=rng.randint(7, 60))
            formed_on[code] = decree_date
            branch_rows.append({
                "kab_kota_code": code, "is_formed": True, "name": name,
                "decree_number": f"188.45/{rng.randint(100, 899)}/KUM/{decree_date.year}",
                "decree_date": decree_date, "chair_name": chairs[-1], **record(decree_date),
            })
            branch_terms.append([(chair, start) for chair, start in zip(chairs, starts)])
            for start in starts:
                confirmations.append(Confirmation(province, code, name, start, start,
                                                  _years_later(start, 5) - timedelta(days=1)))
    branch_ids = insert_rows(ctx.session, Branch, branch_rows, returning_ids=True)
    for branch_id, branch_term_list in zip(branch_ids, branch_terms):
        for chair, start in branch_term_list:
            terms.append({"organisation_id": None, "branch_id": branch_id, "chair_name": chair, "confirmed_on": start,
                          "term_start": start, "term_end": _years_later(start, 5) - timedelta(days=1),
                          **record(start)})
    insert_rows(ctx.session, BoardTerm, terms)
    return confirmations, formed_on


def _chair(rng: random.Random, province: str) -> str:
    female = rng.random() < 0.4
    name = person_name(rng, province, female)
    return f"{'Hj.' if female else 'H.'} {name}" if province == "63" else name


# --- Activities ---------------------------------------------------------------------------------


def insert_activities(ctx: DemoContext, confirmations: list[Confirmation], formed_on: dict[str, date]) -> None:
    """The facts' meetings, a pengukuhan for every board term, and a few events a year per province."""
    rng = rng_for("activities")
    planned = []  # (row, kab/kota present)
    for fact in FACT_ACTIVITIES:
        row = {key: value for key, value in fact.items() if key != "kab_kota"}
        present = _all(ctx, row["province_code"]) if fact["kab_kota"] == "all" else list(fact["kab_kota"])
        if row["province_code"] == "63" and row["kind"] == "rakor":
            present += [code for code, day in formed_on.items() if code[:2] == "63" and day <= row["start_date"]]
        planned.append(({"participants_women": None, "participants_men": None, "source_text": None,
                         "source_url": None, **row, **record(row["start_date"])}, sorted(set(present))))
    taken = {(row["province_code"], row["kind"], row["start_date"].year) for row, _ in planned}
    taken_days = {(row["province_code"], row["start_date"]) for row, _ in planned}

    for c in confirmations:
        if c.confirmed_on.year < FIRST_YEAR[c.province_code] or (c.province_code, c.confirmed_on) in taken_days:
            continue
        host = c.kab_kota_code or CAPITAL[c.province_code]
        title = f"Pengukuhan Pengurus {c.body_name} Masa Bakti {c.term_start.year}–{c.term_end.year}"
        place = (rng.choice(_VENUES[c.province_code]) if c.kab_kota_code is None
                 else f"Pendopo {'Wali Kota' if host.endswith(('.71', '.72')) else 'Bupati'} "
                      f"{short_name(ctx.kab_kota_name(host))}")
        planned.append((_activity(rng, c.province_code, host, "pengukuhan", title, c.confirmed_on, place,
                                  conclusions=f"Pengurus {c.body_name} dikukuhkan untuk lima tahun."),
                        _all(ctx, c.province_code) if c.kab_kota_code is None else [host]))

    for province, (acronym, _name, _address) in ORGANISATIONS.items():
        province_name = ctx.province_names[province]
        codes = _all(ctx, province)
        for year in range(FIRST_YEAR[province], DATA_END.year + 1):
            last_month = 12 if year < DATA_END.year else DATA_END.month
            kinds = ["raker", "rakor", rng.choice(("workshop", "pelatihan")), "bakti_sosial"]
            kinds += rng.sample(("workshop", "pelatihan", "bakti_sosial"), rng.randint(0, 2))
            for kind in kinds:
                if (province, kind, year) in taken and kind in ("rakor", "raker"):
                    continue
                month = min(last_month, rng.randint(6, 8) if kind == "raker" else rng.randint(1, 12))
                start = date(year, month, rng.randint(1, 28))
                host, present, place = CAPITAL[province], codes, rng.choice(_VENUES[province])
                if kind == "raker":
                    title = f"Rapat Kerja {acronym} Provinsi {province_name} Tahun {year}"
                    conclusions = (f"Mengevaluasi program kerja tahun {year} dan menetapkan rencana program "
                                   f"kerja tahun {year + 1}.")
                elif kind == "rakor":
                    title = f"Rapat Koordinasi {acronym} Provinsi {province_name} dengan Kabupaten/Kota {year}"
                    conclusions = " ".join(rng.sample(_RAKOR_CONCLUSIONS, 2))
                elif kind == "bakti_sosial":
                    host = rng.choice(codes)
                    present = [host]
                    town = short_name(ctx.kab_kota_name(host))
                    place = f"Gedung Serbaguna {town}"
                    title = f"Bakti Sosial {acronym}: {rng.choice(_TOPICS['bakti_sosial'])} di {town}"
                    conclusions = "Bantuan diserahkan langsung kepada warga penerima."
                else:
                    present = sorted(rng.sample(codes, rng.randint(2, 5)))
                    topic = rng.choice(_TOPICS[kind])
                    title = f"Workshop {topic}" if kind == "workshop" else topic
                    conclusions = "Peserta menyusun rencana tindak lanjut di lembaga masing-masing."
                planned.append((_activity(rng, province, host, kind, title, start, place, conclusions=conclusions),
                                present))

    planned.sort(key=lambda entry: (entry[0]["start_date"], entry[0]["province_code"], entry[0]["title"]))
    ids = insert_rows(ctx.session, Activity, [row for row, _ in planned], returning_ids=True)
    insert_rows(ctx.session, ActivityKabKota, [
        {"activity_id": activity_id, "kab_kota_code": code}
        for activity_id, (_, present) in zip(ids, planned) for code in present
    ])
    # A daftar hadir for each province's rakor: one Dinas Sosial official of every kab/kota present (the demo's
    # other activities have only their totals, as most paper reports do). Never more than the total.
    rng = rng_for("daftar-hadir")
    participants = []
    for activity_id, (row, present) in zip(ids, planned):
        if row["kind"] != "rakor":
            continue
        for code in present[: row["participants_total"]]:
            participants.append({
                "activity_id": activity_id, "name": person_name(rng, row["province_code"]),
                "agency": f"Dinas Sosial {ctx.kab_kota_name(code)}", "kab_kota_code": code,
                "position": rng.choice(("Kepala Dinas", "Sekretaris Dinas", "Kepala Bidang Rehabilitasi Sosial")),
                **record(row["start_date"])})
    insert_rows(ctx.session, ActivityParticipant, participants)


def _all(ctx: DemoContext, province: str) -> list[str]:
    return [code for code, _ in ctx.kab_kota[province]]


def _activity(rng, province, host, kind, title, start, place, *, conclusions) -> dict:
    (low, high), women_share, (min_days, max_days) = _SHAPE[kind]
    end = min(DATA_END, start + timedelta(days=rng.randint(min_days, max_days) - 1))
    total = rng.randint(low, high)
    women = men = None
    if rng.random() < 0.75:  # most reports split the participants; a few leave some out
        women = round(total * (women_share + rng.uniform(-0.1, 0.1)))
        men = total - women - rng.choice((0, 0, 0, 1, 2))
    return {
        "province_code": province, "kab_kota_code": host, "kind": kind, "title": title,
        "start_date": start, "end_date": end, "place": place, "participants_total": total,
        "participants_women": women, "participants_men": men, "agencies": _agencies(kind, province),
        "conclusions": conclusions, "source_text": None, "source_url": None, **record(start),
    }


def _agencies(kind: str, province: str) -> str:
    dinsos = FUNDING_SOURCES[province]["instansi"][0][0]
    if kind in ("rakor", "raker", "pengukuhan"):
        return f"{dinsos}; Dinas Sosial kabupaten/kota; pengurus cabang kabupaten/kota; Forum LKSA"
    if kind == "bakti_sosial":
        return f"{dinsos}; puskesmas setempat; pemerintah desa/kelurahan"
    return f"{dinsos}; pengelola LKS peserta"
