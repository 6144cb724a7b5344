"""Placeholder: being written."""

from django.http import Http404


def search(request, **kwargs):
    raise Http404


def access_reason(request, **kwargs):
    raise Http404


def subject_profile(request, **kwargs):
    raise Http404


def subject_access_log(request, **kwargs):
    raise Http404


def retention_queue(request, **kwargs):
    raise Http404


def retention_review(request, **kwargs):
    raise Http404
