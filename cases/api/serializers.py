"""What the API shows of a case file. Read-only: nothing here saves."""

from datetime import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.deadlines import DeadlineKind, case_deadlines
from cases.models import (
    CaseFile,
    CaseSection,
    CaseStatus,
    ChargedOffence,
    SectionStatus,
    Suspect,
)


class StatusFilterSerializer(serializers.Serializer):
    """The list's query: ``?status=`` any number of times; a status we do not know is a
    400, not an empty list, so a typo is not mistaken for "no files"."""

    status = serializers.MultipleChoiceField(choices=CaseStatus.choices, required=False)


class OfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True,
                                 help_text="Rank, collar number and name, as they sign.")


class CaseFileSummarySerializer(serializers.ModelSerializer):
    """A file as a list shows it: no suspect, victim or witness, so listing is no
    consultation of anyone's personal data."""

    url = serializers.HyperlinkedIdentityField(view_name="api:case-detail")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    force_code = serializers.CharField(source="force.code", read_only=True)
    officer_in_case = OfficerSerializer(read_only=True)

    class Meta:
        model = CaseFile
        fields = ["id", "url", "urn", "status", "status_label", "force_code",
                  "officer_in_case", "created_at", "updated_at", "next_deadline_at"]
        read_only_fields = fields


class ChargedOffenceSerializer(serializers.ModelSerializer):
    cjs_code = serializers.CharField(source="offence.cjs_code", read_only=True)
    title = serializers.CharField(source="offence.title", read_only=True)

    class Meta:
        model = ChargedOffence
        fields = ["cjs_code", "title", "anticipated_plea", "offence_date"]
        read_only_fields = fields


class SuspectSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.full_name", read_only=True)
    offences = ChargedOffenceSerializer(many=True, read_only=True)

    class Meta:
        model = Suspect
        fields = ["position", "name", "offences"]
        read_only_fields = fields


class CaseSectionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="get_kind_display", read_only=True)
    # "state", not "status": one property name, one set of values across the schema
    # (the file's own "status" is another set).
    state = serializers.ChoiceField(source="status", choices=SectionStatus.choices,
                                    read_only=True, help_text="How far the officer has got.")

    class Meta:
        model = CaseSection
        fields = ["kind", "title", "state", "review_state", "updated_at", "reviewed_at"]
        read_only_fields = fields


@extend_schema_field({
    "oneOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}],
    "description": "A moment (charge or release by) or the last day on which the thing may "
                   "be done (time limit, hearing target).",
})
class DeadlineDueField(serializers.Field):
    def to_representation(self, value):
        if isinstance(value, datetime):
            return serializers.DateTimeField().to_representation(value)
        return value.isoformat()


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DeadlineKind.choices, read_only=True)
    label = serializers.CharField(read_only=True)
    due = DeadlineDueField(read_only=True)
    falls_due_at = serializers.DateTimeField(
        read_only=True, help_text="The moment the deadline passes (the end of the day, in "
                                  "London, for a day).")
    is_overdue = serializers.SerializerMethodField()
    basis = serializers.CharField(read_only=True, help_text="Why it falls due then.")

    def get_is_overdue(self, deadline) -> bool:
        return deadline.is_overdue(self.context.get("now") or timezone.now())


class CaseFileSerializer(CaseFileSummarySerializer):
    """A file with its suspects and their offences, its sections by state and review, and
    its deadlines. No section's answers, and of victims and witnesses only how many."""

    dcf_url = serializers.HyperlinkedIdentityField(view_name="api:case-dcf")
    participants_count = serializers.IntegerField(
        read_only=True, help_text="How many victims and witnesses the file names.")
    suspects = SuspectSerializer(many=True, read_only=True)
    sections = CaseSectionSerializer(source="section_states", many=True, read_only=True)
    deadlines = serializers.SerializerMethodField()

    class Meta(CaseFileSummarySerializer.Meta):
        fields = [*CaseFileSummarySerializer.Meta.fields, "dcf_url", "stage", "bail_status",
                  "arrested_at", "participants_count", "suspects", "sections", "deadlines"]
        read_only_fields = fields

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, case):
        return DeadlineSerializer(case_deadlines(case), many=True, context=self.context).data


class DcfProblemSerializer(serializers.Serializer):
    path = serializers.CharField(read_only=True, help_text="Where in the DCF document.")
    rule = serializers.CharField(read_only=True,
                                 help_text="The schema keyword or business rule broken.")
    message = serializers.CharField(read_only=True)
    section = serializers.CharField(source="section_kind", read_only=True,
                                    help_text="The file's section at fault, if any.")
    field = serializers.CharField(read_only=True,
                                  help_text="The field of that section, if any.")
    page = serializers.CharField(
        read_only=True, default="",
        help_text="Where to put it right when that is not a section: details, suspects, "
                  "offences or participants.")


class DcfProblemsSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)
    problems = DcfProblemSerializer(many=True, read_only=True)
