"""Public (citizen-facing, dynamic) pages of policies, mounted at /zcztc/ by config/urls.py
before the portal's catch-all paths."""

from django.urls import path

from . import public_views

app_name = "policies_public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("<int:pk>/", public_views.detail, name="detail"),
    path("subscribe/", public_views.subscribe, name="subscribe"),
    path("subscribe/sent/", public_views.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", public_views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
    path("rss.xml", public_views.policy_feed, name="feed"),
    path("rss/<slug:kind>/<str:key>.xml", public_views.policy_feed, name="feed_tag"),
]
