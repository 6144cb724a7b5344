"""A force's case files as COPY rows: files, suspects, charged offences, sections with
their statements and exhibits, and for every file past the draft stage the submission
the worker checked (a finished job with no problems), so the review queue and the CPS
pages read what the services would have left.

The prose, answers, statements and exhibits are bench/case_pages.py's (``case_rows``),
the same realistic files its page timings use; here they are written with COPY.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db.models import FileField, JSONField
from psycopg.types.json import Jsonb

STATUS_SHARES = (("draft", 70), ("returned", 6), ("submitted", 6), ("in_review", 4),
                 ("approved", 4), ("sent_to_cps", 6), ("decided", 4))
BAIL_SHARES = (("unconditional_bail", 35), ("conditional_bail", 35), ("remand", 10),
               ("not_applicable", 20))


def columns(model):
    return [field.column for field in model._meta.concrete_fields]


def row(instance):
    """The instance's stored values in ``columns`` order, as COPY takes them."""
    values = []
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, JSONField):
            value = Jsonb(value)
        elif isinstance(field, FileField):
            value = value.name or ""
        values.append(value)
    return values


class Ids:
    """The next id of each table, so rows can point at each other before they exist."""

    def __init__(self):
        self.last = {}

    def next(self, model):
        self.last[model] = self.last.get(model, 0) + 1
        return self.last[model]


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


class CaseFiles:
    """Rows of ``count`` case files of one force, owned by ``officers`` [(id, team)],
    created over the two years before ``now``."""

    def __init__(self, *, seed, count, force_id, force_code, unit, officers, supervisors,
                 people, offences, now):
        from case_pages import Prose

        self.rng = random.Random(seed)
        self.prose = Prose(self.rng)
        self.count, self.force_id, self.force_code, self.unit = count, force_id, force_code, unit
        self.officers, self.supervisors = officers, supervisors
        self.people, self.offences, self.now = people, offences, now
        self.ids = Ids()

    def tables(self):
        """{model: [rows]} for one batch of files at a time, as generators would be
        awkward across six tables: the caller COPYs each batch."""
        from cases.models import CaseFile

        sequence = {}
        created = sorted(self.now - timedelta(minutes=self.rng.randrange(60, 730 * 24 * 60))
                         for _ in range(self.count))
        batch = {}
        for created_at in created:
            year = created_at.year % 100
            sequence[year] = sequence.get(year, 0) + 1
            case = self._case(created_at, year, sequence[year])
            for model, rows in self._parts(case).items():
                batch.setdefault(model, []).extend(rows)
            batch.setdefault(CaseFile, []).append(row(case))
            if len(batch[CaseFile]) >= 2000:
                yield batch
                batch = {}
        if batch:
            yield batch

    def _case(self, created_at, year, sequence):
        from cases.constants import BailStatus, CaseBegins, Marker, Stage
        from cases.models import CaseFile

        rng = self.rng
        owner_id, _team = rng.choice(self.officers)
        bail = weighted(rng, BAIL_SHARES)
        age = self.now - created_at
        return CaseFile(
            id=self.ids.next(CaseFile),
            urn=f"{self.force_code}{self.unit}{sequence:05d}{year:02d}",
            force_id=self.force_id, unit_code=self.unit, sequence=sequence, year=year,
            officer_in_case_id=owner_id, created_by_id=owner_id,
            status=weighted(rng, STATUS_SHARES),
            stage=Stage.PRE_CHARGE if rng.random() < 0.1 else Stage.FIRST_HEARING,
            case_begins=CaseBegins.POSTAL_REQUISITION
            if bail == BailStatus.NOT_APPLICABLE and rng.random() < 0.5 else CaseBegins.CHARGE,
            bail_status=bail,
            markers=rng.sample(Marker.values, rng.choice([1, 1, 2]))
            if rng.random() < 0.25 else [],
            loss_value=Decimal(rng.randrange(500, 90000)) / 100 if rng.random() < 0.4 else None,
            arrested_at=created_at - timedelta(hours=rng.randint(1, 20))
            if rng.random() < 0.7 else None,
            version=rng.randint(1, 5), created_at=created_at,
            updated_at=created_at + min(age, timedelta(days=rng.randint(0, 30))))

    def _parts(self, case):
        from case_pages import case_rows

        from athena.jobs.models import Job, JobStatus
        from cases.models import (
            CaseSection,
            ChargedOffence,
            FileSubmission,
            SectionItem,
            Suspect,
        )
        from cases.services import SUBMIT_FILE_JOB

        rng = self.rng
        suspects_people = rng.sample(self.people, rng.choice([1] * 9 + [2]))
        suspects, charged, sections, items = case_rows(
            rng, self.prose, case=case, suspects_people=suspects_people,
            offences=self.offences)
        for suspect in suspects:
            suspect.pk = self.ids.next(Suspect)
        for offence in charged:
            offence.pk = self.ids.next(ChargedOffence)
            offence.suspect_id = offence.suspect.pk
        for section in sections:
            section.pk = self.ids.next(CaseSection)
        for item in items:
            item.pk = self.ids.next(SectionItem)
            item.section_id = item.section.pk
        parts = {Suspect: [row(s) for s in suspects],
                 ChargedOffence: [row(c) for c in charged],
                 CaseSection: [row(s) for s in sections], SectionItem: [row(i) for i in items]}
        if case.status != "draft":
            submitted_at = case.updated_at - timedelta(hours=rng.randint(1, 48))
            job = Job(id=self.ids.next(Job), kind=SUBMIT_FILE_JOB,
                      object_type="cases.casefile", object_id=str(case.pk),
                      status=JobStatus.DONE, attempts=1, progress=100,
                      created_at=submitted_at, updated_at=submitted_at,
                      started_at=submitted_at,
                      finished_at=submitted_at + timedelta(seconds=rng.randint(1, 9)))
            submission = FileSubmission(id=self.ids.next(FileSubmission), case_id=case.pk,
                                        submitted_by_id=case.officer_in_case_id,
                                        submitted_at=submitted_at, job_id=job.pk, problems={})
            parts[Job] = [row(job)]
            parts[FileSubmission] = [row(submission)]
        return parts
