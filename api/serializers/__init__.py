"""What the API shows and accepts. Serializers stay thin: reads come from the
apps' selectors, writes go through their services (same checks, same side
effects as the site). Every write serializer refuses unknown fields.

One module per concern: `base` (the strict fields every write serializer
uses), `reference`, `activities`, `content` (meetings, news, documents) and
`monitoring`; `api/views.py` takes them from here.
"""

from .activities import (
    ActivitySerializer,
    ActivityWriteSerializer,
    CompleteSerializer,
    IndicatorSerializer,
    PointSerializer,
    ReportSerializer,
    ReportWriteSerializer,
    StepSerializer,
)
from .base import (
    StrictCharField,
    StrictFieldsMixin,
)
from .content import (
    ArticleDetailSerializer,
    ArticleSerializer,
    DocumentSerializer,
    DocumentVersionSerializer,
    MeetingSerializer,
)
from .monitoring import (
    BooleanCell,
    DateCell,
    IntegerCell,
    NumberCell,
    PatrolSummarySerializer,
    PatrolSummaryWriteSerializer,
    PopulationEstimateSerializer,
    PopulationEstimateWriteSerializer,
    TextCell,
    _Cell,
    _choice_cell,
    _RecordPointMixin,
    _RecordWriteSerializer,
)
from .reference import (
    CountrySerializer,
    OrganisationRefSerializer,
    OrganisationSerializer,
    ProtectedAreaSerializer,
    StakeholderTypeSerializer,
    WorkingGroupSerializer,
)

__all__ = [
    "ActivitySerializer",
    "ActivityWriteSerializer",
    "ArticleDetailSerializer",
    "ArticleSerializer",
    "BooleanCell",
    "CompleteSerializer",
    "CountrySerializer",
    "DateCell",
    "DocumentSerializer",
    "DocumentVersionSerializer",
    "IndicatorSerializer",
    "IntegerCell",
    "MeetingSerializer",
    "NumberCell",
    "OrganisationRefSerializer",
    "OrganisationSerializer",
    "PatrolSummarySerializer",
    "PatrolSummaryWriteSerializer",
    "PointSerializer",
    "PopulationEstimateSerializer",
    "PopulationEstimateWriteSerializer",
    "ProtectedAreaSerializer",
    "ReportSerializer",
    "ReportWriteSerializer",
    "StakeholderTypeSerializer",
    "StepSerializer",
    "StrictCharField",
    "StrictFieldsMixin",
    "TextCell",
    "WorkingGroupSerializer",
    "_Cell",
    "_RecordPointMixin",
    "_RecordWriteSerializer",
    "_choice_cell",
]
