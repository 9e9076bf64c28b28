"""Site-wide bookkeeping that belongs to no app of the directory: the shared rate counters."""

from django.db import models


class RateCounter(models.Model):
    """One client's requests in one group and fixed window, shared by every worker and machine.

    Used by netzwerk/ratelimit.py when there is no Redis: one atomic upsert per counted request
    (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), never Django's database cache, whose incr()
    is a read followed by a write and loses counts when requests arrive at once.
    """

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "Zähler der Anfragebegrenzung"
        verbose_name_plural = "Zähler der Anfragebegrenzung"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
