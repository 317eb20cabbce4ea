"""The complete metadata: every model module imported, for migrations and table creation."""

from __future__ import annotations

import safetydesk.kinds  # noqa: F401  (registers every record kind's model)
from safetydesk.models import access, county, history, local, org, sync_state  # noqa: F401
from safetydesk.models.base import Base

target_metadata = Base.metadata
