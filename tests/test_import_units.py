"""Acceptance 4 on its own: a unit written by code or name, current or former, resolves; a former
commune split between two units, or a former name of several districts without its district, is
reported (and says what to write), never guessed."""
import pytest

from app.registry.reference import load_reference
from app.registry.units import UnitMatch, UnitNotResolved


@pytest.fixture
def directory(app):
    """The unit directory of the seeded database, inside a request (messages are translated)."""
    with app.test_request_context():
        yield load_reference().directory


@pytest.mark.parametrize("text, unit_code, former_code", [
    ("06040", "06040", None),  # current code
    ("6040", "06040", None),  # a code Excel stripped of its leading zero
    ("Xã Thất Khê", "06040", None),
    ("xa that khe", "06040", None),
    ("Thất Khê", "06040", None),
    ("Phường Đông Kinh, Tỉnh Lạng Sơn", "05977", None),  # the current ward, though a former one had the name
    ("Xã Hoàng Đồng, Thành phố Lạng Sơn", "05986", "05986"),  # the example → Phường Tam Thanh
    ("xa hoang dong, tp lang son", "05986", "05986"),
    ("Hoàng Đồng", "05986", "05986"),  # a former name found in one district only
    ("xã Hoàng Đồng (cũ)", "05986", "05986"),
    ("Thị trấn Thất Khê, Huyện Tràng Định", "06040", None),
    ("Phường Vĩnh Trại", "05977", "05977"),
    ("Xã Hòa Bình, Huyện Văn Quan", "06253", "06274"),  # one of the four Hòa Bình, with its district
    ("06622", None, None),  # a former commune's code: Bính Xá, split → reported
])
def test_units_resolve(directory, text, unit_code, former_code):
    if unit_code is None:
        with pytest.raises(UnitNotResolved):
            directory.resolve(text)
        return
    match = directory.resolve(text)
    assert match.unit_code == unit_code
    if former_code:
        assert match == UnitMatch(unit_code, former_code)


def test_thi_tran_resolves_through_the_former_commune(directory):
    match = directory.resolve("Thị trấn Thất Khê, Huyện Tràng Định")
    assert directory.communes[match.former_commune_code].name == "Thị trấn Thất Khê"


@pytest.mark.parametrize("text, says", [
    ("Xã Bính Xá", "Xã Bính Xá (cũ) đã được chia cho Xã Đình Lập và Xã Kiên Mộc"),
    ("Bính Xá, Huyện Đình Lập", "Xã Bính Xá (cũ) đã được chia cho Xã Đình Lập và Xã Kiên Mộc"),
    ("Xã Kiên Mộc, Huyện Đình Lập", "Xã Kiên Mộc (cũ) đã được chia cho Xã Kiên Mộc và Xã Châu Sơn"),
    ("Kiên Mộc (cũ)", "Xã Kiên Mộc (cũ) đã được chia cho Xã Kiên Mộc và Xã Châu Sơn"),
    ("Xã Hòa Bình", "là tên cũ có ở 4 nơi (Huyện Bình Gia, Huyện Chi Lăng, Huyện Hữu Lũng, Huyện Văn Quan)"),
    ("Tân Thành (cũ)", "là tên cũ có ở 3 nơi"),
    ("Xã Hòa Bình, Huyện Tràng Định", "không có xã/phường/thị trấn cũ 'Xã Hòa Bình' thuộc Huyện Tràng Định"),
    ("Xã Hoàng Đồng, Huyện Không Có", "không tìm thấy huyện/thành phố cũ tên 'Huyện Không Có'"),
    ("Xã Không Có", "không tìm thấy xã/phường (hiện hành hay cũ) tên 'Xã Không Có'"),
    ("99999", "không có xã/phường nào mang mã 99999"),
    ("", "chưa ghi xã/phường"),
])
def test_ambiguous_or_unknown_units_are_reported(directory, text, says):
    with pytest.raises(UnitNotResolved) as raised:
        directory.resolve(text)
    assert says in str(raised.value)


def test_kien_moc_without_district_is_the_current_commune(directory):
    # Written without a district or "(cũ)", the name is the current unit's, which exists.
    assert directory.resolve("Xã Kiên Mộc") == UnitMatch("06625")


def test_former_commune_column_accepts_code_or_name_with_district(directory):
    assert directory.former_commune("06622").name == "Xã Bính Xá"
    assert directory.former_commune("Thị trấn Thất Khê, Huyện Tràng Định").unit_codes == ("06040",)
    with pytest.raises(UnitNotResolved, match="4 nơi"):
        directory.former_commune("Xã Hòa Bình")


def test_messages_in_english(app):
    with app.test_request_context("/?lang=en"):
        directory = load_reference().directory
        with pytest.raises(UnitNotResolved) as raised:
            directory.resolve("Xã Bính Xá")
    assert str(raised.value) == ("former Xã Bính Xá was split between Xã Đình Lập and Xã Kiên Mộc: "
                                 "give the point's current commune/ward")
