"""Database router for an optional read replica (DATABASE_REPLICA_URL).

Reads go to the replica, writes and migrations to the primary ("default"). Inside a
transaction on the primary, reads stay there too: a view that writes and then reads what it
wrote (the admin's save-and-continue) must not see the replica's older copy. Both aliases
hold the same data, so relations between their objects are allowed.
"""

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
