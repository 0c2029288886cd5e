"""Writers saving at a steady rate across the country, through the services, for a bounded time.

    python -m bench.writers --database-url URL --rate 1 --seconds 120 [--provinces 35,32,63] --out STATS.json

Each save is one aid distribution entered by the operator of a kab/kota (kesos.services.aid, the path a
form takes: scope, validasi, audit, summaries, data version), the kab/kota taken in turn from the provinces
given (default: every province with LKS). Writes how many saves were made, how long each took and the
errors, so the benchmark can say the load was what it claims.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def targets(engine, provinces: list[str] | None) -> list[tuple[str, int, int]]:
    """(kab/kota, aid item, funding source of its province) for every kab/kota with LKS in `provinces`."""
    from sqlmodel import Session, select

    from kesos.models import AidItem, FundingSource, Lks

    with Session(engine) as session:
        item = session.exec(select(AidItem.id).order_by(AidItem.id)).first()
        codes = sorted(set(session.exec(select(Lks.kab_kota_code).distinct())))
        if provinces:
            codes = [c for c in codes if c[:2] in provinces]
        sources = {}
        for code in codes:
            province = code[:2]
            if province not in sources:
                sources[province] = session.exec(select(FundingSource.id).where(
                    FundingSource.province_code == province).order_by(FundingSource.id)).first()
    # Interleave provinces so consecutive saves land in different provinces.
    by_province: dict[str, list[str]] = {}
    for code in codes:
        if sources.get(code[:2]) is not None:
            by_province.setdefault(code[:2], []).append(code)
    order, lists = [], list(by_province.values())
    for i in range(max(map(len, lists), default=0)):
        order += [codes_[i] for codes_ in lists if i < len(codes_)]
    return [(code, item, sources[code[:2]]) for code in order]


def save_one(engine, kab_kota: str, item: int, source: int, n: int) -> None:
    from kesos.db import session_scope
    from kesos.security import Actor
    from kesos.services import aid

    operator = Actor("bench-writer", "operator", province_code=kab_kota[:2], kab_kota_code=kab_kota)
    with session_scope(engine) as s:
        aid.create_distribution(session=s, actor=operator, data={
            "distributed_on": date(2026, 1 + n % 10, 1 + n % 28), "aid_item_id": item, "quantity": 10,
            "value_rupiah": 1_750_000, "recipient_kind": "kelompok", "recipient_group": "lansia",
            "kab_kota_code": kab_kota, "funding_source_id": source}, warnings_reason="bench: beban tulis")


def run(url: str, rate: float, seconds: float, provinces: list[str] | None, out: Path | None) -> dict:
    from kesos.db import make_engine

    engine = make_engine(url)
    plan = targets(engine, provinces)
    started, n, took, errors = time.monotonic(), 0, [], []
    try:
        while time.monotonic() - started < seconds:
            due = started + n / rate
            if (wait := due - time.monotonic()) > 0:
                time.sleep(wait)
            kab_kota, item, source = plan[n % len(plan)]
            t0 = time.perf_counter()
            try:
                save_one(engine, kab_kota, item, source, n)
                took.append((time.perf_counter() - t0) * 1000)
                if out is not None and len(took) == 1:  # the load is on: the benchmark starts its clock now
                    out.with_suffix(".ready").touch()
            except Exception as error:  # noqa: BLE001 - counted and reported, the load goes on
                errors.append(f"{kab_kota}: {type(error).__name__}: {error}"[:300])
            n += 1
    except KeyboardInterrupt:  # the benchmark stops the writers with SIGINT when its pages are timed
        pass
    elapsed = time.monotonic() - started
    stats = {"saves": len(took), "errors": len(errors), "first_errors": errors[:5], "seconds": round(elapsed, 1),
             "rate_per_s": round(len(took) / elapsed, 2), "kab_kota": len(plan),
             "provinces": len({p[0][:2] for p in plan}),
             "save_median_ms": round(statistics.median(took), 1) if took else None,
             "save_max_ms": round(max(took), 1) if took else None}
    if out:
        out.write_text(json.dumps(stats))
    engine.dispose()  # after the figures are out: a connection interrupted mid-save may be slow to close
    return stats


def _stop(signum, frame):
    raise KeyboardInterrupt  # SIGTERM ends the loop like Ctrl-C (a background job ignores SIGINT)


def main(argv=None) -> int:
    import signal

    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rate", type=float, default=1.0, help="saves per second")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--provinces", help="comma-separated province codes (default: all with LKS)")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    provinces = args.provinces.split(",") if args.provinces else None
    print(json.dumps(run(args.database_url, args.rate, args.seconds, provinces, Path(args.out) if args.out else None)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
