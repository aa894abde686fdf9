"""Fixtures shared by the whole suite (docs/development.md says how the tests are laid out).

Data that many tests only read is built once per module, inside a transaction that is
rolled back when the module ends; each test runs in a savepoint inside it (pytest-django's
``db``), so what one test writes is gone before the next starts. A module that asks for one
of these data sets asks for it in every test (``pytestmark``), so that no test of the module
sees data it did not ask for.
"""

import contextlib

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections, transaction
from pytest_django.plugin import blocking_manager_key

from resources.services import EDITORS, PUBLISHERS
from tests.builders import build_rows, build_world, write_fixture_set

# Transactional tests ---------------------------------------------------------------------


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


_AS_MIGRATED = {}  # database alias: its contents right after the migrations, serialized


@pytest.fixture(scope="session", autouse=True)
def _contents_as_migrated(request):
    """What the migrations wrote (groups, permissions, content types), kept for
    ``pytest_runtest_teardown`` below; only when the session has transactional tests."""
    if any(_is_transactional(item) for item in request.session.items):
        request.getfixturevalue("django_db_setup")
        with request.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                _AS_MIGRATED[connection.alias] = connection.creation.serialize_db_to_string()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database; put back what the migrations
    wrote, with the same keys, so that the tests after it, in whatever order pytest-xdist
    runs them, find the database as migrated (Django's own runner runs such tests last)."""
    result = yield
    # After the last test the session's teardown has just dropped the test databases,
    # unless they are kept for the next run (--reuse-db), which must find them as migrated.
    kept = nextitem is not None or item.config.getvalue("reuse_db")
    if _is_transactional(item) and kept:
        with item.config.stash[blocking_manager_key].unblock():
            for alias, contents in _AS_MIGRATED.items():
                # Emptied again without post_migrate, which recreates content types under new keys.
                call_command(
                    "flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0
                )
                connections[alias].creation.deserialize_db_from_string(contents)
        ContentType.objects.clear_cache()
    return result


# Shared data ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def shared_data(django_db_setup, django_db_blocker):
    """``with shared_data(build, *args) as data:`` builds data for a module or a session
    and rolls it back at the end; for module- or session-scoped fixtures."""

    @contextlib.contextmanager
    def kept(build, *args):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build(*args)
            transaction.set_rollback(True)

    return kept


@pytest.fixture(scope="module")
def _world(shared_data):
    with shared_data(build_world) as world:
        yield world


@pytest.fixture
def world(_world, db):
    """``tests.builders.build_world()``, built once per module."""
    return _world


@pytest.fixture(scope="module")
def rows(request, shared_data):
    """``build_rows(n)`` once per module and ``n``: parametrize with ``indirect=True``."""
    with shared_data(build_rows, request.param):
        yield request.param


@pytest.fixture(scope="module")
def _curated(shared_data):
    from resources.seeding import seed

    with shared_data(seed) as report:
        yield report


@pytest.fixture
def curated(_curated, db):
    """The curated directory (``manage.py seed`` of ``fixtures/``), seeded once per module."""
    return _curated


@pytest.fixture
def fixtures_dir(tmp_path):
    """fixtures_dir(changes=None): the small seed fixture set written to a fresh directory."""
    return lambda changes=None: write_fixture_set(tmp_path, changes)


# The page cache ----------------------------------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    """The page cache on (the test settings turn it off), emptied before and after."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


# Staff -----------------------------------------------------------------------------------


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
