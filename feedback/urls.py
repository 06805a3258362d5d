from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("gui-cau-hoi/", views.question_create, name="ask"),
    path("gui-cau-hoi/da-gui/", views.question_sent, name="sent"),
    path("tra-cuu/", views.question_lookup, name="lookup"),
    path("du-lieu-ca-nhan/", views.data_request, name="data_request"),
    path("<int:pk>/", views.question_detail, name="detail"),
]
