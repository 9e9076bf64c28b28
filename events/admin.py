"""Django admin for events: topics, series, events and who took part."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from netzwerk.admin_base import CitationInline, RulesTabularInline, ScopedAdmin
from netzwerk.lib.admin import SHORT_TEXT, count_of, period
from netzwerk.lib.forms import DatedModelForm, FuzzyDateField, RulesModelForm

from .models import Event, EventSeries, Participation, Topic


class EventForm(DatedModelForm):
    start = FuzzyDateField(
        label=_("Datum / Beginn"),
        # Same words as the constraint event_has_start, which the database enforces.
        error_messages={"required": _("Eine Veranstaltung braucht ein Datum, mindestens das Jahr.")},
    )

    class Meta:
        model = Event
        exclude = DatedModelForm.Meta.exclude

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Event.save() gives an event without an end its start's period as end. Show that end
        # empty, so an editor who moves the start does not leave the old end behind.
        if self.instance.end and str(self.instance.end) == str(self.instance.start):
            self.initial["end"] = None


class EventParticipationInline(RulesTabularInline):
    model = Participation
    fk_name = "event"
    fields = ["person", "organisation", "role", "talk_title"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Topic)
class TopicAdmin(ScopedAdmin):
    form = RulesModelForm
    fields = ["name", "name_en", "slug"]
    list_display = ["name", "name_en", "event_count"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=count_of(Event.topics.through.objects.all(), "topic"))

    @admin.display(description=_("Veranstaltungen"), ordering="event_count")
    def event_count(self, obj) -> int:
        return obj.event_count


@admin.register(EventSeries)
class EventSeriesAdmin(ScopedAdmin):
    form = RulesModelForm
    fields = ["name", "slug", "description", "note"]
    list_display = ["name", "event_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=count_of(Event.objects.all(), "series"))

    @admin.display(description=_("Veranstaltungen"), ordering="event_count")
    def event_count(self, obj) -> int:
        return obj.event_count


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    form = EventForm
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "series"]}),
        (_("Wann"), {"fields": ["start", "end"]}),
        (_("Wo"), {"fields": ["venue", "venue_name", "city", "region"]}),
        (_("Worum es ging"), {"fields": ["description", "topics"]}),
        (_("Redaktion"), {"fields": ["note", ("created", "updated")]}),
    ]
    list_display = ["title", period, "kind", "status", "place", "series"]
    list_select_related = ["venue", "series"]
    list_filter = [
        "kind",
        "status",
        ("series", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("region", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "venue_name", "city", "venue__name", "series__name"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series", "venue", "region", "topics"]
    readonly_fields = ["created", "updated"]
    inlines = [EventParticipationInline, CitationInline]

    @admin.display(description=_("Ort"))
    def place(self, obj) -> str:
        return obj.place or "–"


@admin.register(Participation)
class ParticipationAdmin(ScopedAdmin):
    form = RulesModelForm
    fields = ["event", "person", "organisation", "role", "talk_title", "note"]
    autocomplete_fields = ["event", "person", "organisation"]
    list_display = ["event", "person", "organisation", "role", "talk_title"]
    list_select_related = ["event", "person", "organisation"]
    list_filter = ["role", "event__kind"]
    search_fields = [
        "event__title",
        "person__name",
        "organisation__name",
        "organisation__short_name",
        "talk_title",
    ]
    formfield_overrides = SHORT_TEXT
    inlines = [CitationInline]
