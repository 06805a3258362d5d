"""Named errors of the editorial workflow. Views turn the PermissionDenied ones into 403s."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _


class EditorialPermissionDenied(PermissionDenied):
    """Base of every "you may not do this" raised by editorial rules."""

    message = _("Bạn không có quyền thực hiện thao tác này.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        self.message = message or self.message


class NotOnThisPortal(EditorialPermissionDenied):
    message = _("Bạn không thuộc Ban Biên tập của cổng này.")


class NotOnABoard(EditorialPermissionDenied):
    message = _("Bạn không thuộc Ban Biên tập của cổng nào.")


class NotAssignedToCategory(EditorialPermissionDenied):
    message = _("Bạn không được phân công biên tập chuyên mục này.")


class NotAuthor(EditorialPermissionDenied):
    message = _("Chỉ tác giả mới được thực hiện thao tác này ở trạng thái hiện tại.")


class NotChief(EditorialPermissionDenied):
    message = _("Chỉ Trưởng Ban Biên tập hoặc Phó Trưởng ban được ủy quyền mới được thực hiện thao tác này.")


class NoActiveDelegation(NotChief):
    message = _("Bạn không có ủy quyền của Trưởng ban còn hiệu lực cho nội dung này.")


class CannotApproveOwnContent(EditorialPermissionDenied):
    message = _("Không ai được duyệt nội dung do chính mình viết hoặc sửa.")


class ContentLocked(EditorialPermissionDenied):
    message = _("Nội dung ở trạng thái này không thể sửa.")


class ContentNotDeletable(EditorialPermissionDenied):
    message = _("Nội dung chỉ được lưu trữ, không xóa; chỉ quản trị hệ thống xóa được bản nháp chưa từng đăng.")


class CategoryInUse(EditorialPermissionDenied):
    message = _("Chuyên mục còn tin bài nên không xóa được.")


class InvalidTransition(ValidationError):
    """The item is not in a state the requested step starts from."""

    def __init__(self, message=None):
        super().__init__(message or _("Thao tác không hợp lệ ở trạng thái hiện tại."), code="invalid_transition")


class StaleVersion(ValidationError):
    """The item changed after the form was opened; nothing was saved."""

    def __init__(self, current_version=None):
        super().__init__(
            _(
                "Nội dung này vừa được người khác cập nhật (phiên bản %(v)s) trong khi bạn đang sửa. "
                "Chưa có gì được lưu và nội dung bạn nhập vẫn còn bên dưới: hãy mở nội dung trong thẻ mới "
                "để xem thay đổi, chép phần của bạn vào rồi lưu lại."
            ),
            code="stale_version",
            params={"v": current_version},
        )
        self.current_version = current_version
