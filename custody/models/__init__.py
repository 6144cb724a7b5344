"""Custody models, one module per part of the record (records, healthcare...)."""

from custody.models.authorisations import Authorisation, AuthorisationKind  # noqa: F401
from custody.models.booking import Needs, PropertyItem, RightsGiven, RiskAssessment  # noqa: F401,E501
from custody.models.detention import DetentionExtension, DetentionWarrant, HospitalStay  # noqa: F401,E501
from custody.models.healthcare import DirectionKind, HcpDirection, HcpRole, ObservationCheck  # noqa: F401,E501
from custody.models.medicines import (  # noqa: F401
    ControlledDrugSchedule,
    DoseOutcome,
    DoseRecordRow,
    MedicationPlanRecord,
    Route,
)
from custody.models.offline import (  # noqa: F401
    OfflineEntry,
    OfflineEntryStatus,
    OfflineResolution,
)
from custody.models.records import (  # noqa: F401
    ArrestPlace,
    CloseReason,
    CustodyEntry,
    CustodyRecord,
    CustodySuite,
    DetentionReview,
    EntryKind,
    ObservationLevel,
    RecordStatus,
)
