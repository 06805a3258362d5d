"""factory-boy factories shared by the whole suite. Apps add theirs in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model

from components.models import FocalOfficer, Membership, Organization, Portal


class PortalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portal
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Cổng thành phần số {n}")
    short_name = factory.Sequence(lambda n: f"ctp{n}")
    slug = factory.Sequence(lambda n: f"ctp{n}")
    kind = Portal.Kind.DEPARTMENT
    owner_name = factory.LazyAttribute(lambda o: f"Cơ quan chủ quản {o.name}")
    address = "Số 2 Hùng Vương, Phường An Xuyên, tỉnh Cà Mau"
    phone = "0290 3831 069"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@camau.gov.vn")
    responsible_person = "Chánh Văn phòng"
    licence_line = "Giấy phép số 12/GP-TTĐT"


class ProvinceFactory(PortalFactory):
    name = "Cổng Thông tin điện tử tỉnh Cà Mau"
    short_name = "camau"
    slug = "camau"
    kind = Portal.Kind.PROVINCE
    domain = "camau.gov.vn"
    owner_name = "Ủy ban nhân dân tỉnh Cà Mau"
    parent = None


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    portal = factory.SubFactory(PortalFactory)
    name = factory.Sequence(lambda n: f"Sở ngành số {n}")
    slug = factory.Sequence(lambda n: f"so-nganh-{n}")
    email = factory.LazyAttribute(lambda o: f"{o.slug}@camau.gov.vn")
    answers_feedback = True


class FocalOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalOfficer

    organization = factory.SubFactory(OrganizationFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Đầu Mối {n}")
    email = factory.Sequence(lambda n: f"daumoi{n}@camau.gov.vn")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@camau.gov.vn")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "Secret@2026!")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    portal = factory.SubFactory(PortalFactory)
    role = Membership.Role.MEMBER
