"""Factories of intelligence reports. A report defaults to a disseminated 2C P from
Essex, so a test states only what it is about."""

import datetime

import factory
from django.utils import timezone

from intelligence.grading import HandlingCode
from intelligence.models import EntityType, IntelligenceReport, ReportLink, ReportStatus
from intelligence.retention import RetentionGroup, review_due_on
from tests.factories import UserFactory, essex


class IntelligenceReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntelligenceReport
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"42-IR-{n + 1:07d}")
    originating_force = factory.LazyFunction(lambda: essex())
    author = factory.SubFactory(UserFactory,
                                force=factory.SelfAttribute("..originating_force"))
    status = ReportStatus.DISSEMINATED
    title = factory.Sequence(lambda n: f"Report {n}")
    obtained_on = factory.LazyFunction(lambda: timezone.localdate()
                                       - datetime.timedelta(days=3))
    original_text = "The source saw the subject selling cannabis from the rear of 3 Mill Lane."
    sanitised_text = "The subject is believed to sell cannabis in the Mill Lane area."
    source_evaluation = "2"
    intelligence_assessment = "C"
    handling_code = HandlingCode.PERMITTED
    retention_group = RetentionGroup.OTHER
    submitted_at = factory.LazyFunction(timezone.now)
    disseminated_at = factory.LazyAttribute(
        lambda report: timezone.now() if report.status == ReportStatus.DISSEMINATED
        else None)
    review_due_on = factory.LazyAttribute(
        lambda report: review_due_on(report.retention_group, from_date=timezone.localdate())
        if report.status == ReportStatus.DISSEMINATED else None)

    @factory.post_generation
    def shared_with_forces(self, create, extracted, **kwargs):
        if create and extracted:
            self.shared_with_forces.set(extracted)

    @factory.post_generation
    def shared_with_roles(self, create, extracted, **kwargs):
        """Role values (``Role.OFFICER``); the groups must exist (UserFactory makes them)."""
        if create and extracted:
            from django.contrib.auth.models import Group

            from tests.factories import ensure_role_groups
            ensure_role_groups()
            self.shared_with_roles.set(Group.objects.filter(name__in=list(extracted)))


class ConditionalReportFactory(IntelligenceReportFactory):
    handling_code = HandlingCode.CONDITIONS
    handling_conditions = "No executive action without reference to the originator."


class ReportLinkFactory(factory.django.DjangoModelFactory):
    """A person link by default; pass ``person=`` or another entity with its type."""

    class Meta:
        model = ReportLink

    report = factory.SubFactory(IntelligenceReportFactory)
    entity_type = EntityType.PERSON
    person = factory.SubFactory("tests.people.factories.PersonFactory")
    reason = "Named by the source as the seller."
    created_by = factory.SelfAttribute("report.author")
