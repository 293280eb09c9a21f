"""Every table, and the ``*Read`` values pages get back.

Each entity has a table model and a read value; pages never hold live ORM
objects. Timestamps are aware UTC datetimes (``facilitation.core.clock``).
Importing this package registers every table on ``SQLModel.metadata``.
"""

from facilitation.models.accounts import (
    SignInToken as SignInToken,
    UserAccount as UserAccount,
)
from facilitation.models.actions import (
    ACTIVE as ACTIVE,
    CONTINUING as CONTINUING,
    DECISION_STAGE as DECISION_STAGE,
    DECISIONS as DECISIONS,
    DROPPED as DROPPED,
    ENDED as ENDED,
    KINDS as KINDS,
    LOG_KINDS as LOG_KINDS,
    OWNER_KINDS as OWNER_KINDS,
    PAUSED as PAUSED,
    PREPARING as PREPARING,
    PROPOSED as PROPOSED,
    REASON_NEEDED as REASON_NEEDED,
    REVIEWING as REVIEWING,
    SOURCE_KINDS as SOURCE_KINDS,
    STAGES as STAGES,
    STOPPED as STOPPED,
    TRANSITIONS as TRANSITIONS,
    ActionEvent as ActionEvent,
    ActionItem as ActionItem,
    ActionOwner as ActionOwner,
    ActionRead as ActionRead,
    EventRead as EventRead,
    LogRead as LogRead,
    Review as Review,
    ReviewRead as ReviewRead,
    SupportLogEntry as SupportLogEntry,
)
from facilitation.models.audit import (
    AuditEvent as AuditEvent,
)
from facilitation.models.masking import (
    NameSpan as NameSpan,
)
from facilitation.models.transcripts import (
    CANCELLED as CANCELLED,
    DONE as DONE,
    FAILED as FAILED,
    FINISHED as FINISHED,
    QUEUED as QUEUED,
    RUNNING as RUNNING,
    JobRead as JobRead,
    Recording as Recording,
    RecordingRead as RecordingRead,
    SegmentRead as SegmentRead,
    TranscriptionJob as TranscriptionJob,
    TranscriptSegment as TranscriptSegment,
    TranscriptVersion as TranscriptVersion,
    WorkerBeat as WorkerBeat,
)
from facilitation.models.vocabulary import (
    NotationRule as NotationRule,
    VocabularyTerm as VocabularyTerm,
)
from facilitation.models.workshops import (
    PARTICIPANT_ROLES as PARTICIPANT_ROLES,
    WORKSHOP_CLOSED as WORKSHOP_CLOSED,
    WORKSHOP_OPEN as WORKSHOP_OPEN,
    Category as Category,
    CategoryRead as CategoryRead,
    Cluster as Cluster,
    ClusterRead as ClusterRead,
    Group as Group,
    GroupRead as GroupRead,
    GroupSummary as GroupSummary,
    GroupSummaryRead as GroupSummaryRead,
    Note as Note,
    NoteRead as NoteRead,
    ParticipantCount as ParticipantCount,
    Phase as Phase,
    PhaseRead as PhaseRead,
    RetiredJoinCode as RetiredJoinCode,
    Workshop as Workshop,
    WorkshopBase as WorkshopBase,
    WorkshopRead as WorkshopRead,
)
