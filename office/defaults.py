"""Starting data of the board's office: the royalty table and the inventory of obligatory information.

Both are admin-editable data; these lists only fill an empty installation (data migration for the scale,
`services.inventory_seed` for each portal's inventory). Sources are the seeds the issue cites
(docs/decisions/0903-royalty-table-and-inventory-as-data.md).
"""

from decimal import Decimal

# NĐ 18/2014/NĐ-CP (nhuận bút báo chí, xuất bản), Điều 8–9 and its annex for electronic newspapers, applied to
# portals by 004 Điều 25.1; the unit value is 10% of the base salary (lương cơ sở 2,340,000 đồng since 1/7/2024,
# NĐ 73/2024/NĐ-CP). Ranges are the usual frame; each province sets its own in its royalty regulation.
ROYALTY_SCALE = {
    "name": "Khung nhuận bút tin, bài trên Cổng TTĐT",
    "base_amount": Decimal("234000"),
    "legal_reference": "Nghị định 18/2014/NĐ-CP (Điều 8, 9, Phụ lục); Nghị định 73/2024/NĐ-CP (lương cơ sở)",
    "valid_from": "2024-07-01",
}
ROYALTY_KINDS = [
    # code, name, min, max, default
    ("tin", "Tin", "1", "10", "2"),
    ("bai-viet", "Bài viết (phản ánh, ghi chép, bình luận)", "3", "15", "6"),
    ("phong-van", "Phỏng vấn", "2", "10", "4"),
    ("anh", "Ảnh (tin ảnh, ảnh minh họa)", "1", "10", "1.5"),
    ("bai-dich", "Bài dịch", "1", "8", "2"),
    ("tom-tat-van-ban", "Tóm tắt, giới thiệu văn bản", "0.5", "3", "1"),
    ("video", "Video, phóng sự ngắn", "5", "30", "8"),
    ("bien-tap", "Thù lao biên tập", "0.5", "3", "1"),
]

# 004 Điều 17.1 b–g (Sóc Trăng) and 000 Điều 13 (Bạc Liêu): what the portal must carry, who supplies it and how
# many working days after the source document. NĐ 43/2011 Điều 17 keeps the same 2/10/15/20 in practice
# (REQUIREMENTS.md §7).
INVENTORY = [
    # code, name, responsible unit, working days, trigger, reference
    (
        "vb-qppl-co-quan-ban-hanh",
        "Văn bản quy phạm pháp luật, văn bản quản lý nhà nước (cơ quan ban hành)",
        "Cơ quan ban hành văn bản",
        2,
        "Ngày văn bản được ban hành",
        "QĐ 07/2019/QĐ-UBND Sóc Trăng, Điều 17.1.c",
    ),
    (
        "vb-qppl-co-quan-dieu-chinh",
        "Văn bản quy phạm pháp luật chuyên ngành (cơ quan thuộc phạm vi điều chỉnh)",
        "Cơ quan thuộc phạm vi điều chỉnh của văn bản",
        10,
        "Ngày văn bản quy phạm pháp luật được ban hành",
        "QĐ 07/2019/QĐ-UBND Sóc Trăng, Điều 17.1.c",
    ),
    (
        "chien-luoc-quy-hoach-du-an",
        "Chiến lược, quy hoạch, dự án, hạng mục đầu tư, đấu thầu",
        "Sở Tài chính (kế hoạch và đầu tư)",
        10,
        "Ngày chiến lược, quy hoạch, dự án, đấu thầu được phê duyệt",
        "QĐ 07/2019/QĐ-UBND Sóc Trăng, Điều 17.1.d; QĐ 336/QĐ-UBND Bạc Liêu, Điều 13.2.a, d",
    ),
    (
        "thong-ke",
        "Thông tin, báo cáo thống kê",
        "Cục Thống kê tỉnh",
        10,
        "Ngày thủ trưởng cơ quan quyết định công bố",
        "QĐ 07/2019/QĐ-UBND Sóc Trăng, Điều 17.1.g; QĐ 336/QĐ-UBND Bạc Liêu, Điều 13.2.m",
    ),
    (
        "pho-bien-phap-luat",
        "Tuyên truyền, phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách",
        "Sở Tư pháp",
        15,
        "Ngày văn bản pháp luật, chính sách, chế độ được ban hành",
        "QĐ 07/2019/QĐ-UBND Sóc Trăng, Điều 17.1.b; QĐ 336/QĐ-UBND Bạc Liêu, Điều 13.2.g",
    ),
    (
        "de-tai-khoa-hoc",
        "Chương trình, đề tài khoa học",
        "Sở Khoa học và Công nghệ",
        20,
        "Ngày chương trình, đề tài được phê duyệt hoặc nghiệm thu",
        "QĐ 07/2019/QĐ-UBND Sóc Trăng, Điều 17.1.e; QĐ 336/QĐ-UBND Bạc Liêu, Điều 13.2.e",
    ),
    (
        "thu-tuc-hanh-chinh",
        "Thủ tục hành chính được sửa đổi, bổ sung",
        "Văn phòng UBND tỉnh",
        2,
        "Ngày quyết định công bố thủ tục hành chính",
        "QĐ 336/QĐ-UBND Bạc Liêu, Điều 13.2.a",
    ),
    (
        "cong-khai-ngan-sach",
        "Công khai ngân sách, báo cáo tài chính năm",
        "Sở Tài chính; Kho bạc Nhà nước",
        10,
        "Ngày báo cáo được phê duyệt",
        "QĐ 336/QĐ-UBND Bạc Liêu, Điều 13.2.a, l",
    ),
    (
        "dich-benh",
        "Tình hình dịch bệnh",
        "Sở Y tế",
        2,
        "Ngày cơ quan có thẩm quyền công bố",
        "QĐ 336/QĐ-UBND Bạc Liêu, Điều 13.2.k",
    ),
]
