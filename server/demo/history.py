"""SAMPLE history for the demo: the city hall's last four weeks of working days, so that
reports, ratings, the annual summary and wait estimates have figures from the first
start. Each day is replayed by the queue engine on a clock that moves through it, so the
tickets follow the same rules as live ones (numbering, order, caps, first call). Most
visits of services whose legal period outlasts a visit are registered as cases, closed
after a share of their period drawn per service (some late), in time order once every
day is replayed; those not yet due to close stay open. The randomness is seeded: the
same dates give the same history. Loaded only by `sunbeon serve --demo`, after the
sample lobby, into a new database.
"""

from __future__ import annotations

import heapq
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..infra.clock import FixedClock, local_day
from . import SERVICES
from ..queue import QueueEngine
from ..queue.calendar import LegalPeriod, site_calendar
from ..queue.errors import QueueError
from ..staff import cases
from ..infra.store import Store
from ..visitor import feedback, ratings

HISTORY_DAYS = 28
# Visitors a day for each service key (server/demo/__init__.py SERVICES) on an ordinary day.
DEMAND = {"resident": 40, "seal": 24, "family": 18, "passport": 20, "foreign": 6,
          "vehicle": 10, "tax": 12, "welfare": 5, "building": 4, "land": 6}
# Who sat at each counter on those days (counter 3 was not staffed).
PAST_DUTY = {1: "staff1", 2: "staff2", 4: "staff4", 5: "staff3", 6: "staff5", 7: "staff6",
             8: "staff7", 9: "staff8", 10: "staff9"}
# Arrivals by hour of the day: a morning and an afternoon peak, a quiet lunch.
ARRIVAL_HOURS = {9: 8, 10: 14, 11: 12, 12: 5, 13: 7, 14: 12, 15: 11, 16: 9, 17: 4}
# Cases: the share of visits registered as one, and how much of its legal period a case
# of each service takes to close (mean, spread of a normal draw; above 1 is late).
CASE_SHARE = 0.9
CASE_DURATION = {"passport": (0.6, 0.15), "vehicle": (0.7, 0.3), "welfare": (0.5, 0.25),
                 "building": (0.85, 0.25)}
CASE_OUTCOMES = {"granted": 88, "refused": 6, "withdrawn": 4, "transferred": 2}
NO_SHOW_SHARE = 0.03
TRANSFER_SHARE = 0.02
RATED_SHARE = 0.35
SCORES = {5: 56, 4: 25, 3: 10, 2: 6, 1: 3}
GOOD_REASONS = ("kind", "clear", "quick", "short_wait")
BAD_REASONS = ("unkind", "unclear", "slow", "long_wait", "sent_elsewhere")
WEEKLY_FEEDBACK = [
    ("praise", None, "여권 창구 직원분이 서류를 꼼꼼히 확인해 주셔서 한 번에 끝났습니다."),
    ("suggestion", None, "키오스크 옆에 돋보기가 있으면 좋겠습니다."),
    ("complaint", "other", "점심시간에 창구가 하나만 열려 있어 오래 기다렸습니다."),
    ("praise", None, "외국인 민원 창구에서 천천히 설명해 주셔서 고마웠습니다."),
]


def load_demo_history(store: Store, now: float, *, days: int = HISTORY_DAYS) -> int:
    """Replay the city hall's working days of the last `days` days before today.
    Returns how many tickets were made."""
    site = store.one("SELECT id, timezone FROM sites WHERE code = 'dangjin'")
    holidays = {row["day"] for row in store.query(
        "SELECT day FROM holidays WHERE site_id = ?", (site["id"],))}
    today = local_day(now, site["timezone"])
    made = 0
    closings: list[tuple[float, int, str, int]] = []
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() < 5 and day.isoformat() not in holidays:
            made += _replay_day(store, site, day, closings)
    _close_cases(store, closings, now)
    return made


def _close_cases(store: Store, closings: list, now: float) -> None:
    """Close, in time order, the cases whose drawn closing moment has passed."""
    clock = FixedClock(now)
    engine = QueueEngine(store, clock)
    for moment, case_id, outcome, officer in sorted(closings):
        if moment >= now:
            break
        clock.t = moment
        cases.close(store, engine, case_id, outcome=outcome, closed_by=officer)


def _register_case(engine: QueueEngine, rng: random.Random, ticket_id: int, key: str,
                   calendar, closings: list) -> None:
    """A finished visit of a service with cases becomes one (mostly), to close later."""
    if key not in CASE_DURATION or rng.random() >= CASE_SHARE:
        return
    ticket = engine.ticket(ticket_id)
    case = cases.register(engine.store, engine, ticket_id=ticket_id,
                          registered_by=ticket["staff_id"])
    period = LegalPeriod.of(engine.service(ticket["service_id"]))
    mean, spread = CASE_DURATION[key]
    share = max(0.05, rng.gauss(mean, spread))
    closes = calendar.add_working_hours(ticket["finished_at"], share * period.hours)
    outcome = rng.choices(list(CASE_OUTCOMES), list(CASE_OUTCOMES.values()))[0]
    closings.append((closes, case["id"], outcome, ticket["staff_id"]))


def _replay_day(store: Store, site: dict, day: date, closings: list) -> int:
    rng = random.Random(day.toordinal())
    tz = ZoneInfo(site["timezone"])
    opening = datetime.combine(day, time(9), tz).timestamp()
    clock = FixedClock(opening)
    engine = QueueEngine(store, clock)
    services = {row["key"]: row for row in _services(store, site["id"])}
    by_id = {row["id"]: row for row in services.values()}
    staff = {row["login"]: row["id"] for row in store.query("SELECT id, login FROM staff")}
    counters = {row["number"]: row for row in store.query(
        "SELECT id, number FROM counters WHERE site_id = ?", (site["id"],))}
    serves = _counter_services(store, site["id"])
    calendar = site_calendar(store, site["id"])

    plan: list[tuple[float, int, str, dict]] = []   # (time, order, what, details)
    order = iter(range(10**9))

    def at(moment: float, what: str, **details) -> None:
        heapq.heappush(plan, (moment, next(order), what, details))

    hours, weights = zip(*ARRIVAL_HOURS.items())
    for key, per_day in DEMAND.items():
        for _ in range(max(0, round(rng.gauss(per_day, per_day ** 0.5)))):
            hour = rng.choices(hours, weights)[0]
            at(datetime.combine(day, time(hour), tz).timestamp() + rng.uniform(0, 3600),
               "arrive", service=services[key])
    idle = set()
    for number, login in PAST_DUTY.items():
        at(opening, "free", counter=counters[number]["id"], staff=staff[login])

    def wake(service_id: int, moment: float) -> None:
        """Idle counters that serve this service call again."""
        for counter_id, staff_id in sorted(idle):
            if service_id in serves[counter_id]:
                idle.discard((counter_id, staff_id))
                at(moment, "free", counter=counter_id, staff=staff_id)

    made = 0
    while plan:
        moment, _, what, details = heapq.heappop(plan)
        clock.t = moment
        if what == "arrive":
            try:
                engine.issue(details["service"]["id"])
            except QueueError:          # a daily cap reached: the kiosk said so
                continue
            made += 1
            wake(details["service"]["id"], moment)
        elif what == "free":
            _call_next(engine, rng, details, by_id, idle, at)
        elif what == "start":
            engine.start(details["ticket"])
        elif what == "no_show":
            engine.no_show(details["ticket"])
        elif what == "transfer":
            engine.transfer(details["ticket"], service_id=details["service"])
            wake(details["service"], moment)
        elif what == "finish":
            engine.finish(details["ticket"])
            _rate(engine, rng, details["ticket"])
            key = by_id[engine.ticket(details["ticket"])["service_id"]]["key"]
            _register_case(engine, rng, details["ticket"], key, calendar, closings)
    _weekly_feedback(engine, rng, site["id"], day, tz)
    return made


def _call_next(engine, rng, counter, services, idle, at) -> None:
    """The counter calls the next visitor; the visit is planned to its end."""
    moment = engine.clock.now()
    try:
        ticket = engine.call_next(counter["counter"], counter["staff"])
    except QueueError:                  # nobody waiting: woken by the next arrival
        idle.add((counter["counter"], counter["staff"]))
        return
    if rng.random() < NO_SHOW_SHARE:
        at(moment + 180, "no_show", ticket=ticket["id"])
        at(moment + 180, "free", **counter)
        return
    walk = rng.uniform(30, 150)
    if rng.random() < TRANSFER_SHARE:
        other = rng.choice([s for s in services.values() if s["id"] != ticket["service_id"]])
        at(moment + walk, "start", ticket=ticket["id"])
        at(moment + walk + 120, "transfer", ticket=ticket["id"], service=other["id"])
        at(moment + walk + 150, "free", **counter)
        return
    usual = services[ticket["service_id"]]["default_service_minutes"]
    minutes = max(1.0, rng.gauss(usual, usual * 0.35))
    at(moment + walk, "start", ticket=ticket["id"])
    at(moment + walk + minutes * 60, "finish", ticket=ticket["id"])
    at(moment + walk + minutes * 60 + 20, "free", **counter)


def _rate(engine: QueueEngine, rng: random.Random, ticket_id: int) -> None:
    if rng.random() >= RATED_SHARE:
        return
    score = rng.choices(list(SCORES), list(SCORES.values()))[0]
    reasons = rng.sample(GOOD_REASONS if score >= 4 else BAD_REASONS, k=rng.randint(0, 2)) \
        if score != 3 else []
    ratings.record(engine, engine.ticket(ticket_id), score, reasons,
                   channel=rng.choice(("phone", "kiosk")))


def _weekly_feedback(engine, rng, site_id: int, day: date, tz) -> None:
    """One item on each Wednesday, in turn from WEEKLY_FEEDBACK."""
    if day.weekday() != 2:
        return
    kind, ground, text = WEEKLY_FEEDBACK[day.toordinal() // 7 % len(WEEKLY_FEEDBACK)]
    engine.clock.t = datetime.combine(day, time(17, 30), tz).timestamp()
    feedback.submit(engine, site_id, kind=kind, ground=ground, text=text,
                    channel=rng.choice(("kiosk", "phone")), lang="ko")


def _services(store: Store, site_id: int) -> list[dict]:
    """The sample services with their key in server/demo/__init__.py (loaded in its order)."""
    rows = store.query("SELECT id, prefix, number_block, default_service_minutes "
                       "FROM services WHERE site_id = ? ORDER BY sort_order", (site_id,))
    return [{**row, "key": key} for row, (key, *_rest) in zip(rows, SERVICES)]


def _counter_services(store: Store, site_id: int) -> dict[int, set[int]]:
    serves: dict[int, set[int]] = {}
    for row in store.query("SELECT cs.counter_id, cs.service_id FROM counter_services cs "
                           "JOIN counters c ON c.id = cs.counter_id WHERE c.site_id = ?",
                           (site_id,)):
        serves.setdefault(row["counter_id"], set()).add(row["service_id"])
    return serves
