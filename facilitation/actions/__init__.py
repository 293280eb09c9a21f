"""Action items (取組) through launch, review and continuation."""

from facilitation.actions.items import (
    LONG_TEXT_MAX_CHARS as LONG_TEXT_MAX_CHARS,
    ActionDetail as ActionDetail,
    ActionInput as ActionInput,
    ActionStats as ActionStats,
    ReviewInput as ReviewInput,
    action_stats as action_stats,
    add_log_entry as add_log_entry,
    change_stage as change_stage,
    create_action as create_action,
    create_from_source as create_from_source,
    due_for_review as due_for_review,
    get_action as get_action,
    list_actions as list_actions,
    propose_title as propose_title,
    rebuild_stage as rebuild_stage,
    record_review as record_review,
    update_action as update_action,
)
from facilitation.models import (
    ActionRead as ActionRead,
    EventRead as EventRead,
    LogRead as LogRead,
    ReviewRead as ReviewRead,
)
