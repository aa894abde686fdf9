import pytest
from django.contrib.auth.models import Group

from resources.services import EDITORS, PUBLISHERS


def _staff(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username=username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(django_user_model):
    return _staff(django_user_model, "editor", EDITORS)


@pytest.fixture
def publisher(django_user_model):
    return _staff(django_user_model, "publisher", PUBLISHERS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client
