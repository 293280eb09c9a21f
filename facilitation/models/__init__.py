"""Every table, and the ``*Read`` values pages get back.

Each entity has a table model and a read value; pages never hold live ORM
objects. Timestamps are aware UTC datetimes (``facilitation.core.clock``).
Importing this package registers every table on ``SQLModel.metadata``.
"""

from facilitation.models.accounts import (
    SignInToken as SignInToken,
)
from facilitation.models.accounts import (
    UserAccount as UserAccount,
)
from facilitation.models.actions import (
    ACTIVE as ACTIVE,
)
from facilitation.models.actions import (
    CONTINUING as CONTINUING,
)
from facilitation.models.actions import (
    DECISION_STAGE as DECISION_STAGE,
)
from facilitation.models.actions import (
    DECISIONS as DECISIONS,
)
from facilitation.models.actions import (
    ENDED as ENDED,
)
from facilitation.models.actions import (
    KINDS as KINDS,
)
from facilitation.models.actions import (
    LOG_KINDS as LOG_KINDS,
)
from facilitation.models.actions import (
    OWNER_KINDS as OWNER_KINDS,
)
from facilitation.models.actions import (
    PAUSED as PAUSED,
)
from facilitation.models.actions import (
    PREPARING as PREPARING,
)
from facilitation.models.actions import (
    PROPOSED as PROPOSED,
)
from facilitation.models.actions import (
    REVIEWING as REVIEWING,
)
from facilitation.models.actions import (
    SOURCE_KINDS as SOURCE_KINDS,
)
from facilitation.models.actions import (
    STAGES as STAGES,
)
from facilitation.models.actions import (
    TRANSITIONS as TRANSITIONS,
)
from facilitation.models.actions import (
    ActionEvent as ActionEvent,
)
from facilitation.models.actions import (
    ActionItem as ActionItem,
)
from facilitation.models.actions import (
    Review as Review,
)
from facilitation.models.actions import (
    SupportLogEntry as SupportLogEntry,
)
from facilitation.models.audit import (
    AuditEvent as AuditEvent,
)
from facilitation.models.transcripts import (
    CANCELLED as CANCELLED,
)
from facilitation.models.transcripts import (
    DONE as DONE,
)
from facilitation.models.transcripts import (
    FAILED as FAILED,
)
from facilitation.models.transcripts import (
    FINISHED as FINISHED,
)
from facilitation.models.transcripts import (
    QUEUED as QUEUED,
)
from facilitation.models.transcripts import (
    RUNNING as RUNNING,
)
from facilitation.models.transcripts import (
    JobRead as JobRead,
)
from facilitation.models.transcripts import (
    Recording as Recording,
)
from facilitation.models.transcripts import (
    RecordingRead as RecordingRead,
)
from facilitation.models.transcripts import (
    SegmentRead as SegmentRead,
)
from facilitation.models.transcripts import (
    TranscriptionJob as TranscriptionJob,
)
from facilitation.models.transcripts import (
    TranscriptSegment as TranscriptSegment,
)
from facilitation.models.vocabulary import (
    NotationRule as NotationRule,
)
from facilitation.models.vocabulary import (
    VocabularyTerm as VocabularyTerm,
)
from facilitation.models.workshops import (
    PARTICIPANT_ROLES as PARTICIPANT_ROLES,
)
from facilitation.models.workshops import (
    WORKSHOP_CLOSED as WORKSHOP_CLOSED,
)
from facilitation.models.workshops import (
    WORKSHOP_OPEN as WORKSHOP_OPEN,
)
from facilitation.models.workshops import (
    Category as Category,
)
from facilitation.models.workshops import (
    CategoryRead as CategoryRead,
)
from facilitation.models.workshops import (
    Cluster as Cluster,
)
from facilitation.models.workshops import (
    ClusterRead as ClusterRead,
)
from facilitation.models.workshops import (
    Group as Group,
)
from facilitation.models.workshops import (
    GroupRead as GroupRead,
)
from facilitation.models.workshops import (
    GroupSummary as GroupSummary,
)
from facilitation.models.workshops import (
    GroupSummaryRead as GroupSummaryRead,
)
from facilitation.models.workshops import (
    Note as Note,
)
from facilitation.models.workshops import (
    NoteRead as NoteRead,
)
from facilitation.models.workshops import (
    ParticipantCount as ParticipantCount,
)
from facilitation.models.workshops import (
    Phase as Phase,
)
from facilitation.models.workshops import (
    PhaseRead as PhaseRead,
)
from facilitation.models.workshops import (
    Workshop as Workshop,
)
from facilitation.models.workshops import (
    WorkshopBase as WorkshopBase,
)
from facilitation.models.workshops import (
    WorkshopRead as WorkshopRead,
)
