"""The /api/v1/ endpoints. Thin: every list comes from the apps' selectors
(the same visibility as the site, in a fixed number of queries), every write
goes through the apps' services (the same permission checks, validation and
side effects as the site's forms). A missing object and a hidden one both
answer 404."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from activities import selectors as activity_selectors
from activities import services as activity_services
from activities.models import Activity, ProtectedArea, Report
from documents import selectors as document_selectors
from meetings import selectors as meeting_selectors
from monitoring import selectors as monitoring_selectors
from monitoring import services as monitoring_services
from news import selectors as news_selectors
from stakeholders import selectors as stakeholder_selectors
from stakeholders.models import Organisation
from workinggroups import selectors as group_selectors

from . import filters, serializers
from .schema import ERRORS


class ReadOrSignedIn(permissions.BasePermission):
    """Reads for everyone (each selector decides what they see); writes only
    signed in, and then the services decide by the site's permissions."""

    anonymous_reads = True  # the schema declares authentication optional for reads

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


class ClientLanguageMixin:
    """Answer in the language the client asks for (Accept-Language, or the
    site's language cookie for the browser). /api/ is not language-prefixed,
    and LocaleMiddleware gives unprefixed addresses the default language, so
    the API chooses here, before authentication, so that every message of
    the answer (errors included) is in that language."""

    def dispatch(self, request, *args, **kwargs):
        translation.activate(translation.get_language_from_request(request, check_path=False))
        request.LANGUAGE_CODE = translation.get_language()
        return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language"])
        return response


class UnknownAddressView(ClientLanguageMixin, APIView):
    """Every method of an address the API does not have: 404, as JSON."""

    schema = None  # not an operation of the API
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound


class ReadOnlyViewSet(ClientLanguageMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReadOrSignedIn]


# --- Members, groups, protected areas -------------------------------------------


class OrganisationViewSet(ReadOnlyViewSet):
    """Active member organisations (the directory)."""

    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    ordering_fields = ["name", "joined_on"]
    ordering = ["name"]
    lookup_field = "slug"

    def get_queryset(self):
        return stakeholder_selectors.directory_organisations()

    def get_object(self):
        # as the profile page: inactive ones only for those who may edit them
        return stakeholder_selectors.organisation_for_profile(
            slug=self.kwargs["slug"], user=self.request.user
        )


class WorkingGroupViewSet(ReadOnlyViewSet):
    serializer_class = serializers.WorkingGroupSerializer
    ordering_fields = ["name"]
    ordering = ["name"]
    lookup_field = "slug"
    filterset_class = None

    def get_queryset(self):
        return group_selectors.groups_for_listing()


class ProtectedAreaViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ProtectedAreaSerializer
    filterset_class = filters.ProtectedAreaFilter
    ordering_fields = ["name", "area_ha", "established"]
    ordering = ["name"]
    lookup_field = "slug"

    def get_queryset(self):
        return ProtectedArea.objects.select_related("country", "administration")


# --- Activities ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Activities you may see"),
    retrieve=extend_schema(responses={200: serializers.ActivitySerializer, 404: ERRORS[404]}),
)
class ActivityViewSet(
    ClientLanguageMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Joint activities with their indicators. Sensitive points are
    generalised to about 10 km for those not entitled to the exact one."""

    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilter
    permission_classes = [ReadOrSignedIn]
    ordering_fields = ["starts_on", "ends_on", "title"]
    ordering = ["-starts_on", "title", "pk"]

    def get_queryset(self):
        visible = activity_selectors.activities_visible_to(self.request.user)
        return activity_selectors.activities_for_list(
            visible, with_protected_areas=True
        ).prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
        )

    def _respond(self, activities, *, many: bool, status_code=status.HTTP_200_OK):
        items = list(activities) if many else [activities]
        context = self.get_serializer_context()
        context["points"] = activity_selectors.points_for(self.request.user, items)
        serializer = serializers.ActivitySerializer(activities, many=many, context=context)
        return serializer.data

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self._respond(page, many=True))

    def _activity(self, pk) -> Activity:
        """The activity if the user may see it (404 otherwise), loaded for display."""
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        activity = activity_selectors.access_activity(self.request.user, pk)
        return activity

    def _detail(self, pk, status_code=status.HTTP_200_OK):
        activity = self.get_queryset().filter(pk=pk).first()
        if activity is None:
            raise Http404
        return Response(self._respond(activity, many=False), status=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(self._activity(pk).pk)

    @extend_schema(
        summary="Propose an activity",
        request=serializers.ActivityWriteSerializer,
        responses={201: serializers.ActivitySerializer, **ERRORS},
    )
    def create(self, request):
        serializer = serializers.ActivityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = activity_services.activity_propose(
            by=request.user, **serializer.service_arguments()
        )
        return self._detail(activity.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an activity (every field; the lead organisation stays)",
        request=serializers.ActivityWriteSerializer,
        responses={200: serializers.ActivitySerializer, **ERRORS},
    )
    def update(self, request, pk=None):
        activity = self._activity(pk)
        serializer = serializers.ActivityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        arguments = serializer.service_arguments()
        arguments["fields"].pop("lead_organisation", None)
        activity_services.activity_update(activity=activity, by=request.user, **arguments)
        return self._detail(activity.pk)

    def _step(self, request, pk, service):
        activity = self._activity(pk)
        serializers.StepSerializer(data=request.data or {}).is_valid(raise_exception=True)
        service(activity=activity, by=request.user)
        return self._detail(activity.pk)

    @extend_schema(
        summary="Start an approved activity",
        request=None,
        responses={200: serializers.ActivitySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._step(request, pk, activity_services.activity_start)

    @extend_schema(
        summary="Complete an ongoing activity (before its start: completed early, with the reason)",
        request=serializers.CompleteSerializer,
        responses={200: serializers.ActivitySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        activity = self._activity(pk)
        serializer = serializers.CompleteSerializer(data=request.data or {})
        serializer.is_valid(raise_exception=True)
        activity_services.activity_complete(
            activity=activity,
            by=request.user,
            completed_early=serializer.validated_data["completed_early"],
            reason=serializer.validated_data["completed_early_reason"],
        )
        return self._detail(activity.pk)

    def _report(self, activity) -> Report:
        report = Report.objects.filter(activity=activity).select_related("activity").first()
        if report is None or not self.request.user.has_perm("activities.view_report", report):
            raise Http404
        return report

    @extend_schema(
        methods=["GET"],
        summary="The activity's report",
        responses={200: serializers.ReportSerializer, 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Write the report of a completed activity",
        request=serializers.ReportWriteSerializer,
        responses={200: serializers.ReportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "put"])
    def report(self, request, pk=None):
        activity = self._activity(pk)
        if request.method == "GET":
            return Response(serializers.ReportSerializer(self._report(activity)).data)
        serializer = serializers.ReportWriteSerializer(
            data=request.data, context={"activity": activity}
        )
        serializer.is_valid(raise_exception=True)
        report = activity_services.report_save(
            activity=activity,
            by=request.user,
            narrative=serializer.validated_data["narrative"],
            achieved=serializer.validated_data.get("achieved", {}),
        )
        return Response(serializers.ReportSerializer(report).data)

    @extend_schema(
        summary="Send the report to the committee",
        request=None,
        responses={200: serializers.ReportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="report/submit")
    def submit_report(self, request, pk=None):
        activity = self._activity(pk)
        serializers.StepSerializer(data=request.data or {}).is_valid(raise_exception=True)
        report = activity_services.report_submit(activity=activity, by=request.user)
        return Response(serializers.ReportSerializer(report).data)


# --- Meetings, news, documents ---------------------------------------------------------


class MeetingViewSet(ReadOnlyViewSet):
    """Public events for everyone; committee and group meetings for those
    who may see them on the site."""

    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["starts_at", "title"]
    ordering = ["starts_at", "pk"]

    def get_queryset(self):
        return meeting_selectors.meetings_visible_to(self.request.user)


@extend_schema_view(retrieve=extend_schema(responses=serializers.ArticleDetailSerializer))
class ArticleViewSet(ReadOnlyViewSet):
    """Published news, in the language of Accept-Language where translated."""

    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    ordering_fields = ["publish_at"]
    ordering = ["-publish_at", "-pk"]
    lookup_field = "slug"

    def get_queryset(self):
        return news_selectors.articles_for_list().prefetch_related("countries")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        cards = news_selectors.cards(page, get_language())
        serializer = serializers.ArticleSerializer(cards, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, slug=None):
        article = self.get_queryset().filter(slug=slug).first()
        if article is None:
            raise Http404
        card = news_selectors.cards(
            [article], get_language(), fields=news_selectors.ARTICLE_FIELDS
        )[0]
        return Response(serializers.ArticleDetailSerializer(card).data)


class DocumentViewSet(ReadOnlyViewSet):
    """Document metadata: public documents for everyone, members-only and
    group documents for those who may see them on the site."""

    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter
    ordering_fields = ["title", "updated_at"]
    ordering = ["-updated_at", "-pk"]

    def get_queryset(self):
        return document_selectors.documents_visible_to(self.request.user)


# --- Monitoring data -------------------------------------------------------------------


class _MonitoringViewSet(ReadOnlyViewSet):
    """Records under embargo only for their centre's staff and the secretariat
    (`monitoring.selectors`); sensitive points generalised for those not
    entitled to the exact one.

    Writes go through `monitoring.services` (`<record>_create/update/delete`):
    the rights of the site (`monitoring.add_…` for the centre; the centre's
    staff and the secretariat) and the checks of an import row. A record the
    user may not see is 404; one they see but may not change, 403."""

    write_serializer_class: type[serializers._RecordWriteSerializer]
    # the `monitoring.services` functions: create(user, values, centre),
    # update(user, <record>, values, centre, partial), delete(user, <record>)
    record_argument: str
    create_service = update_service = delete_service = None

    def _data(self, records, *, many):
        items = list(records) if many else [records]
        context = self.get_serializer_context()
        context["points"] = monitoring_selectors.points_for(self.request.user, items)
        return self.get_serializer_class()(records, many=many, context=context).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._data(page, many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data(self.get_object(), many=False))

    def _saved(self, record, status_code):
        # loaded again as the reads load it (related rows in the same query)
        shown = self.get_queryset().filter(pk=record.pk).first() or record
        return Response(self._data(shown, many=False), status=status_code)

    def _write_arguments(self, request, *, partial=False) -> dict:
        serializer = self.write_serializer_class(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.service_arguments()

    def create(self, request, *args, **kwargs):
        record = type(self).create_service(user=request.user, **self._write_arguments(request))
        return self._saved(record, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        record = self.get_object()
        record = type(self).update_service(
            user=request.user,
            **{self.record_argument: record},
            partial=partial,
            **self._write_arguments(request, partial=partial),
        )
        return self._saved(record, status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        type(self).delete_service(user=request.user, **{self.record_argument: record})
        return Response(status=status.HTTP_204_NO_CONTENT)


def _monitoring_schema(read, write, name):
    return extend_schema_view(
        create=extend_schema(
            summary=f"Publish a {name}",
            request=write,
            responses={201: read, **ERRORS},
        ),
        update=extend_schema(
            summary=f"Change a {name} (every field)",
            request=write,
            responses={200: read, **ERRORS},
        ),
        partial_update=extend_schema(
            summary=f"Change some fields of a {name}",
            request=write,
            responses={200: read, **ERRORS},
        ),
        destroy=extend_schema(
            summary=f"Delete a {name}",
            responses={204: OpenApiResponse(description="Deleted."), **ERRORS},
        ),
    )


@_monitoring_schema(
    serializers.PopulationEstimateSerializer,
    serializers.PopulationEstimateWriteSerializer,
    "population estimate",
)
class PopulationEstimateViewSet(_MonitoringViewSet):
    serializer_class = serializers.PopulationEstimateSerializer
    write_serializer_class = serializers.PopulationEstimateWriteSerializer
    filterset_class = filters.PopulationEstimateFilter
    ordering_fields = ["year", "estimate"]
    ordering = ["species", "year", "pk"]
    record_argument = "estimate"
    create_service = monitoring_services.estimate_create
    update_service = monitoring_services.estimate_update
    delete_service = monitoring_services.estimate_delete

    def get_queryset(self):
        return monitoring_selectors.estimates_visible_to(self.request.user).select_related(
            "country", "protected_area", "centre"
        )


@_monitoring_schema(
    serializers.PatrolSummarySerializer,
    serializers.PatrolSummaryWriteSerializer,
    "patrol summary",
)
class PatrolSummaryViewSet(_MonitoringViewSet):
    serializer_class = serializers.PatrolSummarySerializer
    write_serializer_class = serializers.PatrolSummaryWriteSerializer
    filterset_class = filters.PatrolSummaryFilter
    ordering_fields = ["period_end", "patrol_days", "km_patrolled"]
    ordering = ["period_end", "pk"]
    record_argument = "patrol"
    create_service = monitoring_services.patrol_create
    update_service = monitoring_services.patrol_update
    delete_service = monitoring_services.patrol_delete

    def get_queryset(self):
        return monitoring_selectors.patrols_visible_to(self.request.user).select_related(
            "protected_area__country", "centre"
        )
