"""Placeholder: being written."""

from django.http import Http404


def index(request, **kwargs):
    raise Http404


def report_create(request, **kwargs):
    raise Http404


def report_detail(request, **kwargs):
    raise Http404


def report_edit(request, **kwargs):
    raise Http404


def report_links(request, **kwargs):
    raise Http404


def report_link_remove(request, **kwargs):
    raise Http404


def report_submit(request, **kwargs):
    raise Http404


def report_answer(request, **kwargs):
    raise Http404


def report_evaluate(request, **kwargs):
    raise Http404


def evaluation_queue(request, **kwargs):
    raise Http404
