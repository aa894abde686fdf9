"""Loading the curated fixtures: `manage.py seed` (see docs/data.md)."""

from django.conf import settings

from .applying import OUTCOMES, SKIPPED, SeedReport, apply_fixtures
from .reading import FixtureError, read_fixtures
from .translations import read_translations

__all__ = ["OUTCOMES", "SKIPPED", "FixtureError", "SeedReport", "seed"]


def seed(directory=None, dry_run=False):
    """Check every fixture, then write them in one transaction. Raises FixtureError."""
    directory = directory or settings.FIXTURES_DIR
    files = read_fixtures(directory)
    translations = read_translations(directory, files)
    return apply_fixtures(files, translations, dry_run=dry_run)
