import factory
from django.utils import timezone

from feedback.models import Assignment, Field, Question
from tests.factories import PortalFactory


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-{n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    portal = factory.SubFactory(PortalFactory)
    name = "Nguyễn Thị Hồng Nhung"
    email = factory.Sequence(lambda n: f"congdan{n}@example.vn")
    phone = "0912345678"
    address = "Số 7 đường Lý Văn Lâm, Phường An Xuyên"
    field = factory.SubFactory(FieldFactory)
    title = factory.Sequence(lambda n: f"Hỏi về thủ tục cấp phép số {n}")
    body = "Tôi muốn hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ cần những giấy tờ gì?"
    consent_text = "Tôi đồng ý cho Cổng xử lý dữ liệu cá nhân để trả lời câu hỏi."
    consent_at = factory.LazyFunction(timezone.now)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    question = factory.SubFactory(QuestionFactory, status=Question.Status.FORWARDED)
    agency = None
    klass = "competent"
    forwarded_at = factory.LazyFunction(timezone.localdate)
    due_date = factory.LazyAttribute(lambda o: o.forwarded_at)
    current_due_date = factory.LazyAttribute(lambda o: o.due_date)
