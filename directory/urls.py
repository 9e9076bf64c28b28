from django.urls import path

from . import views
from .views import graph
from .views.competences import competence_list
from .views.corrections import correction
from .views.pages import imprint, privacy

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("firmen/", views.firm_list, name="firm-list"),
    path("kompetenzen/", competence_list, name="competence-list"),
    path("organisationen/", views.organisation_list, name="organisation-list"),
    path("organisationen/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("organisationen/<slug:slug>/kooperationen.json", graph.ego_json, name="organisation-ego-json"),
    path("netzwerke/", views.networks.network_list, name="network-list"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network-detail"),
    path("netzwerke/<slug:slug>/kalender.ics", views.networks.network_calendar, name="network-calendar"),
    path("personen/<slug:slug>/", views.person_detail, name="person-detail"),
    path("quellen/", views.source_list, name="source-list"),
    path("quellen/<slug:slug>/", views.source_detail, name="source-detail"),
    path("korrektur/<slug:kind>/<slug:slug>/", correction, name="correction"),
    path("kooperationen/", graph.graph_page, name="graph"),
    path("kooperationen/graph.json", graph.graph_json, name="graph-json"),
    path("kooperationen/graph.gexf", graph.graph_download, {"fmt": "gexf"}, name="graph-gexf"),
    path("kooperationen/graph.graphml", graph.graph_download, {"fmt": "graphml"}, name="graph-graphml"),
    path("kooperationen/kanten.csv", graph.graph_download, {"fmt": "csv"}, name="graph-csv"),
    path("kooperationen/pfad/", graph.path_page, name="graph-path"),
    path("kooperationen/pfad/vorschlaege.json", graph.path_suggestions, name="graph-path-suggestions"),
    path("datenschutz/", privacy, name="privacy"),
    path("impressum/", imprint, name="imprint"),
]
