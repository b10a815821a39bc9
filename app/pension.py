"""When a point pays pensions and social-insurance benefits: the usual days of the month, and the
months paid otherwise, which the registry lists in its `pension_schedule` column:

    2027-01: 14-20 gộp 2; 2027-02: không

reads "in January 2027 on the 14th to the 20th, two months at once (January and February, before
Tết); no payment in February". Days past the month's end fall on its last day."""
import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

ITEM = re.compile(r"(\d{4})-(\d{1,2})\s*:\s*(?:(khong|-)|(\d{1,2})\s*(?:-\s*(\d{1,2}))?(?:\s*gop\s*(\d))?)")


def _bare(text: str) -> str:
    """Lower case without diacritics ("gộp" → "gop", "Không" → "khong"), punctuation kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


class ScheduleError(ValueError):
    """A schedule that cannot be read; the message says which item and why."""


@dataclass(frozen=True)
class MonthPlan:
    """What the schedule says of one month: no payment, or days and how many months they cover."""

    first: int | None
    last: int | None
    months: int = 1


@dataclass(frozen=True)
class Window:
    """A payment held in one month, from `starts` to `ends`; `months` > 1 pays several months at
    once; `exception` when the schedule, not the usual days, set it."""

    month: date
    starts: date | None
    ends: date | None
    months: int = 1
    exception: bool = False

    def covers(self, day: date) -> bool:
        return self.starts is not None and self.starts <= day <= self.ends


def parse_schedule(text: str | None) -> dict[tuple[int, int], MonthPlan]:
    """The months of a schedule; raises ScheduleError naming the item it cannot read."""
    plans: dict[tuple[int, int], MonthPlan] = {}
    for item in filter(None, (part.strip() for part in (text or "").split(";"))):
        match = ITEM.fullmatch(_bare(item).replace("–", "-"))
        if not match:
            raise ScheduleError(item)
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12 or (year, month) in plans:
            raise ScheduleError(item)
        if match[3]:
            plans[(year, month)] = MonthPlan(None, None)
            continue
        first, last, months = int(match[4]), int(match[5] or match[4]), int(match[6] or 1)
        if not 1 <= first <= last <= 31 or not 1 <= months <= 3:
            raise ScheduleError(item)
        plans[(year, month)] = MonthPlan(first, last, months)
    return plans


def format_schedule(plans: dict[tuple[int, int], MonthPlan]) -> str:
    """A schedule in the registry's syntax, months in order (what the export writes)."""
    items = []
    for (year, month), plan in sorted(plans.items()):
        if plan.first is None:
            items.append(f"{year}-{month:02d}: không")
        else:
            days = f"{plan.first}-{plan.last}" if plan.last != plan.first else f"{plan.first}"
            items.append(f"{year}-{month:02d}: {days}" + (f" gộp {plan.months}" if plan.months > 1 else ""))
    return "; ".join(items)


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def windows(usual: tuple[int, int] | None, schedule: str | None, start: date, months: int) -> list[Window]:
    """The payments of `months` months from start's month: the schedule's, else the usual days."""
    plans = parse_schedule(schedule)
    found = []
    year, month = start.year, start.month
    for _ in range(months):
        plan = plans.get((year, month))
        if plan is not None:
            found.append(Window(date(year, month, 1), plan.first and _day(year, month, plan.first),
                                plan.last and _day(year, month, plan.last), plan.months, True))
        elif usual:
            found.append(Window(date(year, month, 1), _day(year, month, usual[0]), _day(year, month, usual[1])))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def usual_days(point) -> tuple[int, int] | None:
    """The point's usual days of the month, or None when it pays no pensions."""
    if not point.pension_day_from:
        return None
    return point.pension_day_from, point.pension_day_to or point.pension_day_from


def point_windows(point, start: date, months: int = 3) -> list[Window]:
    """The point's payments of the coming months (schedule errors were refused at import)."""
    return windows(usual_days(point), point.pension_schedule, start, months)


def paying_on(point, day: date, closed: frozenset[date] = frozenset()) -> Window | None:
    """The payment the point holds on that day, unless the point is closed then."""
    if day in closed or (not point.pension_day_from and not point.pension_schedule):
        return None
    return next((w for w in point_windows(point, day, 1) if w.covers(day)), None)


def tet_schedule(usual: tuple[int, int], tet: tuple[date, ...]) -> dict[tuple[int, int], MonthPlan]:
    """The usual Tết exception: January and February paid together in January on the usual days,
    ended two days before the Tết holidays if they would reach them; nothing paid in February."""
    first_day = tet[0]
    year = first_day.year
    first, last = usual
    if first_day.month == 1 and last > first_day.day - 3:
        last = max(1, first_day.day - 3)
        first = min(first, last)
    return {(year, 1): MonthPlan(first, last, 2), (year, 2): MonthPlan(None, None)}
