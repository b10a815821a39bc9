"""The words people search with for point types and services, folded (app.search.fold), mapped to
the codes the directory filters by. The catalogue's own names (data/services.csv) are matched in
the database as well; these are the everyday words beside them: verbs, short forms, English.

A phrase here is read as a type or a service wherever it stands in a query, so none may also be a
place's name (tests/test_search_corpus.py checks them against the seeded places)."""


def _meaning(value, *phrases: str) -> dict:
    return dict.fromkeys(phrases, value)


# Folded phrase → point type code (app.models.points.POINT_TYPES).
TYPE_PHRASES: dict[str, str] = {
    **_meaning("buu-cuc", "buu cuc", "bc", "buu cuc trung tam", "post office", "post offices",
               "main post office", "district post office"),
    **_meaning("bdvhx", "bdvhx", "bd vhx", "diem bd vhx", "diem bdvhx", "bd vh xa", "bdvh", "vhx",
               "buu dien vhx", "buu dien van hoa xa", "diem buu dien van hoa xa", "buu dien van hoa",
               "diem buu dien van hoa", "bd van hoa xa", "van hoa xa", "diem van hoa xa",
               "commune post office", "commune post offices", "commune post",
               "commune post and culture point",
               "post and culture point", "culture point", "cultural post office", "village post office",
               "rural post office"),
    **_meaning("dai-ly", "dai ly", "dai ly buu dien", "dai ly buu chinh", "dlbd", "agent", "agents", "agency",
               "agencies", "postal agent", "postal agency", "post agent", "post agency"),
    **_meaning("kiot", "kiot", "ki ot", "kiot buu dien", "ki ot buu dien", "ky ot", "kios", "kiosk", "kiosks",
               "postal kiosk", "post kiosk"),
}

_LAND = ("tthc-dat-dai-lan-dau", "tthc-dat-dai-bien-dong")
_INSURANCE = ("bh-pti-xe-may", "bh-pti-o-to", "thu-bhxh-bhyt", "tthc-the-bhyt")
_ALLOWANCES = ("chi-tra-tro-cap", "chi-tra-luong-huu")

# Folded phrase → the service codes it may mean (a point offering any of them matches).
SERVICE_PHRASES: dict[str, tuple[str, ...]] = {
    # Post
    **_meaning(("gui-thu",), "gui thu", "thu tu", "buu thiep", "thiep", "thu bao dam", "gui thu bao dam",
               "thu dam bao", "letter", "letters", "postcard", "postcards", "mail", "registered mail",
               "registered letter"),
    **_meaning(("gui-thu", "buu-kien"), "buu pham", "gui buu pham", "thu tu buu pham", "buu pham bao dam"),
    **_meaning(("buu-kien", "ems"), "buu kien", "gui hang", "gui do", "hang hoa", "kien hang", "gui hang hoa",
               "parcel", "parcels", "package", "packages"),
    **_meaning(("ems",), "ems", "chuyen phat nhanh", "phat nhanh", "gui nhanh", "hoa toc", "express",
               "express mail", "courier"),
    **_meaning(("quoc-te",), "quoc te", "nuoc ngoai", "gui di nuoc ngoai", "international", "abroad",
               "overseas"),
    **_meaning(("cod",), "cod", "thu ho tien hang", "tien hang", "cash on delivery"),
    **_meaning(("cod", "thu-ho-dien-nuoc"), "thu ho"),
    **_meaning(("tem",), "tem", "tem thu", "tem buu chinh", "stamp", "stamps", "postage", "postage stamps"),
    # Money
    **_meaning(("chuyen-tien",), "chuyen tien", "gui tien", "nhan tien", "rut tien", "chuyen khoan",
               "money transfer", "send money", "transfer money", "money order", "remittance"),
    **_meaning(("tiet-kiem",), "tiet kiem", "gui tiet kiem", "so tiet kiem", "savings", "postal savings"),
    **_meaning(("thu-ho-dien-nuoc",), "tien dien", "tien nuoc", "tien dien nuoc", "dien nuoc", "hoa don",
               "hoa don dien", "hoa don nuoc", "electricity", "electricity bill", "water bill", "bill",
               "bills", "bill payment"),
    # Insurance
    **_meaning(_INSURANCE, "bao hiem", "bh", "insurance"),
    **_meaning(("bh-pti-xe-may",), "bao hiem xe may", "bh xe may", "bhxm", "xe may", "bao hiem xe",
               "bao hiem mo to", "motorbike insurance", "motorcycle insurance", "scooter insurance"),
    **_meaning(("bh-pti-o-to",), "bao hiem o to", "bao hiem oto", "bh o to", "bh oto", "o to", "oto",
               "car insurance"),
    **_meaning(("bh-pti-xe-may", "bh-pti-o-to"), "pti", "bao hiem pti"),
    **_meaning(("thu-bhxh-bhyt",), "bhxh", "bao hiem xa hoi", "bhxh tu nguyen", "bao hiem xa hoi tu nguyen",
               "bao hiem ho gia dinh", "social insurance", "voluntary social insurance"),
    **_meaning(("thu-bhxh-bhyt", "tthc-the-bhyt"), "bhyt", "bao hiem y te", "health insurance"),
    **_meaning(("tthc-the-bhyt",), "the bhyt", "the bao hiem y te", "cap lai the bhyt", "the bao hiem",
               "health insurance card", "insurance card"),
    # Pensions and allowances
    **_meaning(("chi-tra-luong-huu",), "luong huu", "huong luong huu", "tien luong huu", "huu tri",
               "luong huu tri", "che do huu tri", "pension", "pensions", "retirement pension"),
    **_meaning(_ALLOWANCES, "tro cap", "tro cap xa hoi", "tro cap bhxh", "allowance", "allowances", "benefit",
               "benefits"),
    **_meaning(("chi-tra-tro-cap",), "nguoi co cong", "tro cap nguoi co cong", "uu dai nguoi co cong",
               "bao tro xa hoi", "social assistance", "veterans allowance"),
    # Public administration
    **_meaning(("ho-tro-dvc",), "dich vu cong", "dvc", "dich vu cong truc tuyen", "nop truc tuyen",
               "ho so truc tuyen", "nop ho so truc tuyen", "vneid", "online", "online services",
               "public services online"),
    **_meaning(("tiep-nhan-tra-kq",), "ho so", "nop ho so", "tiep nhan ho so", "tra ket qua",
               "thu tuc hanh chinh", "tthc", "hanh chinh cong", "mot cua", "administrative procedures",
               "application", "applications", "paperwork"),
    **_meaning(("tthc-gplx",), "giay phep lai xe", "bang lai", "bang lai xe", "gplx", "lai xe",
               "driving licence", "driving licences", "driver licence", "drivers licence", "driver s licence",
               "driving permit"),
    **_meaning(("tthc-lltp",), "ly lich tu phap", "phieu ly lich tu phap", "lltp", "criminal record",
               "criminal record certificate", "police certificate"),
    **_meaning(("tthc-ho-chieu",), "ho chieu", "passport", "passports"),
    **_meaning(("tthc-khai-sinh",), "khai sinh", "giay khai sinh", "dang ky khai sinh", "birth",
               "birth registration", "birth certificate", "register a birth"),
    **_meaning(("tthc-khai-tu",), "khai tu", "giay chung tu", "bao tu", "dang ky khai tu", "death",
               "death registration", "death certificate", "register a death"),
    **_meaning(("tthc-chung-thuc",), "chung thuc", "cong chung", "sao y", "ban sao", "chung thuc ban sao",
               "cong chung ban sao", "sao y ban chinh", "certified copy", "certified copies", "certify",
               "notarise", "notarize", "notary", "copy certification"),
    **_meaning(_LAND, "dat dai", "nha dat", "so do", "so hong", "quyen su dung dat", "land",
               "land registration", "land title"),
    **_meaning(("tthc-dat-dai-lan-dau",), "cap so do", "so do lan dau", "dang ky dat lan dau",
               "dang ky dat dai lan dau", "first land registration"),
    **_meaning(("tthc-dat-dai-bien-dong",), "sang ten", "sang ten so do", "chuyen nhuong",
               "chuyen nhuong dat", "thua ke", "tang cho", "bien dong dat dai", "land transfer", "inheritance"),
    **_meaning(("tthc-ho-kinh-doanh",), "ho kinh doanh", "kinh doanh", "dang ky kinh doanh",
               "giay phep kinh doanh", "business registration", "household business", "business licence"),
    # Culture
    **_meaning(("doc-sach-bao",), "doc sach", "doc bao", "sach bao", "doc sach bao", "thu vien", "sach",
               "reading room", "library", "books"),
    **_meaning(("phat-hanh-bao-chi",), "bao chi", "mua bao", "dat bao", "tap chi", "newspaper", "newspapers",
               "magazine", "magazines", "subscription", "subscriptions"),
}

# Verbs that open a service ("làm hộ chiếu", "rút lương hưu", "renew a licence"): left out when a
# type or service follows, kept as words otherwise ("Lâm", "Nhân", "Đội" are in places).
VERBS = frozenset((
    "lam", "lam lai", "nop", "rut", "doi", "cap", "cap lai", "cap doi", "xin", "xin cap", "nhan", "linh",
    "gui", "dang ky", "dang ki", "thanh toan", "tra", "dong", "mua", "can", "muon", "tim", "va", "hoac", "voi",
    "toi", "toi muon", "toi can",
    "pay", "send", "get", "renew", "renewal", "register", "apply", "apply for", "collect", "buy", "receive",
    "withdraw", "exchange", "make", "find", "for", "my", "a", "an", "to", "and", "or", "of",
))
# Words that tie a service or type to a place ("lương hưu ở Hoàng Đồng"): left out when the query
# asks for one (or for a post point), kept as words otherwise.
LINKS = frozenset(("o", "tai", "gan", "o gan", "khu vuc", "co", "in", "at", "near", "around"))
# Words that say nothing about which points: every point is a "bưu điện" (a post point); landmarks
# ("chợ"), questions ("… có … không"), days, the names of codes.
GENERIC = frozenset((
    "buu dien", "diem buu dien", "diem phuc vu", "diem giao dich", "buu chinh", "gan nhat", "gan day",
    "gan toi", "o dau", "cho", "giay to", "ve que", "ve nha", "khong", "co khong", "duoc khong", "hay khong",
    "nhu the nao", "the nao", "khi nao", "luc nao", "may gio", "hom nay", "ngay mai", "tuan nay", "thang nay",
    "cuoi tuan", "ma buu cuc", "ma buu chinh", "ma so", "near me", "nearest", "closest", "where", "where is",
    "postal", "service point", "service points", "service centre", "postcode", "postal code", "post code",
    "zip code", "office code",
))
# Words for a kind of place, as the site's texts write it before the name: they split a query into
# its places ("Thất Khê huyện Tràng Định") and rank first the points of the place said with them
# ("Phường Hoàng Văn Thụ" is not Xã Hoàng Văn Thụ). "xã" and "phường" are not among them: place
# names hold them ("Bắc Xa", "Tri Phương"), so they are only cut off the front of a place.
UNIT_WORDS = {"huyen": "huyen", "thi tran": "thi tran", "tt": "thi tran", "thanh pho": "thanh pho",
              "tp": "thanh pho", "tinh": "tinh"}
# The same in English, written after the name ("Huu Lung district").
UNIT_WORDS_AFTER = {"district": "huyen", "commune": "xa", "ward": "phuong", "town": "thi tran",
                    "city": "thanh pho", "province": "tinh"}
# British spellings, which the catalogue's English names use, for the American ones.
SPELLINGS = {"license": "licence", "licenses": "licences", "licensed": "licenced", "center": "centre",
             "centers": "centres", "notarized": "notarised", "program": "programme", "color": "colour"}
