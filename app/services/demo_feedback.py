"""Demo ratings (origin 'demo') so a fresh site is not empty, on illustrative points only and labelled
wherever they show; the same seed gives the same ratings.

Dates are counted back from the day of seeding so the ratings fall in the rolling 12 months.
"""
import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import delete, func, insert, select

from app.extensions import db
from app.models import Feedback, Point, PointService
from app.scoring import quarter_of
from app.services.scores import rebuild_aggregates
from app.clock import VN_TZ, to_local, utcnow

FACTORS = ("access", "procedure", "staff", "result", "complaints")
MAX_DAYS_AGO = 260  # inside the rolling four quarters whatever the day of the quarter

DEMO_COMMENTS = {
    5: ("Nhân viên nhiệt tình, hướng dẫn rất kỹ.", "Làm thủ tục nhanh, không phải chờ lâu.",
        "Nhận lương hưu thuận tiện ngay tại xã, cảm ơn bưu điện."),
    4: ("Phục vụ tốt, chỉ hơi đông vào buổi sáng.", "Gửi hàng nhanh, giá niêm yết rõ ràng."),
    3: ("Bình thường, cần thêm ghế chờ.", "Giờ mở cửa buổi chiều hơi muộn."),
    2: ("Phải chờ khá lâu mới đến lượt.", "Chưa được hướng dẫn rõ giấy tờ cần mang."),
    1: ("Đến trong giờ mở cửa nhưng điểm đóng cửa.", "Thái độ phục vụ chưa tốt."),
}
DEMO_REPLY = "Bưu điện tỉnh Lạng Sơn cảm ơn ý kiến của bạn; chúng tôi đã ghi nhận và sẽ cải thiện."


def _level(rng: random.Random, mean: float) -> int:
    return min(5, max(1, round(rng.gauss(mean, 0.9))))


def _rating_row(rng: random.Random, point_id: int, services: list[int], mean: float,
                index: int, now: datetime) -> dict:
    """One demo rating of a point (a dict of Feedback columns), given before `now` (naive UTC)."""
    visit = to_local(now).date() - timedelta(days=rng.randint(0, MAX_DAYS_AGO))
    local_moment = datetime.combine(visit, time(rng.randint(7, 16), rng.randint(0, 59)), VN_TZ)
    overall = _level(rng, mean)
    row = {"point_id": point_id, "visit_date": visit, "quarter": quarter_of(visit),
           "created_at": min(now, local_moment.astimezone(UTC).replace(tzinfo=None)),
           "overall": overall, "service_id": rng.choice(services) if services and rng.random() < 0.7 else None,
           "channel": "qr" if rng.random() < 0.3 else "web", "client_hash": f"demo-{point_id}-{index}",
           "origin": "demo", "comment": None, "comment_status": "none", "reply_text": None,
           "replied_at": None}
    for factor in FACTORS:
        row[factor] = _level(rng, overall) if rng.random() < 0.6 else None
    if rng.random() < 0.25:
        row["comment"] = rng.choice(DEMO_COMMENTS[overall])
        row["comment_status"] = "published"
        if rng.random() < 0.4:
            row["reply_text"], row["replied_at"] = DEMO_REPLY, row["created_at"] + timedelta(days=1)
    return row


def plan_demo_feedback(points: list[tuple[int, list[int]]], now: datetime, seed: int = 2025) -> list[dict]:
    """Demo ratings for (point id, service ids) pairs: most points get enough to show a score."""
    rng = random.Random(seed)
    rows = []
    for point_id, services in sorted(points):
        mean = rng.uniform(3.2, 4.7)
        count = rng.choice((0, 2, 4, 6, 8, 10, 12, 15))
        rows.extend(_rating_row(rng, point_id, services, mean, i, now) for i in range(count))
    return rows


def seed_demo_feedback(seed: int = 2025) -> int:
    """Insert the demo ratings once (idempotent) and rebuild the aggregates; rows inserted. Demo
    ratings an older seed put on a real office (or on a point imported since) are removed first."""
    remove_demo_from_real_points()
    if db.session.scalar(select(func.count()).select_from(Feedback).where(Feedback.origin == "demo")):
        return 0
    # Never on a real office: a named office must not show ratings nobody gave.
    point_ids = db.session.scalars(select(Point.id).where(Point.is_active.is_(True),
                                                         Point.is_illustrative.is_(True))).all()
    services: dict[int, list[int]] = {pid: [] for pid in point_ids}
    for point_id, service_id in db.session.execute(
            select(PointService.point_id, PointService.service_id).order_by(PointService.service_id)):
        services.setdefault(point_id, []).append(service_id)
    rows = plan_demo_feedback([(pid, services[pid]) for pid in point_ids], utcnow(), seed)
    if rows:
        db.session.execute(insert(Feedback), rows)
    rebuild_aggregates()
    return len(rows)


def remove_demo_from_real_points() -> int:
    """Delete the demo ratings of points that are not illustrative (a real office, an imported
    point) and rebuild the aggregates if any went; how many were deleted."""
    real = select(Point.id).where(Point.is_illustrative.is_(False))
    deleted = db.session.execute(delete(Feedback).where(Feedback.origin == "demo",
                                                        Feedback.point_id.in_(real))).rowcount or 0
    if deleted:
        rebuild_aggregates()  # commits
    return deleted
