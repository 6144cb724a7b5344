"""Admin pages of intelligence: each force's intelligence policy, set by an operator (a
superuser: the admin site admits no one else, athena/urls.py).

The admin site is the policy's only editor, so saving here goes through
``services.force_intelligence_policy_set``, which audits the change; a row is never
deleted here (deleting would change the policy with no audit event).
"""

from django.contrib import admin

from intelligence import services
from intelligence.models import ForceIntelligencePolicy


@admin.register(ForceIntelligencePolicy)
class ForceIntelligencePolicyAdmin(admin.ModelAdmin):
    list_display = ["force", "dissemination_needs_second_person", "changed_at",
                    "changed_by"]
    list_select_related = ["force", "changed_by"]
    fields = ["force", "dissemination_needs_second_person", "changed_at", "changed_by"]
    readonly_fields = ["changed_at", "changed_by"]

    def get_readonly_fields(self, request, obj=None):
        # A policy belongs to its force for good: change its setting, never its force.
        if obj is not None:
            return [*self.readonly_fields, "force"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        policy = services.force_intelligence_policy_set(
            acting_user=request.user, force=obj.force,
            dissemination_needs_second_person=obj.dissemination_needs_second_person)
        # The admin goes on to log and redirect with ``obj``: give it the stored row.
        obj.pk = policy.pk
        obj.changed_at = policy.changed_at
        obj.changed_by = policy.changed_by
