"""Writing seed records without overwriting editors: the one upsert both seed layers share.

Every record the seed writes has a stable key ("article:telegaertner", "public:org-…"); a
SeedRecord row remembers which row the key wrote and the values it wrote last. A run

- finds a record's row through its SeedRecord first, else by a natural lookup (a slug, a
  link's ends), which adopts rows from databases loaded before SeedRecord existed;
- creates what is missing;
- changes a field only where the row still holds what the seed wrote last: an editor's value
  is left alone and reported;
- never re-creates a row an editor deleted: the key is reported instead.

A row that two keys reach (a public fact about a position the articles already hold, two
organisations merged into one) is written by the key that owns it; the other key links and
cites it and writes only the fields the owner leaves alone (`SHARED` in `written`).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from directory.models import SeedRecord
from directory.models.seed import SHARED

_MISSING = object()


def stored(value):
    """A field value as SeedRecord.written holds it (JSON): dates as ISO text."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass
class SeedReport:
    """What a run did, per kind of record: created / updated / unchanged / kept / deleted.

    `kept` are fields an editor changed (left alone), `deleted` keys whose row an editor
    deleted (not re-created); both are listed with the key for the command's report.
    """

    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    kept: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


class SeedWriter:
    def __init__(self, report: SeedReport | None = None):
        self.report = report or SeedReport()
        # New seed records, written in bulk by flush() (a first load makes thousands).
        self.pending: list[SeedRecord] = []
        self.records: dict[str, SeedRecord] = {record.key: record for record in SeedRecord.objects.all()}
        self.owner: dict[tuple[int, int], str] = {
            (record.content_type_id, record.object_id): record.key
            for record in self.records.values()
            if SHARED not in record.written
        }
        # Rows reached through SeedRecords, loaded once per model on first use.
        self._rows: dict[type, dict[int, models.Model]] = {}

    @property
    def counts(self) -> dict[str, Counter]:
        return self.report.counts

    def _row(self, model, record: SeedRecord):
        if model not in self._rows:
            content_type = ContentType.objects.get_for_model(model)
            ids = [r.object_id for r in self.records.values() if r.content_type_id == content_type.pk]
            self._rows[model] = model._default_manager.in_bulk(ids) if ids else {}
        return self._rows[model].get(record.object_id)

    def upsert(self, key: str, model: type[models.Model], lookup: dict, values: dict):
        """The row of `key`, created or brought up to date; None when an editor deleted it.

        `lookup` finds an existing row the first time (and is part of a new row); `values` are
        the fields the seed keeps, by attribute name (`region_id`, not `region`).
        """
        label = model.__name__
        counts = self.counts[label]
        record = self.records.get(key)
        content_type = ContentType.objects.get_for_model(model)
        if record is not None:
            instance = self._row(model, record) if record.content_type_id == content_type.pk else None
            if instance is None:
                counts["deleted"] += 1
                self.report.deleted.append(f"{label} {key}")
                return None
            return self._update(key, record, instance, self._own(record, values))
        instance = model._default_manager.filter(**lookup).first()
        if instance is None:
            instance = model(**{**lookup, **values})
            instance.save()
            self._remember(key, instance, {name: stored(value) for name, value in values.items()})
            counts["created"] += 1
            return instance
        other = self.owner.get((content_type.pk, instance.pk))
        if other is not None:
            # The row is another key's (the same fact from both seed layers): this key writes
            # only the fields the owner leaves alone (an end date the other source adds).
            record = self._remember(key, instance, {SHARED: other})
            return self._update(key, record, instance, self._own(record, values))
        # A row from before SeedRecord: adopt it, as though the seed had written what it now says.
        record = self._remember(key, instance, {name: stored(value) for name, value in values.items()})
        return self._update(key, record, instance, values, adopting=True)

    def _own(self, record: SeedRecord, values: dict) -> dict:
        """The values this key writes: all of them, or for a shared row those its owner does not."""
        owner_key = record.written.get(SHARED)
        if owner_key is None:
            return values
        owner = self.records.get(owner_key)
        taken = set(owner.written) if owner is not None else set()
        return {name: value for name, value in values.items() if name not in taken}

    def _update(self, key, record, instance, values, adopting=False):
        label = type(instance).__name__
        written = dict(record.written)
        changed, kept = [], False
        for name, value in values.items():
            current, wanted = stored(getattr(instance, name)), stored(value)
            last = written.get(name, _MISSING)
            if current == wanted:
                written[name] = wanted
            elif (
                (last is _MISSING and current in (None, ""))
                or (last is not _MISSING and current == last and not adopting)
                # A date's precision goes with its date (it has a default even when empty).
                or (name.endswith("_precision") and f"{name.removesuffix('_precision')}_date" in changed)
            ):
                # Still what the seed wrote (or empty and never written): the seed may change it.
                setattr(instance, name, value)
                written[name] = wanted
                changed.append(name)
            else:
                self.report.kept.append(f"{label} {key}: {name}")
                kept = True
        if changed:
            fields = [type(instance)._meta.get_field(name).name for name in changed]
            if any(f.name == "updated" for f in type(instance)._meta.concrete_fields):
                fields.append("updated")
            instance.save(update_fields=fields)
        self.counts[label]["updated" if changed else "kept" if kept else "unchanged"] += 1
        if written != record.written:
            record.written = written
            self._save(record)
        return instance

    def _remember(self, key, instance, written) -> SeedRecord:
        content_type = ContentType.objects.get_for_model(instance)
        record = SeedRecord(key=key, content_type=content_type, object_id=instance.pk, written=written)
        self.pending.append(record)
        self.records[key] = record
        self._rows.setdefault(type(instance), {})[instance.pk] = instance
        if SHARED not in written:
            self.owner[(content_type.pk, instance.pk)] = key
        return record

    def _save(self, record: SeedRecord) -> None:
        if record.pk is not None:  # a new one goes with flush(), as it is then
            record.save(update_fields=["written", "updated"])

    def flush(self) -> None:
        """Write the new seed records; call once a run has written its rows."""
        if self.pending:
            SeedRecord.objects.bulk_create(self.pending, batch_size=500)
            self.pending = []

    def link(self, key: str, instance, field_name: str, wanted: set[int]) -> None:
        """Add the many-to-many links the seed names; one an editor removed stays removed.

        The ids the seed linked are kept in the SeedRecord of `key` under "m2m:<field>".
        """
        record = self.records.get(key)
        if record is None or instance is None:
            return
        slot = f"m2m:{field_name}"
        before = set(record.written.get(slot, []))
        manager = getattr(instance, field_name)
        present = set(manager.values_list("pk", flat=True))
        missing = wanted - present
        removed = missing & before
        if removed:
            self.report.kept.append(f"{type(instance).__name__} {key}: {field_name} ({len(removed)} entfernt)")
            self.counts[f"{type(instance).__name__}.{field_name}"]["kept"] += len(removed)
        added = missing - before
        if added:
            manager.add(*added)
        counts = self.counts[f"{type(instance).__name__}.{field_name}"]
        counts["created"] += len(added)
        counts["unchanged"] += len(wanted & present)
        written = sorted(before | wanted)
        if written != record.written.get(slot):
            record.written = {**record.written, slot: written}
            self._save(record)

    def cite(self, key: str, record, source, *, quote: str = "", evidence: str = "") -> None:
        """The citation of `source` by `record` (the record's key plus the source's)."""
        if record is None or source is None:
            return
        from directory.models import Citation

        content_type = ContentType.objects.get_for_model(record)
        values = {"evidence": evidence} if evidence else {"quote": quote}
        self.upsert(
            key,
            Citation,
            {"source": source, "content_type": content_type, "object_id": record.pk},
            values,
        )


def report_lines(report: SeedReport) -> list[str]:
    """The command's report: per kind, then what was left alone and what editors deleted."""
    lines = []
    for label, counts in report.counts.items():
        line = (
            f"{label:<28} {counts['created']:>4} created  {counts['updated']:>4} updated  "
            f"{counts['unchanged']:>4} unchanged"
        )
        if counts["kept"]:
            line += f"  {counts['kept']:>4} left alone (edited by an editor)"
        if counts["deleted"]:
            line += f"  {counts['deleted']:>4} deleted by an editor"
        lines.append(line)
    if report.kept:
        lines.append("Left alone (an editor changed them):")
        lines += [f"  {item}" for item in report.kept]
    if report.deleted:
        lines.append("Deleted by an editor (not re-created):")
        lines += [f"  {item}" for item in report.deleted]
    return lines
