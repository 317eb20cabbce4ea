"""The home page: what this installation holds this semester, each count opening its records."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from safetydesk.domain import clock
from safetydesk.domain.mechanisms import MECHANISMS, SHARED
from safetydesk.domain.registry import get_kind
from safetydesk.domain.semester import semester
from safetydesk.i18n import _, format_date
from safetydesk.services import overview
from safetydesk.services.workspace import Workspace
from safetydesk.ui.tasks import TaskRunner


class DashboardPage(QWidget):
    open_page = Signal(str)

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self.setObjectName("page-dashboard")
        info = workspace.info
        self.header = QLabel()
        self.header.setObjectName("dashboard-header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setText(f"<h2>{info.org_name}</h2>")
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(scroll, 1)
        self.refresh()

    def refresh(self) -> None:
        sem_key, counts = overview.kind_counts(self.workspace.sessions)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        sem_label = semester(sem_key).label
        by_mech: dict[int, list[overview.KindCount]] = {}
        for c in counts:
            by_mech.setdefault(c.mechanism, []).append(c)
        boxes = [(m.number, f"{m.number}. {_(m.title)}") for m in MECHANISMS]
        boxes.append((SHARED, _("School information")))
        for i, (number, title) in enumerate(boxes):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            for c in by_mech.get(number, []):
                kind = get_kind(c.kind)
                text = _("{kind}: {n} this semester ({total} in all)", kind=_(kind.title),
                         n=c.this_semester, total=c.total) if kind.date_field else \
                    _("{kind}: {total}", kind=_(kind.title), total=c.total)
                button = QPushButton(text)
                button.setObjectName(f"open-{c.kind}")
                button.setFlat(True)
                button.setStyleSheet("text-align: left;")
                button.clicked.connect(lambda _c=False, k=c.kind: self.open_page.emit(f"kind:{k}"))
                inner.addWidget(button)
            if not by_mech.get(number):
                inner.addWidget(QLabel(_("No record kinds yet.")))
            self.grid.addWidget(box, i // 3, i % 3)
        today = _("Today is {date}", date=format_date(clock.today()))
        self.header.setText(f"<h2>{self.workspace.info.org_name}</h2><p>{today} · {sem_label}</p>")
