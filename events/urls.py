from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("kalender.ics", views.calendar, name="calendar"),
    path("reihen/<slug:slug>/", views.series_detail, name="series-detail"),
    path("<slug:slug>/", views.event_detail, name="event-detail"),
    path("<slug:slug>/kalender.ics", views.event_calendar, name="event-calendar"),
]
