"""Registry files for the import tests: good rows on the real geography, and ways to spoil them."""
import csv
import io

from openpyxl import Workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Point, Unit
from app.registry.validation import COLUMN_NAMES


def centroid(code: str) -> tuple[str, str]:
    """A unit's centroid (inside its polygon, as data/README.md checks) as lat, lon text."""
    unit = db.session.get(Unit, code)
    return f"{unit.lat:.6f}", f"{unit.lon:.6f}"


def good_rows() -> list[dict[str, str]]:
    """Five valid rows: the provincial office (already seeded) and four new points."""
    dong_kinh, tam_thanh, that_khe = centroid("05977"), centroid("05986"), centroid("06040")
    office = db.session.scalar(select(Point).where(Point.code == "BC-240000"))
    return [
        {"code": "BC-240000", "name": "GD Cấp 1 Lạng Sơn", "type": "buu-cuc", "unit": "05977",
         "address": office.address, "address_former": office.address_former or "", "office_code": "240000",
         "lat": f"{office.lat:.6f}", "lon": f"{office.lon:.6f}", "phone": "0205 3870 000",
         "hours": "T2-T7 07:00-19:00; CN 07:00-11:30",
         "services": "gui-thu;buu-kien;ems;tthc-chung-thuc:both", "pension_days": "5-12"},
        {"code": "VHX-HOANG-DONG", "name": "Điểm BĐ-VHX Hoàng Đồng", "type": "bdvhx",
         "unit": "Xã Hoàng Đồng, Thành phố Lạng Sơn",
         "address": "xã Hoàng Đồng (cũ), Phường Tam Thanh, Tỉnh Lạng Sơn",
         "lat": tam_thanh[0], "lon": tam_thanh[1], "hours": "T2-T7 07:30-11:30,13:30-17:00",
         "services": "gui-thu;chi-tra-luong-huu;tthc-khai-sinh:nhận", "pension_days": "6-13"},
        {"code": "DL-THAT-KHE-1", "name": "Đại lý bưu điện Thất Khê", "type": "đại lý bưu điện",
         "unit": "that khe", "former_commune": "Thị trấn Thất Khê, Huyện Tràng Định",
         "address": "Xã Thất Khê, Tỉnh Lạng Sơn", "lat": that_khe[0], "lon": that_khe[1],
         "phone": "0912 345 678", "hours": "T2-T6 7h-11h30, 13h30-17h", "services": "gui-thu, buu-kien"},
        {"code": "KIOT-DONG-KINH", "name": "Ki-ốt bưu điện Đông Kinh", "type": "kiot", "unit": "Phường Đông Kinh",
         "address": "Phường Đông Kinh, Tỉnh Lạng Sơn", "lat": dong_kinh[0].replace(".", ","),
         "lon": dong_kinh[1], "active": "1"},
        {"code": "DL-CU", "name": "Đại lý đã nghỉ", "type": "dai-ly", "unit": "06040",
         "address": "Xã Thất Khê, Tỉnh Lạng Sơn", "lat": that_khe[0], "lon": that_khe[1], "active": "0"},
    ]


def csv_bytes(rows: list[dict[str, str]], columns=COLUMN_NAMES, bom: bool = True) -> bytes:
    """The rows as a CSV file (line 1 is the header, row i is on line i + 2)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[dict[str, object]], columns=COLUMN_NAMES) -> bytes:
    """The rows as an Excel workbook; values keep their Python type (numbers stay numbers)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(name) for name in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
