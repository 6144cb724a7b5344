import pytest

from athena.jobs.models import Job, JobStatus
from athena.jobs.tasks import run_job
from athena.people.models import Person
from athena.people.services import person_alias_add, person_create

pytestmark = pytest.mark.django_db


def _index_job(person):
    return Job.objects.filter(kind="people.person.index",
                              object_id=str(person.pk)).latest("pk")


def test_the_index_job_writes_the_phonetic_keys_of_every_name(officer):
    person = person_create(acting_user=officer, surname="Smyth", forenames="Jon")
    person_alias_add(acting_user=officer, person=person, surname="Daniels", forenames="Jack")
    assert run_job(_index_job(person).pk) == "done"
    person.refresh_from_db()
    assert person.phonetic_keys == "JK JN SM0 TNLS"


def test_running_the_index_job_twice_does_the_work_once(officer):
    person = person_create(acting_user=officer, surname="Smith", forenames="John")
    job = _index_job(person)
    assert run_job(job.pk) == "done"
    person.refresh_from_db()
    keys, version = person.phonetic_keys, person.version
    assert run_job(job.pk) == "not-claimed"
    person.refresh_from_db()
    assert (person.phonetic_keys, person.version) == (keys, version)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 1


def test_the_index_job_of_a_person_since_removed_finishes_quietly(officer):
    person = person_create(acting_user=officer, surname="Smith", forenames="John")
    job = _index_job(person)
    Person.objects.filter(pk=person.pk).delete()
    assert run_job(job.pk) == "done"
