"""Every word the site shows for a stored code, in one place, as literals `pybabel extract` finds.

The database and the code keep codes ("bdvhx", "held", "link", "hide_comment"); pages show these
labels in the reader's language. `label(MAPPING, code)` falls back to the code itself, so an
unknown code is visible rather than hidden."""
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

TYPE_LABELS = {
    "buu-cuc": _l("Bưu cục"),
    "bdvhx": _l("Điểm Bưu điện – Văn hóa xã"),
    "dai-ly": _l("Đại lý bưu điện"),
    "kiot": _l("Ki-ốt bưu điện"),
}
CATEGORY_LABELS = {
    "postal": _l("Dịch vụ bưu chính"),
    "financial": _l("Dịch vụ tài chính"),
    "insurance": _l("Bảo hiểm"),
    "public_admin": _l("Dịch vụ hành chính công"),
    "culture": _l("Văn hóa"),
}
# QĐ 45/2016/QĐ-TTg: a point takes the dossier, returns the result, or both; None: not known
# (the seed cannot know it, only the registry says).
HANDLING_LABELS = {
    "receive": _l("Tiếp nhận hồ sơ"),
    "return": _l("Trả kết quả"),
    "both": _l("Tiếp nhận hồ sơ và trả kết quả"),
    None: _l("Chưa rõ nhận hồ sơ hay trả kết quả"),
}
# The status of a catalogue entry (app/catalogue.py).
SERVICE_STATUS_LABELS = {
    "offered": _l("Đang cung cấp"),
    "winding_down": _l("Đang thu hẹp"),
    "withdrawn": _l("Không còn thực hiện qua bưu điện"),
}
DAY_LABELS = (
    _l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"), _l("Chủ Nhật"),
)
# The five levels of the Vietnamese public-service surveys, 5 = best.
LEVEL_LABELS = {
    5: _l("Rất hài lòng"),
    4: _l("Hài lòng"),
    3: _l("Bình thường"),
    2: _l("Không hài lòng"),
    1: _l("Rất không hài lòng"),
}
CRITERION_LABELS = {
    "overall": _l("Mức độ hài lòng chung"),
    "access": _l("Tiếp cận dịch vụ"),
    "procedure": _l("Thủ tục"),
    "staff": _l("Giao dịch viên"),
    "result": _l("Kết quả"),
    "complaints": _l("Tiếp nhận góp ý"),
}
CRITERION_SHORT = {
    "overall": _l("Chung"), "access": _l("Tiếp cận"), "procedure": _l("Thủ tục"),
    "staff": _l("GDV"), "result": _l("Kết quả"), "complaints": _l("Góp ý"),
}
CRITERION_HINTS = {
    "overall": _l("Đánh giá chung về lần giao dịch tại điểm phục vụ"),
    "access": _l("Địa điểm dễ tìm, giờ mở cửa thuận tiện, thời gian chờ hợp lý"),
    "procedure": _l("Thông tin rõ ràng, giấy tờ đơn giản, phí được niêm yết công khai"),
    "staff": _l("Thái độ lịch sự, năng lực chuyên môn, không gây phiền hà"),
    "result": _l("Kết quả đúng và đúng hẹn"),
    "complaints": _l("Góp ý, phản ánh được tiếp nhận và xử lý"),
}
GRADE_LABELS = {
    "delivery": _l("Chất lượng khâu phát"),
    "public_utility": _l("Chất lượng dịch vụ bưu chính công ích"),
    "model_office": _l("Bưu cục kiểu mẫu – giao dịch viên chuyên nghiệp"),
}
STATUS_LABELS = {
    "none": _l("Không có ý kiến"),
    "published": _l("Đã công bố"),
    "held": _l("Chờ duyệt"),
    "hidden": _l("Đã ẩn"),
}
CHANNEL_LABELS = {"web": _l("Trang web"), "qr": _l("Mã QR tại quầy")}
ROLE_LABELS = {"admin": _l("Quản trị viên"), "reviewer": _l("Người kiểm duyệt")}
# Why a comment waits for a moderator (app/moderation_rules.py returns these codes).
HOLD_REASON_LABELS = {
    "email": _l("Có địa chỉ e-mail"),
    "link": _l("Có đường dẫn (link)"),
    "phone": _l("Có số điện thoại"),
    "id_number": _l("Có số CCCD/CMND"),
    "person_name": _l("Có họ tên người"),
    "health": _l("Có thông tin sức khỏe"),
    "abuse": _l("Có từ ngữ thô tục hoặc xúc phạm"),
    "long": _l("Bình luận rất dài"),
    "repeat": _l("Nội dung lặp lại"),
    "burst": _l("Nhiều đánh giá đến cùng lúc"),
    "network": _l("Nhiều đánh giá từ cùng một mạng"),
    "reported": _l("Bị người dân báo cáo vi phạm"),
}
REPORT_REASON_LABELS = {
    "abuse": _l("Lời lẽ xúc phạm, thô tục"),
    "personal": _l("Lộ thông tin cá nhân (tên, số điện thoại, số CCCD…)"),
    "spam": _l("Quảng cáo, nội dung rác"),
    "false": _l("Sai sự thật, không liên quan đến điểm này"),
    "other": _l("Lý do khác"),
}
# What a rater may ask with a rating's reference code (/quyen-rieng-tu).
REQUEST_KIND_LABELS = {
    "erase_rating": _l("Xóa toàn bộ đánh giá (cả ý kiến và liên hệ)"),
    "erase_comment": _l("Xóa ý kiến đã viết"),
    "erase_contact": _l("Xóa liên hệ đã để lại"),
    "withdraw_consent": _l("Rút lại sự đồng ý (xóa ý kiến và liên hệ, giữ đánh giá không tên)"),
    "correct": _l("Sửa ý kiến hoặc liên hệ"),
}
REQUEST_STATUS_LABELS = {
    "received": _l("Đã tiếp nhận, đang xử lý"),
    "done": _l("Đã thực hiện"),
    "refused": _l("Từ chối"),
}
AUDIT_ACTION_LABELS = {
    "login": _l("Đăng nhập"),
    "logout": _l("Đăng xuất"),
    "login_failed": _l("Đăng nhập sai"),
    "login_refused_locked": _l("Đăng nhập bị từ chối (đang khóa)"),
    "account_locked": _l("Tạm khóa đăng nhập từ một mạng"),
    "network_locked": _l("Tạm chặn đăng nhập từ một mạng"),
    "change_password": _l("Đổi mật khẩu"),
    "sign_out_everywhere": _l("Đăng xuất trên mọi thiết bị"),
    "login_password_ok": _l("Đăng nhập: đúng mật khẩu, chờ mã hai bước"),
    "enable_two_factor": _l("Bật xác thực hai bước"),
    "disable_two_factor": _l("Tắt xác thực hai bước"),
    "use_recovery_code": _l("Dùng mã khôi phục"),
    "release_ratings": _l("Tính các đánh giá giữ lại vào điểm số"),
    "discard_ratings": _l("Loại các đánh giá giữ lại"),
    "create_user": _l("Tạo tài khoản"),
    "update_user": _l("Sửa tài khoản"),
    "publish_comment": _l("Công bố ý kiến"),
    "hide_comment": _l("Ẩn ý kiến"),
    "reply_comment": _l("Trả lời ý kiến"),
    "view_contact": _l("Xem liên hệ riêng của người đánh giá"),
    "erase_contact": _l("Xóa liên hệ riêng của người đánh giá"),
    "save_assessment": _l("Lưu điểm số đánh giá nội bộ"),
    "issue_visit_codes": _l("In phiếu đánh giá tại quầy"),
    "close_quarter": _l("Đóng quý xếp hạng"),
    "publish_quarter": _l("Công bố xếp hạng quý"),
    "reopen_quarter": _l("Mở lại quý xếp hạng"),
    "import_points": _l("Nhập danh sách điểm phục vụ"),
    "privacy_request": _l("Người dân gửi yêu cầu về dữ liệu cá nhân"),
    "privacy_done": _l("Thực hiện yêu cầu về dữ liệu cá nhân"),
    "privacy_refused": _l("Từ chối yêu cầu về dữ liệu cá nhân"),
}
# Why a rater's contact was erased (app/services/contacts.py).
CONTACT_ERASE_LABELS = {
    "replied": _l("Đã trả lời công khai"),
    "contacted": _l("Đã liên hệ xong với người đánh giá"),
}
# A quarter's ranking: closed (frozen), published on /minh-bach, or reopened (app/models/quarter.py).
QUARTER_STATE_LABELS = {"closed": _l("Đã đóng"), "published": _l("Đã công bố"), "reopened": _l("Đã mở lại")}
# A yes-or-no field of an audit entry (an account active or not).
YES_NO_LABELS = {True: _l("Có"), False: _l("Không")}
LOGIN_FAILURE_LABELS = {
    "unknown_or_inactive": _l("Không có tài khoản đang hoạt động với e-mail này"),
    "wrong_password": _l("Sai mật khẩu"),
    "throttled": _l("Đang phải chờ sau nhiều lần sai"),
    "wrong_code": _l("Sai mã xác thực hai bước"),
}
AUDIT_TARGET_LABELS = {
    "admin_users": _l("Tài khoản"),
    "feedback": _l("Đánh giá"),
    "assessments": _l("Đánh giá nội bộ"),
    "import_run": _l("Lần nhập danh sách"),
    "points": _l("Điểm phục vụ"),
    "privacy_requests": _l("Yêu cầu về dữ liệu cá nhân"),
    "quarter_closings": _l("Quý xếp hạng"),
}
# Field names as staff read them: audit log entries, import previews.
FIELD_LABELS = {
    "email": _l("E-mail"), "role": _l("Vai trò"), "active": _l("Đang hoạt động"),
    "failed_logins": _l("Số lần đăng nhập sai"), "locked_until": _l("Khóa đến"),
    "last_login_at": _l("Đăng nhập lần cuối"), "reason": _l("Lý do"),
    "network": _l("Mạng (mã hóa)"), "wait_seconds": _l("Chờ (giây)"), "wait_minutes": _l("Chờ (phút)"),
    "failures_forgiven": _l("Số lần sai được xóa"), "codes_left": _l("Mã khôi phục còn lại"),
    "ratings": _l("Số đánh giá"), "slips": _l("Số phiếu"), "expires_at": _l("Hết hạn lúc"),
    "kind": _l("Loại yêu cầu"), "status": _l("Trạng thái"), "outcome": _l("Kết quả xử lý"),
    "comment_status": _l("Trạng thái ý kiến"), "hidden_reason": _l("Lý do ẩn"),
    "reply_text": _l("Trả lời công khai"), "point": _l("Điểm phục vụ"), "quarter": _l("Quý"),
    "delivery": GRADE_LABELS["delivery"], "public_utility": GRADE_LABELS["public_utility"],
    "model_office": GRADE_LABELS["model_office"], "note": _l("Ghi chú"),
    "filename": _l("Tệp"), "created": _l("Điểm mới"), "updated": _l("Điểm cập nhật"),
    "unchanged": _l("Điểm không đổi"), "deactivated": _l("Điểm ngừng hoạt động"),
    "active_points": _l("Số điểm đang hoạt động"),
    "state": _l("Trạng thái"), "points": _l("Số điểm"), "ranked": _l("Số điểm được xếp hạng"),
    "code": _l("Mã điểm"), "name": _l("Tên điểm"), "type": _l("Loại điểm"), "unit": _l("Xã, phường"),
    "former_commune": _l("Xã cũ"), "address": _l("Địa chỉ"), "address_former": _l("Địa chỉ cũ"),
    "postcode": _l("Mã bưu chính"), "lat": _l("Vĩ độ"), "lon": _l("Kinh độ"), "phone": _l("Điện thoại"),
    "hours": _l("Giờ mở cửa"), "services": _l("Dịch vụ"), "pension_days": _l("Ngày chi trả lương hưu"),
    "search_text": _l("Từ khóa tìm kiếm"), "slug": _l("Địa chỉ trang của điểm"),
    "office_code": _l("Mã bưu cục"), "coord_quality": _l("Độ chính xác vị trí"),
    "sources": _l("Nguồn dữ liệu"), "is_illustrative": _l("Dữ liệu minh họa"),
    "special_days": _l("Ngày mở cửa khác thường"), "pension_schedule": _l("Lịch chi trả lương hưu theo tháng"),
}
# The facts of a point whose source the point page names (app/sources.py).
FACT_LABELS = {
    "name": _l("Tên"), "address": _l("Địa chỉ"), "phone": _l("Điện thoại"), "hours": _l("Giờ mở cửa"),
    "services": _l("Dịch vụ"), "procedures": _l("Thủ tục hành chính"),
    "pension_days": _l("Ngày chi trả lương hưu"), "location": _l("Vị trí"),
}


def label(mapping, code) -> str:
    """The label of a code in the reader's language (the code itself when it has none)."""
    found = mapping.get(code)
    return str(found) if found is not None else str(code)


def hold_reason_text(codes: str | None) -> str:
    """A stored "link;phone" hold reason as the reader reads it."""
    return "; ".join(label(HOLD_REASON_LABELS, code) for code in (codes or "").split(";") if code)


def in_vietnamese(mapping) -> dict:
    """A label mapping in Vietnamese whatever the reader's language (the API's *_label fields)."""
    with force_locale("vi"):
        return {code: str(text) for code, text in mapping.items()}


def type_label(code: str) -> str:
    """The name of a point type ("bdvhx" → "Điểm Bưu điện – Văn hóa xã")."""
    return label(TYPE_LABELS, code)


def category_label(code: str) -> str:
    """The heading of a service category."""
    return label(CATEGORY_LABELS, code)


def handling_label(code: str | None) -> str:
    """What a point does with a procedure's dossier ("not known" for None)."""
    return label(HANDLING_LABELS, code or None)


def service_status_label(code: str) -> str:
    """The status of a catalogue entry ("winding_down" → "Đang thu hẹp")."""
    return label(SERVICE_STATUS_LABELS, code)


def day_label(weekday: int) -> str:
    """The name of a weekday, 0 = Monday."""
    return str(DAY_LABELS[weekday])


TEMPLATE_GLOBALS = {
    "label": label, "hold_reason_text": hold_reason_text, "type_label": type_label,
    "category_label": category_label, "handling_label": handling_label, "day_label": day_label,
    "service_status_label": service_status_label,
    "TYPE_LABELS": TYPE_LABELS, "LEVEL_LABELS": LEVEL_LABELS, "CRITERION_LABELS": CRITERION_LABELS,
    "CRITERION_SHORT": CRITERION_SHORT, "CRITERION_HINTS": CRITERION_HINTS, "GRADE_LABELS": GRADE_LABELS,
    "STATUS_LABELS": STATUS_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS, "ROLE_LABELS": ROLE_LABELS,
    "REPORT_REASON_LABELS": REPORT_REASON_LABELS,
    "AUDIT_ACTION_LABELS": AUDIT_ACTION_LABELS, "AUDIT_TARGET_LABELS": AUDIT_TARGET_LABELS,
    "FIELD_LABELS": FIELD_LABELS, "FACT_LABELS": FACT_LABELS,
    "REQUEST_KIND_LABELS": REQUEST_KIND_LABELS, "REQUEST_STATUS_LABELS": REQUEST_STATUS_LABELS,
}
