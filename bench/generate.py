"""Synthetic but realistic directory data, N records of each kind, for the benchmark.

Run against a database that already holds the taxonomy and the curated data
(``manage.py seed``); the synthetic records are added beside them:

    python -m bench.generate --per-kind 10000

Every record gets coverage (national, regional or global, in the proportions
of the curated data), focus areas, one to three citations of the real sources,
a translation of its name and summary into each of the five other languages (as
the curated records have), and the links of its kind (parent organization, provider, lead organizations,
supplemented instrument...). About one in ten is a draft, so visibility
filtering has work to do. The text is drawn from the
source documents' words at their own frequencies, so that a search hits a
realistic share of the records. A fixed
random seed makes every run produce the same data.

Rows are written with ``bulk_create`` in batches (no signals, no history
rows), then the page cache's data version is moved once.
"""

import argparse
import os
import random
import re
import sys
import time

BATCH = 2000
PLACES = ["Northern", "Southern", "Eastern", "Western", "Central", "Coastal", "Highland", "Valley"]
NOUNS = ["Alliance", "Network", "Foundation", "Initiative", "Council", "Centre", "Coalition", "Trust"]


def setup_django():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")
    import django

    django.setup()


def word_stream(texts):
    """Every word of the source documents in order: sampling it keeps their word frequencies."""
    return [word.lower() for text in texts for word in re.findall(r"[A-Za-z][a-z]{2,}", text)]


class Generator:
    def __init__(self, per_kind, seed=20261123):
        from resources.models import Country, FocusArea, Population, Region, ServiceType, Source

        self.per_kind = per_kind
        self.rng = random.Random(seed)
        self.countries = list(Country.objects.values_list("pk", flat=True))
        self.regions = list(Region.objects.values_list("pk", flat=True))
        self.focus_areas = list(FocusArea.objects.values_list("pk", flat=True))
        self.service_types = list(ServiceType.objects.values_list("pk", flat=True))
        self.populations = list(Population.objects.values_list("pk", flat=True))
        self.sources = list(Source.objects.values_list("pk", "text"))
        self.words = word_stream(text for _, text in self.sources)
        if not (self.countries and self.focus_areas and self.sources):
            raise SystemExit("Seed the database first (manage.py seed): the generator needs its taxonomy.")

    def run(self):
        from resources.models import LegalInstrument, Organization, Strategy, SupportService

        started = time.monotonic()
        organizations = self.create(Organization, "org", self.organization)
        self.link_parents(organizations)
        instruments = self.create(LegalInstrument, "instrument", self.instrument(organizations))
        self.link_supplements(instruments)
        strategy_links = self.strategy_links(organizations, instruments)
        self.create(Strategy, "strategy", lambda fields: fields, links=strategy_links)
        self.create(SupportService, "service", self.service(organizations), links=self.service_links)
        from pagecache import versioning
        from resources.readmodel import writer

        # Rows written in bulk send no signals: the read model is built once at the end.
        writer.rebuild()
        versioning.bump()
        return time.monotonic() - started

    def sentence(self, words):
        text = " ".join(self.rng.choice(self.words) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def entry_fields(self, kind_label, number):
        from resources.models import Entry

        rng = self.rng
        return {
            "name": f"{rng.choice(PLACES)} {rng.choice(self.words).title()} {rng.choice(NOUNS)} {number}",
            "slug": f"bench-{kind_label}-{number}",
            "summary": self.sentence(14),
            "description": " ".join(self.sentence(20) for _ in range(3)),
            "status": Entry.Status.DRAFT if rng.random() < 0.1 else Entry.Status.PUBLISHED,
            # No last_verified: synthetic records were never verified by anyone.
        }

    # Kind-specific fields ------------------------------------------------

    def organization(self, fields):
        from resources.models import Organization

        rng = self.rng
        return {
            **fields,
            "kind": rng.choice(Organization.Kind.values),
            "acronym": "".join(word[0] for word in fields["name"].split()[:3]).upper(),
            "founded_year": rng.randint(1900, 2024),
            "headquarters_country_id": rng.choice(self.countries),
        }

    def instrument(self, organizations):
        from resources.models import LegalInstrument

        def fields_for(fields):
            rng = self.rng
            adopted = rng.randint(1950, 2024)
            return {
                **fields,
                "kind": rng.choice(LegalInstrument.Kind.values),
                "scope": rng.choice(LegalInstrument.Scope.values),
                "adopting_body_id": rng.choice(organizations),
                "adopted_year": adopted,
                "entry_into_force_year": adopted + rng.randint(0, 5) if rng.random() < 0.7 else None,
            }

        return fields_for

    def service(self, organizations):
        def fields_for(fields):
            rng = self.rng
            return {
                **fields,
                "provider_id": rng.choice(organizations),
                "delivers_by_phone": rng.random() < 0.5,
                "delivers_online": rng.random() < 0.5,
                "delivers_in_person": rng.random() < 0.5,
                "is_24_7": rng.random() < 0.2,
                "languages": ", ".join(rng.sample(["English", "Thai", "Spanish", "French", "Arabic"], 2)),
            }

        return fields_for

    # Links ---------------------------------------------------------------

    def strategy_links(self, organizations, instruments):
        def links(model, pks):
            rows = {"lead_organizations": [], "partner_organizations": [], "implements": []}
            for pk in pks:
                rows["lead_organizations"] += [(pk, org) for org in self.rng.sample(organizations, 1)]
                rows["partner_organizations"] += [(pk, org) for org in self.rng.sample(organizations, 2)]
                rows["implements"] += [(pk, instrument) for instrument in self.rng.sample(instruments, 1)]
            return rows

        return links

    def service_links(self, model, pks):
        rows = {"service_types": [], "populations": []}
        for pk in pks:
            rows["service_types"] += [(pk, t) for t in self.rng.sample(self.service_types, 2)]
            rows["populations"] += [(pk, p) for p in self.rng.sample(self.populations, 1)]
        return rows

    def link_parents(self, organizations):
        from resources.models import Organization

        children = self.rng.sample(organizations, len(organizations) // 10)
        updates = [Organization(pk=pk, parent_id=self.rng.choice(organizations)) for pk in children]
        updates = [org for org in updates if org.parent_id != org.pk]
        Organization.objects.bulk_update(updates, ["parent"], batch_size=BATCH)

    def link_supplements(self, instruments):
        from resources.models import LegalInstrument

        protocols = self.rng.sample(instruments, len(instruments) // 20)
        updates = [LegalInstrument(pk=pk, supplements_id=self.rng.choice(instruments)) for pk in protocols]
        updates = [i for i in updates if i.supplements_id != i.pk]
        LegalInstrument.objects.bulk_update(updates, ["supplements"], batch_size=BATCH)

    # Shared: rows, coverage, focus areas, citations -------------------------

    def create(self, model, label, fields_for, links=None):
        from django.db import transaction

        pks = []
        for start in range(0, self.per_kind, BATCH):
            numbers = range(start, min(start + BATCH, self.per_kind))
            objects = [model(**fields_for(self.entry_fields(label, n))) for n in numbers]
            with transaction.atomic():
                created = model.objects.bulk_create(objects, batch_size=BATCH)
                batch_pks = [obj.pk for obj in created]
                if batch_pks[0] is None:  # backends that return no ids from bulk_create
                    batch_pks = list(
                        model.objects.filter(slug__in=[o.slug for o in objects]).values_list("pk", flat=True)
                    )
                self.cover(model, batch_pks)
                if links:
                    for field, rows in links(model, batch_pks).items():
                        self.add_links(model, field, rows)
                self.cite(model, batch_pks)
                self.translate(model, batch_pks)
            pks += batch_pks
        print(f"  {model.__name__}: {len(pks)} created", flush=True)
        return pks

    def cover(self, model, pks):
        countries, regions, focus, worldwide = [], [], [], []
        for pk in pks:
            scope = self.rng.random()
            if scope < 0.6:
                countries += [(pk, c) for c in self.rng.sample(self.countries, self.rng.randint(1, 3))]
            elif scope < 0.85:
                regions += [(pk, r) for r in self.rng.sample(self.regions, 1)]
            else:
                worldwide.append(pk)
            focus += [(pk, f) for f in self.rng.sample(self.focus_areas, self.rng.randint(1, 3))]
        model._base_manager.filter(pk__in=worldwide).update(is_global=True)
        self.add_links(model, "countries", countries)
        self.add_links(model, "regions", regions)
        self.add_links(model, "focus_areas", focus)

    @staticmethod
    def add_links(model, field_name, rows):
        field = model._meta.get_field(field_name)
        through = field.remote_field.through
        source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create(
            [through(**{source: a, target: b}) for a, b in rows], batch_size=BATCH, ignore_conflicts=True
        )

    def translate(self, model, pks):
        from django.contrib.contenttypes.models import ContentType

        from resources.models import RecordTranslation, translation_languages

        content_type = ContentType.objects.get_for_model(model)
        RecordTranslation.objects.bulk_create(
            [
                RecordTranslation(
                    content_type=content_type,
                    object_id=pk,
                    language=language,
                    name=f"{name} ({language})",
                    summary=self.sentence(14),
                    translated_by="Benchmark",
                )
                for pk, name in model._base_manager.filter(pk__in=pks).values_list("pk", "name")
                for language, _ in translation_languages()
            ],
            batch_size=BATCH,
        )

    def cite(self, model, pks):
        from django.contrib.contenttypes.models import ContentType

        from resources.models import Citation

        content_type = ContentType.objects.get_for_model(model)
        citations = []
        for pk in pks:
            for position in range(self.rng.randint(1, 3)):
                source, text = self.rng.choice(self.sources)
                start = self.rng.randrange(0, max(1, len(text) - 200))
                citations.append(
                    Citation(
                        source_id=source,
                        content_type=content_type,
                        object_id=pk,
                        quote=text[start : start + 160],
                        field="summary",
                        position=position,
                    )
                )
        Citation.objects.bulk_create(citations, batch_size=BATCH)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, required=True)
    args = parser.parse_args(argv)
    setup_django()
    seconds = Generator(args.per_kind).run()
    from resources.planner import refresh_statistics

    refresh_statistics()
    print(f"generated {args.per_kind} records per kind in {seconds:.1f}s")


if __name__ == "__main__":
    main()
