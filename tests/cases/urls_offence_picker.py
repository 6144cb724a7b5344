"""Test-only URLs: the project's, with the offence picker's results endpoint added to the
``cases`` namespace (as cases/urls.py will add it), and a small form that shows how a form
view includes the picker without JavaScript."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from athena import urls as athena_urls
from cases import urls as cases_urls
from cases.offence_picker import (
    CHOICE_FIELD,
    FIND_BUTTON,
    offence_picker_results,
    picker_context,
    picker_context_from_data,
)

EXAMPLE_FORM = """{% extends "base.html" %}
{% block content %}
<form method="post" novalidate>
  {% csrf_token %}
  {% include "cases/_offence_picker.html" %}
  <button type="submit" class="govuk-button" data-module="govuk-button">Save offence</button>
</form>
{% if saved %}<p class="govuk-body" id="saved">Saved {{ saved }}</p>{% endif %}
{% endblock %}"""


def offence_form_example(request):
    """A form holding the picker. "Find offence" (no JavaScript) shows the results;
    "Save offence" needs a chosen offence."""
    context = picker_context(None)
    if request.method == "POST":
        context = picker_context_from_data(request.POST)
        if FIND_BUTTON not in request.POST:
            code = request.POST.get(CHOICE_FIELD, "")
            if any(option.checked for option in context["offence_picker"].options):
                context["saved"] = code
            else:
                context = picker_context(request.POST.get("offence_query"),
                                         error="Choose the offence")
    template = engines["django"].from_string(EXAMPLE_FORM)
    return HttpResponse(template.render(context, request))


cases_patterns = [
    *cases_urls.urlpatterns,
    path("offence-picker/", offence_picker_results, name="offence_picker_results"),
    path("offence-picker/example/", offence_form_example, name="offence_form_example"),
]

# First, so that its "cases" namespace is the one that reverse() finds.
urlpatterns = [
    path("cases/", include((cases_patterns, "cases"))),
    *athena_urls.urlpatterns,
]
