"""Vietnamese administrative and news vocabulary for the benchmark data set (stored NFC).

Real place names of Cà Mau (after the 2025 merger with Bạc Liêu), real names of provincial bodies, and the
phrases provincial portals actually print, so that titles, slugs, search keys and body lengths behave like
production text (multi-byte UTF-8, diacritics, "đ").
"""

import unicodedata


def _nfc(items):
    return [unicodedata.normalize("NFC", item) for item in items]


PROVINCE_NAME = "Cà Mau"
PROVINCE_SLUG = "camau"
BASE_DOMAIN = "camau.gov.vn"

_DEPARTMENTS = [
    ("Văn phòng Ủy ban nhân dân tỉnh", "vpubnd"),
    ("Sở Nội vụ", "sonv"),
    ("Sở Tài chính", "sotc"),
    ("Sở Tư pháp", "sotp"),
    ("Sở Công Thương", "soct"),
    ("Sở Y tế", "soyt"),
    ("Sở Giáo dục và Đào tạo", "sogddt"),
    ("Sở Khoa học và Công nghệ", "sokhcn"),
    ("Sở Văn hóa, Thể thao và Du lịch", "sovhttdl"),
    ("Sở Nông nghiệp và Môi trường", "sonnmt"),
    ("Sở Xây dựng", "soxd"),
    ("Sở Ngoại vụ", "songv"),
    ("Sở Dân tộc và Tôn giáo", "sodttg"),
    ("Thanh tra tỉnh", "thanhtra"),
    ("Ban Quản lý Khu kinh tế", "bqlkkt"),
    ("Trung tâm Phục vụ hành chính công", "ttpvhcc"),
    ("Đài Phát thanh và Truyền hình", "dptth"),
    ("Báo Cà Mau", "baocamau"),
    ("Trường Chính trị tỉnh", "truongchinhtri"),
    ("Quỹ Đầu tư phát triển", "quydtpt"),
    ("Ban Quản lý dự án công trình giao thông", "bqldagt"),
    ("Ban Quản lý dự án công trình dân dụng và công nghiệp", "bqldadd"),
    ("Công an tỉnh", "congan"),
    ("Bộ Chỉ huy Quân sự tỉnh", "bchqs"),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "bdbp"),
    ("Bảo hiểm xã hội tỉnh", "bhxh"),
    ("Thuế tỉnh", "thue"),
    ("Kho bạc Nhà nước khu vực", "khobac"),
    ("Liên đoàn Lao động tỉnh", "ldld"),
    ("Hội Nông dân tỉnh", "hoinongdan"),
    ("Tỉnh đoàn", "tinhdoan"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "hoilhpn"),
]
DEPARTMENTS = [(unicodedata.normalize("NFC", n), s) for n, s in _DEPARTMENTS]

PLACES = _nfc(
    [
        "An Xuyên",
        "Lý Văn Lâm",
        "Tân Thành",
        "Hòa Thành",
        "Tân Lộc",
        "Lương Thế Trân",
        "Tân Hưng",
        "Hưng Mỹ",
        "Cái Nước",
        "Phú Hưng",
        "Tân Ân",
        "Phú Tân",
        "Cái Đôi Vàm",
        "Nguyễn Việt Khái",
        "Phú Mỹ",
        "Đầm Dơi",
        "Tạ An Khương",
        "Trần Phán",
        "Tân Tiến",
        "Quách Phẩm",
        "Thanh Tùng",
        "Năm Căn",
        "Tam Giang",
        "Đất Mới",
        "Ngọc Hiển",
        "Đất Mũi",
        "Tân Thuận",
        "Rạch Gốc",
        "Trần Văn Thời",
        "Sông Đốc",
        "Khánh Bình",
        "Khánh Hưng",
        "Đá Bạc",
        "Trí Phải",
        "Thới Bình",
        "Biển Bạch",
        "Hồ Thị Kỷ",
        "U Minh",
        "Nguyễn Phích",
        "Khánh An",
        "Khánh Lâm",
        "Bạc Liêu",
        "Vĩnh Trạch",
        "Hiệp Thành",
        "Giá Rai",
        "Láng Tròn",
        "Phong Thạnh",
        "Hồng Dân",
        "Ninh Quới",
        "Ninh Thạnh Lợi",
        "Phước Long",
        "Vĩnh Phước",
        "Phong Hiệp",
        "Vĩnh Lợi",
        "Hưng Thành",
        "Châu Thới",
        "Hòa Bình",
        "Vĩnh Mỹ",
        "Vĩnh Hậu",
        "Đông Hải",
        "Gành Hào",
        "Long Điền",
        "Định Thành",
        "An Trạch",
        "Phan Ngọc Hiển",
    ]
)
PLACE_SUFFIXES = _nfc(["", " Đông", " Tây", " Nam", " Bắc", " A", " B"])

SURNAMES = _nfc(["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Dương", "Lâm"])
MIDDLE_NAMES = _nfc(["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hoàng", "Quốc", "Thành", "Bích", "Kim", "Hữu", "Đức"])
GIVEN_NAMES = _nfc(
    ["Hùng", "Dũng", "Tuấn", "Lan", "Hương", "Mai", "Phúc", "Khánh", "Trung", "Thảo", "Nhân", "Hiếu", "Đạt", "Yến"]
)
SOURCES = _nfc(
    [
        "Cổng TTĐT tỉnh Cà Mau",
        "Báo Cà Mau",
        "Đài PT-TH Cà Mau",
        "Thông tấn xã Việt Nam",
        "Báo Nhân Dân",
        "Văn phòng UBND tỉnh",
        "Sở Y tế",
        "Sở Nông nghiệp và Môi trường",
        "UBND xã",
        "Báo Chính phủ",
    ]
)

CATEGORY_ROOTS = _nfc(
    [
        "Tin tức - Sự kiện",
        "Chỉ đạo, điều hành",
        "Chính sách mới",
        "Thông tin tuyên truyền",
        "Kinh tế",
        "Văn hóa - Xã hội",
        "Quốc phòng - An ninh",
        "Cải cách hành chính",
        "Chuyển đổi số",
        "Thông báo",
        "Hoạt động của lãnh đạo",
        "Du lịch",
        "Đầu tư - Phát triển",
        "Giáo dục",
        "Y tế - Sức khỏe",
    ]
)
CATEGORY_TOPICS = _nfc(
    [
        "Nông nghiệp",
        "Thủy sản",
        "Công nghiệp",
        "Thương mại",
        "Giao thông",
        "Xây dựng",
        "Tài nguyên môi trường",
        "Phòng chống thiên tai",
        "Khoa học công nghệ",
        "Lao động việc làm",
        "An sinh xã hội",
        "Dân tộc tôn giáo",
        "Thanh tra",
        "Tư pháp",
        "Nội vụ",
        "Đối ngoại",
        "Thi đua khen thưởng",
        "Phổ biến pháp luật",
        "Nông thôn mới",
        "Kinh tế biển",
    ]
)

TOPICS = _nfc(
    [
        "cải cách hành chính",
        "chuyển đổi số",
        "dịch vụ công trực tuyến",
        "xây dựng nông thôn mới",
        "phát triển kinh tế biển",
        "nuôi trồng thủy sản",
        "bảo vệ rừng ngập mặn",
        "phòng, chống thiên tai",
        "ứng phó biến đổi khí hậu",
        "phòng, chống sạt lở bờ biển",
        "giải ngân vốn đầu tư công",
        "thu hút đầu tư",
        "giảm nghèo bền vững",
        "bảo hiểm y tế học sinh",
        "tiêm chủng mở rộng",
        "phòng, chống sốt xuất huyết",
        "an toàn vệ sinh thực phẩm",
        "an toàn giao thông",
        "phòng cháy, chữa cháy",
        "cấp căn cước",
        "đăng ký kinh doanh",
        "chỉnh trang đô thị",
        "quy hoạch sử dụng đất",
        "bồi thường, hỗ trợ, tái định cư",
        "phát triển du lịch cộng đồng",
        "khởi nghiệp đổi mới sáng tạo",
        "đào tạo nghề cho lao động nông thôn",
        "xóa nhà tạm, nhà dột nát",
        "tuyển sinh đầu cấp",
        "thi tốt nghiệp trung học phổ thông",
        "chống khai thác hải sản bất hợp pháp",
        "sắp xếp đơn vị hành chính",
        "vận hành chính quyền địa phương hai cấp",
        "tiếp công dân",
        "giải quyết khiếu nại, tố cáo",
        "phòng, chống tham nhũng",
        "thực hành tiết kiệm",
        "bình đẳng giới",
        "chăm sóc người có công",
        "xuất khẩu tôm",
    ]
)
ORGS = _nfc(
    [
        "UBND tỉnh",
        "Chủ tịch UBND tỉnh",
        "Tỉnh ủy",
        "HĐND tỉnh",
        "Sở Y tế",
        "Sở Giáo dục và Đào tạo",
        "Sở Nông nghiệp và Môi trường",
        "Sở Tài chính",
        "Sở Xây dựng",
        "Công an tỉnh",
        "Ban Chỉ huy Phòng thủ dân sự tỉnh",
        "UBND xã",
        "Đoàn công tác của tỉnh",
        "Thường trực HĐND tỉnh",
        "Mặt trận Tổ quốc tỉnh",
    ]
)
VERB_PHRASES = _nfc(
    [
        "tổ chức hội nghị triển khai",
        "kiểm tra tiến độ",
        "đẩy mạnh",
        "tăng cường công tác",
        "sơ kết công tác",
        "tổng kết công tác",
        "phát động phong trào",
        "ban hành kế hoạch",
        "hướng dẫn thực hiện",
        "chỉ đạo khẩn trương",
        "làm việc về",
        "tập huấn",
        "đối thoại với người dân về",
        "khảo sát thực tế",
        "giám sát việc thực hiện",
    ]
)
HAZARDS = _nfc(
    [
        "áp thấp nhiệt đới",
        "bão số 5",
        "triều cường",
        "mưa lớn kèm lốc xoáy",
        "nắng nóng gay gắt",
        "xâm nhập mặn",
        "sạt lở bờ sông",
        "cháy rừng cấp cực kỳ nguy hiểm",
    ]
)
AUDIENCES = _nfc(
    ["người dân", "doanh nghiệp", "hộ nuôi tôm", "ngư dân", "học sinh", "cán bộ, công chức", "hợp tác xã", "du khách"]
)
PROJECTS = _nfc(
    [
        "cầu Đầm Cùng",
        "tuyến đường ven biển",
        "kè chống sạt lở",
        "trường tiểu học",
        "trạm y tế xã",
        "nhà máy điện gió",
        "khu tái định cư",
        "chợ nông thôn",
        "cống ngăn mặn",
        "nhà văn hóa ấp",
    ]
)

TITLE_TEMPLATES = _nfc(
    [
        "{org} {verb} {topic} năm {year}",
        "Đẩy mạnh {topic} trên địa bàn xã {place}",
        "Xã {place}: {verb} {topic}",
        "Phê duyệt kế hoạch {topic} giai đoạn {year}–{year5}",
        "Tăng cường {topic} tại {place}",
        "Khánh thành {project} tại xã {place}",
        "Hướng dẫn {topic} cho {audience}",
        "Cảnh báo {hazard} ảnh hưởng đến khu vực {place}",
        "{org} chỉ đạo ứng phó {hazard}",
        "Hơn {number} {audience} được hỗ trợ về {topic}",
        "Kết quả {topic} {months} tháng đầu năm {year}",
        "Khởi công {project} ở {place}, tổng vốn {number} tỷ đồng",
    ]
)

# Sentences of body text: each a template filled like titles, joined into paragraphs.
SENTENCE_TEMPLATES = _nfc(
    [
        "Theo báo cáo của {org}, {topic} trên địa bàn tỉnh đã đạt nhiều kết quả tích cực trong năm {year}.",
        "Tại buổi làm việc, lãnh đạo {org} đề nghị các sở, ngành và địa phương tiếp tục {verb} {topic}.",
        "Đến nay, toàn tỉnh có {number} {audience} tham gia, tăng so với cùng kỳ năm trước.",
        "Xã {place} là một trong những địa phương thực hiện tốt {topic}, được người dân đồng tình ủng hộ.",
        "Ủy ban nhân dân tỉnh yêu cầu các đơn vị chủ động rà soát, tháo gỡ khó khăn, vướng mắc trong {topic}.",
        "Trong thời gian tới, ngành chức năng sẽ {verb} {topic}, bảo đảm đúng tiến độ đề ra.",
        "Dự kiến {project} sẽ hoàn thành trong quý {quarter} năm {year}, góp phần phát triển kinh tế - xã hội.",
        "Người dân có thể tra cứu thông tin và thực hiện thủ tục trên Cổng Dịch vụ công quốc gia.",
        "Cơ quan khí tượng dự báo {hazard} có thể gây ảnh hưởng đến các xã ven biển trong những ngày tới.",
        "Các địa phương cần theo dõi chặt chẽ diễn biến thời tiết, sẵn sàng phương án sơ tán {audience}.",
        "Phát biểu tại hội nghị, đồng chí Phó Chủ tịch UBND tỉnh ghi nhận nỗ lực của {audience}.",
        "Tổng kinh phí thực hiện hơn {number} tỷ đồng, từ nguồn ngân sách nhà nước và vốn xã hội hóa.",
        "Qua kiểm tra, đoàn công tác đánh giá cao sự vào cuộc của cả hệ thống chính trị ở cơ sở.",
        "Bên cạnh kết quả đạt được, {topic} vẫn còn một số hạn chế cần sớm được khắc phục.",
    ]
)

LEGAL_TITLES = _nfc(
    [
        "Về việc ban hành Quy định {topic} trên địa bàn tỉnh Cà Mau",
        "Về việc phê duyệt Kế hoạch {topic} năm {year}",
        "Về việc giao chỉ tiêu {topic} năm {year}",
        "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {dept}",
        "Về việc tăng cường {topic}",
        "Về việc công bố danh mục thủ tục hành chính lĩnh vực {field}",
        "Ban hành Chương trình {topic} giai đoạn {year}–{year5}",
        "Sửa đổi, bổ sung một số điều của Quy định {topic}",
    ]
)
LEGAL_FIELDS = _nfc(
    [
        "Đất đai",
        "Xây dựng",
        "Giao thông vận tải",
        "Y tế",
        "Giáo dục",
        "Tài chính",
        "Nội vụ",
        "Tư pháp",
        "Nông nghiệp",
        "Thủy sản",
        "Môi trường",
        "Khoa học công nghệ",
        "Lao động",
        "Văn hóa",
        "Du lịch",
    ]
)
# (doc_type value, abbreviation in the number, relative weight)
_LEGAL_TYPES = [
    ("quyet-dinh", "QĐ", 40),
    ("cong-van", "CV", 15),
    ("ke-hoach", "KH", 12),
    ("thong-bao", "TB", 10),
    ("nghi-quyet", "NQ", 8),
    ("chi-thi", "CT", 5),
    ("khac", "HD", 5),
    ("thong-tu", "TT", 3),
    ("nghi-dinh", "NĐ", 1),
    ("luat", "L", 1),
]
LEGAL_TYPES = [(v, unicodedata.normalize("NFC", a), w) for v, a, w in _LEGAL_TYPES]
ISSUERS = _nfc(["UBND", "HĐND", "TU"])
