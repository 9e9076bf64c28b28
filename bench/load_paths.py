"""The URL mix of bench/load.sh, one path per line, from the database in DATABASE_URL.

Run through `manage.py shell`: list pages, searches, filters, a deep page, the network page of
the biggest network, the event list and calendar, and detail pages of many different firms,
events and public people (so the run is not one cached page over and over). Shuffled with a
fixed seed, so every run requests the same sequence.
"""

import random
from urllib.parse import urlencode

from django.db.models import Count

from directory.models import Competence, Organisation, Person
from events.models import Event

rng = random.Random(1)
networks = list(
    Organisation.objects.networks().annotate(n=Count("member_links")).order_by("-n").values_list("slug", flat=True)
)
competence = Competence.objects.filter(parent__isnull=False).annotate(n=Count("organisations")).order_by("-n").first()
firms = rng.sample(list(Organisation.objects.firms().order_by("pk").values_list("slug", flat=True)), 60)
events = rng.sample(list(Event.objects.order_by("pk").values_list("slug", flat=True)), 20)
people = rng.sample(list(Person.objects.public().order_by("pk").values_list("slug", flat=True)), 15)

lists = [
    "/",
    "/firmen/",
    "/organisationen/",
    "/kompetenzen/",
    "/quellen/",
    "/netzwerke/",
    "/firmen/?" + urlencode({"q": "getriebe"}),
    "/firmen/?" + urlencode({"q": "kabelkonfektion dresden"}),
    "/organisationen/?" + urlencode({"q": "präzision glas"}),
    "/firmen/?" + urlencode({"region": "sachsen", "kompetenz": competence.slug}),
    "/firmen/?" + urlencode({"q": "fraesen", "region": "thueringen"}),
    "/firmen/?seite=2000",
    f"/netzwerke/{networks[0]}/",
    f"/netzwerke/{networks[0]}/?seite=5",
    f"/netzwerke/{networks[1]}/",
    "/veranstaltungen/",
    "/veranstaltungen/?jahr=2019",
    "/veranstaltungen/kalender.ics",
]
paths = lists * 3
paths += [f"/organisationen/{slug}/" for slug in firms]
paths += [f"/veranstaltungen/{slug}/" for slug in events]
paths += [f"/personen/{slug}/" for slug in people]
paths += [f"/netzwerke/{slug}/" for slug in rng.sample(networks, 10)]
rng.shuffle(paths)
print("\n".join(paths))
