"""Public pages of every portal (mounted inside i18n_patterns by portal/urls.py)."""

from django.urls import path

from . import feeds, views

app_name = "portal"

urlpatterns = [
    path("gioi-thieu/", views.introduction, name="introduction"),
    path("gioi-thieu/lanh-dao/", views.leaders, name="leaders"),
    path("lich-cong-tac/", views.schedule, name="schedule"),
    path("tin-tuc/", views.news_index, name="news"),
    path("tin-tuc/<slug:category>/", views.category, name="category"),
    path("tin-tuc/<slug:category>/<slug:slug>-<int:pk>.html", views.article, name="article"),
    path("tin-tuc/<slug:category>/<slug:slug>-<int:pk>/ban-in.html", views.article_print, name="article-print"),
    path("tin-tuc/<slug:category>/<slug:slug>-<int:pk>/luu.html", views.article_save, name="article-save"),
    path("van-ban/", views.documents, name="documents"),
    path("van-ban/<slug:slug>-<int:pk>.html", views.document, name="document"),
    path("du-thao/", views.consultations, name="consultations"),
    path("du-thao/<slug:slug>-<int:pk>.html", views.consultation, name="consultation"),
    path("du-thao/<int:pk>/gop-y.csv", views.consultation_export, name="consultation-export"),
    path("so-do-cong/", views.site_map, name="site-map"),
    path("tim-kiem/", views.search, name="search"),
    path("danh-gia/", views.rate, name="rate"),
    path("rss/", feeds.LatestArticlesFeed(), name="rss"),
    path("rss/<slug:category>/", feeds.CategoryFeed(), name="rss-category"),
]
