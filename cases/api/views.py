"""The API's views: read the files the user may see, audit every read of personal data.

Every view answers JSON only, and 404s a file the user may not read, as it does a file
that does not exist, so the API never tells whether a file exists.
"""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from athena.audit.services import audit_record
from cases import selectors
from cases.api.selectors import case_files_for_list, case_files_with_details
from cases.api.serializers import (
    CaseFileSerializer,
    CaseFileSummarySerializer,
    DcfProblemsSerializer,
    StatusFilterSerializer,
)
from cases.models import CaseFile, CaseStatus

TAG = "Case files"
READ_ONLY = ("Read-only: files are started, edited, reviewed and sent to the CPS in the "
             "pages, not through the API.")
NOT_SIGNED_IN = OpenApiResponse(description="Not signed in.")
NOT_FOUND = OpenApiResponse(
    description="No such file, or one the user may not read (the API does not say which).")


class CaseFileList(generics.ListAPIView):
    serializer_class = CaseFileSummarySerializer
    renderer_classes = [JSONRenderer]
    queryset = CaseFile.objects.none()  # for the schema; get_queryset scopes to the user

    @extend_schema(
        tags=[TAG],
        summary="The case files you may read",
        description="The officer in the case reads their own files; file supervisors, "
                    "inspectors and superintendents their force's; CPS lawyers every "
                    "force's files once sent to the CPS. Newest change first, 50 a page. "
                    + READ_ONLY,
        parameters=[OpenApiParameter(
            "status", enum=CaseStatus.values, many=True, explode=True,
            description="Only files in this status; repeat for several.")],
        responses={200: CaseFileSummarySerializer(many=True),
                   400: OpenApiResponse(description="A status we do not know."),
                   403: NOT_SIGNED_IN,
                   404: OpenApiResponse(description="No such page.")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = StatusFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return case_files_for_list(user=self.request.user,
                                   statuses=sorted(query.validated_data.get("status", ())))


class CaseFileDetail(generics.RetrieveAPIView):
    serializer_class = CaseFileSerializer
    renderer_classes = [JSONRenderer]
    queryset = CaseFile.objects.none()  # for the schema; get_queryset scopes to the user

    @extend_schema(
        tags=[TAG],
        summary="One case file",
        description="Its suspects and their offences, its sections with their state and "
                    "review, and its deadlines. Each read is recorded in the audit trail. "
                    + READ_ONLY,
        responses={200: CaseFileSerializer, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return case_files_with_details(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        # The file names its suspects: every read is a consultation, as on the page.
        audit_record(actor=request.user, action="cases.case.api_viewed", obj=case)
        return Response(self.get_serializer(case).data)


class CaseFileDcf(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        tags=[TAG],
        summary="The file as a CPS Digital Case File",
        description="The Digital Case File (DCF 1.2.2) JSON document of the file as it "
                    "stands, when it passes the DCF schema and business rules; otherwise "
                    "409 with every problem, each pointing to the section and field to "
                    "put right. Each export is recorded in the audit trail. " + READ_ONLY,
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="The DCF document."),
            409: OpenApiResponse(DcfProblemsSerializer,
                                 description="The file does not make a valid DCF yet."),
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk):
        if not selectors.case_files_visible_to(request.user).filter(pk=pk).exists():
            raise Http404("No such case file")
        # Imported here: the export is its own module, loaded only when asked for.
        from cases.dcf.export import dcf_export
        from cases.dcf.validate import dcf_problems

        case = selectors.case_get(pk=pk)
        document = dcf_export(case)
        problems = dcf_problems(document)
        if problems:
            audit_record(actor=request.user, action="cases.case.dcf_export_invalid", obj=case,
                         details={"problems": len(problems)})
            body = DcfProblemsSerializer({
                "detail": "The file does not make a valid Digital Case File yet.",
                "problems": problems})
            return Response(body.data, status=409)
        audit_record(actor=request.user, action="cases.case.dcf_exported", obj=case)
        return Response(document)
