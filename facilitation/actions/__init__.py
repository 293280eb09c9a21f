"""Action items (取組) through launch, review and continuation."""

from facilitation.actions.items import (
    LONG_TEXT_MAX_CHARS as LONG_TEXT_MAX_CHARS,
)
from facilitation.actions.items import (
    ActionDetail as ActionDetail,
)
from facilitation.actions.items import (
    ActionInput as ActionInput,
)
from facilitation.actions.items import (
    ActionRead as ActionRead,
)
from facilitation.actions.items import (
    ActionStats as ActionStats,
)
from facilitation.actions.items import (
    EventRead as EventRead,
)
from facilitation.actions.items import (
    LogRead as LogRead,
)
from facilitation.actions.items import (
    ReviewInput as ReviewInput,
)
from facilitation.actions.items import (
    ReviewRead as ReviewRead,
)
from facilitation.actions.items import (
    action_stats as action_stats,
)
from facilitation.actions.items import (
    add_log_entry as add_log_entry,
)
from facilitation.actions.items import (
    change_stage as change_stage,
)
from facilitation.actions.items import (
    create_action as create_action,
)
from facilitation.actions.items import (
    due_for_review as due_for_review,
)
from facilitation.actions.items import (
    get_action as get_action,
)
from facilitation.actions.items import (
    list_actions as list_actions,
)
from facilitation.actions.items import (
    rebuild_stage as rebuild_stage,
)
from facilitation.actions.items import (
    record_review as record_review,
)
from facilitation.actions.items import (
    update_action as update_action,
)
