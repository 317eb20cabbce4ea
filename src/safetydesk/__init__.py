"""SafetyDesk (学校安全管理工作台): offline-first school safety records."""

from __future__ import annotations

APP_NAME = "SafetyDesk"
APP_ID = "safetydesk"
__version__ = "0.1.0"
