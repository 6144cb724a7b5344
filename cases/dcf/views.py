"""Pages of the Digital Case File (DCF): uploading one to import it as a new case file
(the worker imports it; the page shows its progress). A file's own DCF download is a page
of the file (cases/views.py), since it asks whether the file is ready (readiness.py)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from athena.jobs.selectors import job_is_delayed
from cases.dcf import uploads
from cases.dcf.forms import DcfSizeLimitHandler, DcfUploadForm
from cases.dcf.problems import DcfProblem, problem_groups

# Room for the multipart headers around a file of the largest size allowed.
MULTIPART_SLACK = 64 * 1024


def _require_add(request):
    if not request.user.has_perm("cases.add_casefile"):
        raise PermissionDenied


@csrf_exempt
@require_http_methods(["GET", "POST"])
def dcf_import(request):
    """Upload a DCF file to import. The size limit is applied as the file arrives (the
    upload handler must be in place before the CSRF check reads the body), so a file far
    too large is refused without being stored."""
    _require_add(request)
    if request.method == "POST":
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > settings.ATHENA_DCF_MAX_BYTES + MULTIPART_SLACK:
            form = DcfUploadForm(data={}, too_large=True)
            return render(request, "cases/dcf_import.html", {"form": form}, status=413)
        request.upload_handlers.insert(0, DcfSizeLimitHandler(request))
    return _dcf_import(request)


@csrf_protect
def _dcf_import(request):
    if request.method != "POST":
        return render(request, "cases/dcf_import.html", {"form": DcfUploadForm()})
    limiter = request.upload_handlers[0]
    form = DcfUploadForm(request.POST, request.FILES,
                         too_large=getattr(limiter, "too_large", False))
    if not form.is_valid():
        return render(request, "cases/dcf_import.html", {"form": form})
    token = uploads.upload_receive(acting_user=request.user, upload=form.cleaned_data["file"])
    return redirect("cases:dcf_import_progress", token=token)


def _owned_upload(request, token):
    meta = uploads.upload_meta(token)
    if meta is None or meta.get("user_id") != request.user.pk:
        raise Http404("No such upload")
    return meta


def _stored_problems(result):
    problems = []
    for entry in (result or {}).get("problems", []):
        if isinstance(entry, dict):
            problems.append(DcfProblem.from_dict(entry))
    return problems


@require_GET
def dcf_import_progress(request, token):
    """Progress of the worker's import; htmx polls the progress partial."""
    meta = _owned_upload(request, token)
    result = uploads.upload_result(token) or {}
    job = uploads.upload_job(token)
    context = {
        "token": token,
        "meta": meta,
        "job": job,
        "delayed": job is not None and not result and job_is_delayed(job),
        "result": result,
        "groups": problem_groups(_stored_problems(result)),
    }
    if request.htmx:
        return render(request, "cases/dcf_import_progress.html#progress", context)
    return render(request, "cases/dcf_import_progress.html", context)
