"""How the public pages write services, distances and moments in the reader's language."""
from datetime import datetime, timedelta

from flask_babel import format_decimal, get_locale, gettext

from app.catalogue import portal_url
from app.labels import day_label


def service_name(service) -> str:
    """A service's name in the page's language."""
    return service_names([service])[0]


def service_names(services) -> list[str]:
    """Services' names in the page's language (the locale read once, not once a service)."""
    english = str(get_locale()) == "en"
    return [service.name_en if english else service.name_vi for service in services]


def service_note(service) -> str | None:
    """A catalogue entry's note for citizens in the page's language (the Vietnamese one when the
    English is missing), or None."""
    if str(get_locale()) == "en" and service.note_en:
        return service.note_en
    return service.note_vi


def distance_text(km: float) -> str:
    """A distance as people read it: "850 m" near, "2,3 km" farther."""
    if km < 1:
        return f"{int(round(km * 1000, -1))} m"
    return f"{format_decimal(km, format='#,##0.0')} km"


def moment_text(moment: datetime, now: datetime) -> str:
    """When something happens, relative to now: "hôm nay lúc 13:30", "Thứ Hai 12/01 lúc 07:00"."""
    clock = moment.strftime("%H:%M")
    if moment.date() == now.date():
        return gettext("hôm nay lúc %(time)s", time=clock)
    if moment.date() == now.date() + timedelta(days=1):
        return gettext("ngày mai lúc %(time)s", time=clock)
    return gettext("%(day)s %(date)s lúc %(time)s", day=day_label(moment.weekday()),
                   date=moment.strftime("%d/%m"), time=clock)


TEMPLATE_GLOBALS = (service_name, service_note, portal_url, distance_text, moment_text)
