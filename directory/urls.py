from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisationen/", views.organisation_list, name="organisation-list"),
    path("organisationen/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network-detail"),
    path("personen/<slug:slug>/", views.person_detail, name="person-detail"),
    path("quellen/", views.source_list, name="source-list"),
    path("quellen/<slug:slug>/", views.source_detail, name="source-detail"),
]
