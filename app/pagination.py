"""One page of a longer list: the rows shown, the total and the page numbers around them."""
import math
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db


@dataclass
class Page:
    """The rows of one page, how many there are in all, and which page of how many this is."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the total makes (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))


def paginate(stmt, page: int, per_page: int) -> Page:
    """One page of an ordered select() of ORM rows, with the total (two queries)."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page))
    return Page(list(rows), total or 0, page, per_page)
