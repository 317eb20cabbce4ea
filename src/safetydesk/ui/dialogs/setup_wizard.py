"""First-run wizard: school or township, codes and names, the administrator's password.

Creating the installation (the database and its schema, argon2id for the password, the signing
keys) runs on the DB thread through the TaskRunner; the wizard shows a busy bar and keeps its
buttons disabled meanwhile, and closes itself when it is done.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.i18n import _
from safetydesk.paths import DataPaths
from safetydesk.services.installation import SCHOOL, TOWNSHIP, InitRequest, initialise, validate_init
from safetydesk.ui import messages
from safetydesk.ui.tasks import TaskRunner

SCHOOL_TYPES_ORDER = ("primary", "middle", "nine_year", "kindergarten", "teaching_point")


def school_type_label(code: str) -> str:
    labels = {"primary": _("Primary school"), "middle": _("Middle school"),
              "nine_year": _("Nine-year school"), "kindergarten": _("Kindergarten"),
              "teaching_point": _("Teaching point")}
    return labels.get(code, code)


def create_installation(paths: DataPaths, request: InitRequest) -> None:
    """DB thread: create the installation and close its storage (the window opens it again)."""
    initialise(paths, request).close()


class SetupWizard(QWizard):
    def __init__(self, paths: DataPaths, runner: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.runner = runner or TaskRunner(self, on_error=lambda exc: messages.show_error(self, exc))
        self.created = False
        self.working = False
        self.setObjectName("setup-wizard")
        self.setWindowTitle(_("Set up SafetyDesk"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))

        role_page = QWizardPage()
        role_page.setTitle(_("Who uses this computer?"))
        self.school_radio = QRadioButton(_("A school (primary, middle school or kindergarten)"))
        self.township_radio = QRadioButton(_("A township centre that supervises schools"))
        self.school_radio.setChecked(True)
        group = QButtonGroup(role_page)
        group.addButton(self.school_radio)
        group.addButton(self.township_radio)
        lay = QVBoxLayout(role_page)
        lay.addWidget(self.school_radio)
        lay.addWidget(self.township_radio)
        lay.addWidget(QLabel(_("Data folder: {path}", path=str(paths.root))))

        ident = QWizardPage()
        ident.setTitle(_("Your organisation"))
        self.code = QLineEdit()
        self.code.setPlaceholderText("4105220001")
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Anyang County Model Primary School"))
        self.township_code = QLineEdit()
        self.township_code.setPlaceholderText("410522T01")
        self.township_name = QLineEdit()
        self.school_type = QComboBox()
        for code in SCHOOL_TYPES_ORDER:
            self.school_type.addItem(school_type_label(code), code)
        form = QFormLayout(ident)
        form.addRow(_("Code"), self.code)
        form.addRow(_("Name"), self.name)
        self.township_rows = [(QLabel(_("Kind of school")), self.school_type),
                              (QLabel(_("Township centre code")), self.township_code),
                              (QLabel(_("Township centre name")), self.township_name)]
        for label, widget in self.township_rows:
            form.addRow(label, widget)
        self.ident_error = QLabel()
        self.ident_error.setStyleSheet("color: #c62828;")
        self.ident_error.setWordWrap(True)
        form.addRow(self.ident_error)

        pw = QWizardPage()
        pw.setTitle(_("Administrator password"))
        pw.setSubTitle(_("The account 'admin' manages users and settings. Keep the password safe."))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.pw_error = QLabel()
        self.pw_error.setStyleSheet("color: #c62828;")
        self.pw_error.setWordWrap(True)
        pf = QFormLayout(pw)
        pf.addRow(_("Password"), self.password)
        pf.addRow(_("Password again"), self.password2)
        self.busy = QProgressBar()
        self.busy.setObjectName("setup-busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        pf.addRow(self.busy)
        pf.addRow(self.pw_error)

        self.addPage(role_page)
        self.ident_id = self.addPage(ident)
        self.pw_id = self.addPage(pw)
        self.currentIdChanged.connect(self._entered)

    def role(self) -> str:
        return SCHOOL if self.school_radio.isChecked() else TOWNSHIP

    def _entered(self, page_id: int) -> None:
        if page_id == self.ident_id:
            for label, widget in self.township_rows:
                label.setVisible(self.role() == SCHOOL)
                widget.setVisible(self.role() == SCHOOL)

    def request(self, with_password: bool = True) -> InitRequest:
        school = self.role() == SCHOOL
        return InitRequest(
            role=self.role(), code=self.code.text().strip(), name=self.name.text().strip(),
            township_code=self.township_code.text().strip() if school else None,
            township_name=self.township_name.text().strip() if school else None,
            school_type=self.school_type.currentData() if school else "primary",
            admin_password=self.password.text() if with_password else None)

    def validateCurrentPage(self) -> bool:
        if self.currentId() == self.ident_id:
            try:
                validate_init(self.request(with_password=False))
            except ValidationError as exc:
                self.ident_error.setText(exc.user_message)
                return False
            self.ident_error.clear()
        if self.currentId() == self.pw_id and not self.created:
            if self.password.text() != self.password2.text():
                self.pw_error.setText(_("The two passwords differ."))
                return False
            self.create()
            return False  # the wizard closes itself once the installation exists
        return True

    def create(self) -> None:
        """Create the installation on the DB thread; Finish again once it is done."""
        if self.working:
            return
        try:
            request = self.request()
            validate_init(request)
        except ValidationError as exc:
            self.pw_error.setText(exc.user_message)
            return
        self.pw_error.clear()
        self._set_working(True)
        paths = self.paths
        self.runner.db(lambda: create_installation(paths, request), self._created, self._failed)

    def _set_working(self, working: bool) -> None:
        self.working = working
        self.busy.setVisible(working)
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton,
                       QWizard.WizardButton.CancelButton):
            widget: QAbstractButton | None = self.button(button)
            if widget is not None:
                widget.setEnabled(not working)
        for edit in (self.password, self.password2):
            edit.setEnabled(not working)

    def _created(self, _result: object) -> None:
        self._set_working(False)
        self.created = True
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_working(False)
        if isinstance(exc, SafetyDeskError):
            self.pw_error.setText(exc.user_message)
        else:
            messages.show_error(self, exc)

    def reject(self) -> None:  # Cancel / Esc: not while the installation is being created
        if not self.working:
            super().reject()
