"""The rule that spans two tables holds on both databases, including the embedded SQLite."""

import pytest
from django.db import IntegrityError, transaction

from directory.models import Membership
from tests.factories import make_membership, make_network, make_organisation

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_the_database_refuses_a_membership_in_something_that_is_not_a_network():
    firm, other_firm = make_organisation(), make_organisation()

    with pytest.raises(IntegrityError, match="membership_target_is_network"), transaction.atomic():
        Membership.objects.create(organisation=firm, network=other_firm)

    assert not Membership.objects.exists()


def test_the_database_refuses_to_turn_a_network_with_members_into_a_firm():
    network = make_network()
    make_membership(network=network)

    network.kind = "firm"
    with pytest.raises(IntegrityError, match="membership_target_is_network"), transaction.atomic():
        network.save()

    network.refresh_from_db()
    assert network.kind == "network"


def test_a_network_without_members_may_change_its_kind():
    network = make_network()

    network.kind = "firm"
    network.save()

    network.refresh_from_db()
    assert network.kind == "firm"
