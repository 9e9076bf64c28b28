from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("kalender.ics", views.calendar, name="calendar"),
    path("reihen/<slug:slug>/", views.series_detail, name="series-detail"),
    # A network's events as a calendar; /netzwerke/<slug>/kalender.ics redirects here.
    path("netzwerke/<slug:slug>/kalender.ics", views.network_calendar, name="network-calendar"),
    path("<slug:slug>/", views.event_detail, name="event-detail"),
    path("<slug:slug>/kalender.ics", views.event_calendar, name="event-calendar"),
]
