"""What the service catalogue says of an entry beyond its columns: whether points may still offer it,
and its page on the national public-service portal (data/services.csv, data/README.md)."""

WITHDRAWN = "withdrawn"  # kept as a row (old ratings, old imports point at it), offered by no point
# The portal's page of a procedure by its national code ("mã thủ tục", e.g. 1.001193). This is the
# page public sources link with such codes; the portal's other detail page
# (dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html) is keyed by an internal number instead.
PORTAL_URL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}"


def is_offered(service) -> bool:
    """True unless the entry is withdrawn: a point may list it, search may match it."""
    return service.status != WITHDRAWN


def portal_url(service) -> str | None:
    """The entry's page on dichvucong.gov.vn, when its national procedure code is known."""
    return PORTAL_URL.format(code=service.procedure_code) if service.procedure_code else None
