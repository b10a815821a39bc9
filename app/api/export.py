"""The directory as CSV: UTF-8 with a byte-order mark so Excel shows Vietnamese, documented columns.

The columns the import reads (code, name, type, unit_code, …) carry the same names and formats,
so an exported file can be edited and imported back."""
import csv
import io

from flask_babel import lazy_gettext as _l

from app.api.documents import page_url
from app.hours import format_hours
from app.queries.api import hours_by_point, services_by_point
from app.queries.scores import rolling_scores

BOM = "\ufeff"
# (column, what it holds): the OpenAPI description and docs/import.md list the same.
CSV_COLUMNS = (
    ("code", _l("Mã điểm (duy nhất)")),
    ("slug", _l("Đường dẫn của điểm trên trang: /points/<slug>")),
    ("name", _l("Tên điểm")),
    ("type", _l("Loại điểm: buu-cuc, bdvhx, dai-ly, kiot")),
    ("unit_code", _l("Mã xã/phường hiện hành")),
    ("unit_name", _l("Tên xã/phường hiện hành")),
    ("former_commune", _l("Mã xã/phường/thị trấn cũ (trước 1/7/2025), nếu có")),
    ("address", _l("Địa chỉ hiện hành")),
    ("address_former", _l("Địa chỉ theo địa giới cũ")),
    ("postcode", _l("Mã bưu chính quốc gia (5 số, 25xxx), nếu biết")),
    ("office_code", _l("Mã bưu cục của Bưu điện Việt Nam (6 số), nếu có")),
    ("lat", _l("Vĩ độ (WGS 84)")),
    ("lon", _l("Kinh độ (WGS 84)")),
    ("coord_quality", _l("exact: tọa độ của tòa nhà; approximate: gần đúng")),
    ("phone", _l("Điện thoại")),
    ("hours", _l("Giờ mở cửa, ví dụ: T2-T6 07:00-11:30,13:30-17:00; T7 07:00-11:30")),
    ("services", _l("Mã dịch vụ, cách nhau bởi dấu chấm phẩy; thủ tục kèm :receive, :return hoặc :both")),
    ("pension_days", _l("Ngày chi trả lương hưu thường lệ trong tháng, ví dụ 5-12")),
    ("pension_schedule", _l("Tháng chi trả khác thường lệ, ví dụ 2027-01: 14-20 gộp 2; 2027-02: không")),
    ("special_days", _l("Ngày nghỉ hoặc giờ riêng, ví dụ 2026-12-24: nghỉ")),
    ("is_illustrative", _l("1 nếu là dữ liệu minh họa")),
    ("score", _l("Điểm hài lòng chung 12 tháng (1–5), trống khi chưa đủ đánh giá")),
    ("ratings", _l("Số đánh giá trong 12 tháng")),
    ("url", _l("Trang của điểm")),
)


def csv_row(point, unit_name: str, hours, services, overall) -> list:
    """One point as a CSV row, in CSV_COLUMNS order."""
    return [
        point.code, point.slug, point.name, point.type, point.unit_code, unit_name,
        point.former_commune_code or "", point.address, point.address_former or "",
        point.postcode or "", point.office_code or "", f"{point.lat:.6f}", f"{point.lon:.6f}",
        point.coord_quality, point.phone or "", format_hours(hours),
        ";".join(f"{code}:{handling}" if handling else code for code, handling in services),
        f"{point.pension_day_from}-{point.pension_day_to}" if point.pension_day_from else "",
        point.pension_schedule or "", point.special_days or "",
        "1" if point.is_illustrative else "0",
        "" if overall is None or overall.value is None else f"{overall.value:.2f}",
        overall.count if overall else 0,
        page_url(point.slug),
    ]


def points_csv(points, names: dict[str, str]) -> str:
    """The points as CSV text, starting with the byte-order mark."""
    ids = [p.id for p in points]
    hours, services = hours_by_point(ids), services_by_point(ids)
    scores = rolling_scores("overall", ids)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for p in points:
        writer.writerow(csv_row(p, names.get(p.unit_code, ""), hours.get(p.id, []),
                                services.get(p.id, []), scores.get(p.id)))
    return out.getvalue()
