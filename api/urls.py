"""/api/v1/: the open API (decision 1700). Mounted by portal/urls.py outside the language prefixes."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

portal = "portals/<slug:portal>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("portals/", views.PortalList.as_view(), name="portals"),
    path(portal + "categories/", views.CategoryList.as_view(), name="categories"),
    path(portal + "articles/", views.ArticleList.as_view(), name="articles"),
    path(portal + "articles/<int:pk>/", views.ArticleDetail.as_view(), name="article"),
    path(portal + "documents/", views.DocumentList.as_view(), name="documents"),
    path(portal + "documents/<int:pk>/", views.DocumentDetail.as_view(), name="document"),
    path(portal + "leaders/", views.LeaderList.as_view(), name="leaders"),
    path(portal + "schedule/", views.Schedule.as_view(), name="schedule"),
    path(portal + "consultations/", views.ConsultationList.as_view(), name="consultations"),
    path(portal + "consultations/<int:pk>/", views.ConsultationDetail.as_view(), name="consultation"),
    path(portal + "questions/", views.QuestionList.as_view(), name="questions"),
    path(portal + "questions/<int:pk>/", views.QuestionDetail.as_view(), name="question"),
]
