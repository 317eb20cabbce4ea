"""First-run wizard: school or township, codes and names, the administrator's password.

Each field says what it is and where to find it (the 学校标识码 from the education statistics
system, the township centre's code from the centre), required ones carry a *, a refused field is
marked with its message beside it and the message goes once it is edited. Creating the
installation (the database and its schema, argon2id for the password, the signing keys) runs on
the DB thread through the TaskRunner; meanwhile the wizard shows a busy bar and says what it is
doing, keeps its buttons disabled, and closes itself when it is done. The sign-in that follows
proposes the administrator account it created.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
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
from safetydesk.services.installation import (
    ADMIN_USER,
    COUNTY,
    SCHOOL,
    TOWNSHIP,
    InitRequest,
    initialise,
    validate_init,
)
from safetydesk.ui import messages
from safetydesk.ui.dialogs.login import LAST_USER_KEY
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.field_form import ERROR_COLOUR, label_text
from safetydesk.ui.widgets.screen_fit import resize_within_screen

FIELD_ERROR_STYLE = f"border: 1px solid {ERROR_COLOUR};"

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
        self.county_radio = QRadioButton(_("A county education bureau (safety section) that watches the township "
                                           "centres"))
        self.school_radio.setChecked(True)
        group = QButtonGroup(role_page)
        group.addButton(self.school_radio)
        group.addButton(self.township_radio)
        group.addButton(self.county_radio)
        lay = QVBoxLayout(role_page)
        lay.addWidget(self.school_radio)
        lay.addWidget(self.township_radio)
        lay.addWidget(self.county_radio)
        lay.addWidget(QLabel(_("Data folder: {path}", path=str(paths.root))))

        ident = QWizardPage()
        ident.setTitle(_("Your organisation"))
        ident.setSubTitle(_("The codes identify this installation when data packages travel between the "
                            "school and the township centre. They cannot be changed later."))
        self.code = QLineEdit()
        self.code.setPlaceholderText("4105220001")
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Anyang County Model Primary School"))
        self.township_code = QLineEdit()
        self.township_code.setPlaceholderText("410522T01")
        self.township_name = QLineEdit()
        self.township_name.setPlaceholderText(_("e.g. Model Town Central School"))
        self.school_type = QComboBox()
        for code in SCHOOL_TYPES_ORDER:
            self.school_type.addItem(school_type_label(code), code)
        form = QFormLayout(ident)
        self.field_errors: dict[str, QLabel] = {}
        self.code_label, self.code_help = self._row(form, "code", self.code, required=True)
        self.name_label, _help = self._row(form, "name", self.name, required=True)
        type_label, _h = self._row(form, "school_type", self.school_type)
        type_label.setText(_("Kind of school"))
        township_label, township_help = self._row(form, "township_code", self.township_code, required=True)
        township_label.setText(label_text(_("Code of your township centre"), True))
        self._set_help(township_help, _("Ask your township centre (乡镇中心校) for its code, for example 410522T01 "
                                "(the county's 6-digit code, T, and the centre's number). Your data "
                                "packages go to the centre with this code."))
        township_name_label, _h2 = self._row(form, "township_name", self.township_name)
        township_name_label.setText(_("Name of your township centre"))
        self.township_rows = [(type_label, self.school_type),
                              (township_label, self.township_code),
                              (township_name_label, self.township_name)]
        self.township_helps = [township_help]
        # a township centre names its county bureau (optional: `identity --county-code` sets it later)
        self.county_code = QLineEdit()
        self.county_code.setPlaceholderText("410522")
        self.county_name = QLineEdit()
        self.county_name.setPlaceholderText(_("e.g. Anyang County Education Bureau safety section"))
        county_label, county_help = self._row(form, "county_code", self.county_code)
        county_label.setText(_("Code of your county education bureau"))
        self._set_help(county_help, _("Optional: your data packages to the county go to the bureau with this "
                                      "code, for example 410522. It can be set later."))
        county_name_label, _h3 = self._row(form, "county_name", self.county_name)
        county_name_label.setText(_("Name of your county education bureau"))
        self.county_rows = [(county_label, self.county_code), (county_name_label, self.county_name)]
        self.ident_error = QLabel()
        self.ident_error.setObjectName("ident-error")
        self.ident_error.setStyleSheet("color: #c62828;")
        self.ident_error.setWordWrap(True)
        form.addRow(self.ident_error)
        self.ident_page = ident

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
        pf.addRow(label_text(_("Password"), True), self.password)
        pf.addRow(label_text(_("Password again"), True), self.password2)
        self.busy_text = QLabel(_("Creating the database, the keys and the administrator account. "
                                  "This takes a few seconds; the sign-in opens by itself."))
        self.busy_text.setObjectName("setup-busy-text")
        self.busy_text.setWordWrap(True)
        self.busy_text.setStyleSheet("font-weight: bold; color: #0d47a1;")
        self.busy_text.hide()
        self.busy = QProgressBar()
        self.busy.setObjectName("setup-busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMinimumHeight(14)
        self.busy.hide()
        pf.addRow(self.busy_text)
        pf.addRow(self.busy)
        pf.addRow(self.pw_error)

        self.addPage(role_page)
        self.ident_id = self.addPage(ident)
        self.pw_id = self.addPage(pw)
        self.currentIdChanged.connect(self._entered)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the same look on every OS
        resize_within_screen(self, 760, 640)  # room for the help under each code

    def _row(self, form: QFormLayout, key: str, widget: QWidget,
             required: bool = False) -> tuple[QLabel, QLabel]:
        """A field with its label, its help line and its message line (shown when refused,
        gone as soon as the field is edited)."""
        label = QLabel()
        label.setObjectName(f"label-{key}")
        label.setBuddy(widget)
        widget.setObjectName(key)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        help_label = QLabel()
        help_label.setObjectName(f"help-{key}")
        help_label.setWordWrap(True)
        help_label.setStyleSheet("color: #555;")
        help_label.hide()  # shown once it has a text (set_help)
        lay.addWidget(help_label)
        error = QLabel()
        error.setObjectName(f"error-{key}")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR_COLOUR};")
        error.hide()
        lay.addWidget(error)
        form.addRow(label, box)
        self.field_errors[key] = error
        box.setProperty("required", required)
        edited = getattr(widget, "textChanged", None) or getattr(widget, "currentIndexChanged", None)
        if edited is not None:
            edited.connect(lambda *_a, k=key: self._clear_error(k))
        return label, help_label

    @staticmethod
    def _set_help(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _clear_error(self, key: str) -> None:
        label = self.field_errors.get(key)
        if label is not None and label.isVisible():
            label.hide()
            widget = label.parentWidget().findChild(QWidget, key)
            if widget is not None:
                widget.setStyleSheet("")
            if not any(e.isVisible() for e in self.field_errors.values()):
                self.ident_error.clear()

    def _show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for key, label in self.field_errors.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            widget = label.parentWidget().findChild(QWidget, key)
            if widget is not None:
                widget.setStyleSheet(FIELD_ERROR_STYLE if message else "")
                if message and first is None:
                    first = widget
        if first is not None:
            first.setFocus()

    def role(self) -> str:
        if self.county_radio.isChecked():
            return COUNTY
        return SCHOOL if self.school_radio.isChecked() else TOWNSHIP

    def _entered(self, page_id: int) -> None:
        if page_id == self.ident_id:
            school = self.role() == SCHOOL
            for label, widget in self.township_rows:
                label.setVisible(school)
                widget.parentWidget().setVisible(school)  # the field with its help and message
            for label, widget in self.county_rows:
                label.setVisible(self.role() == TOWNSHIP)
                widget.parentWidget().setVisible(self.role() == TOWNSHIP)
            if school:
                self.code_label.setText(label_text(_("School identification code (学校标识码)"), True))
                self._set_help(self.code_help, _(
                    "The 10-digit code the Ministry of Education gives every school, for example "
                    "4105220001. Find it in the education statistics system (教育事业统计) or on "
                    "the school's statistics forms; the county education bureau also knows it."))
                self.name_label.setText(label_text(_("School name"), True))
                self.code.setPlaceholderText("4105220001")
            elif self.role() == COUNTY:
                self.code_label.setText(label_text(_("Code of the county education bureau"), True))
                self._set_help(self.code_help, _(
                    "The county's 6-digit administrative division code, for example 410522. The township "
                    "centres enter the same code as their county's."))
                self.name_label.setText(label_text(_("Name of the county education bureau"), True))
                self.code.setPlaceholderText("410522")
            else:
                self.code_label.setText(label_text(_("Code of the township centre"), True))
                self._set_help(self.code_help, _(
                    "The code the county education bureau gives your township centre, for example "
                    "410522T01 (the county's 6-digit code, T, and the centre's number). Your "
                    "schools enter the same code."))
                self.name_label.setText(label_text(_("Name of the township centre"), True))
                self.code.setPlaceholderText("410522T01")

    def request(self, with_password: bool = True) -> InitRequest:
        school = self.role() == SCHOOL
        return InitRequest(
            role=self.role(), code=self.code.text().strip(), name=self.name.text().strip(),
            township_code=self.township_code.text().strip() if school else None,
            township_name=self.township_name.text().strip() if school else None,
            school_type=self.school_type.currentData() if school else "primary",
            admin_password=self.password.text() if with_password else None,
            county_code=(self.county_code.text().strip() or None) if self.role() == TOWNSHIP else None,
            county_name=(self.county_name.text().strip() or None) if self.role() == TOWNSHIP else None)

    def validateCurrentPage(self) -> bool:
        if self.currentId() == self.ident_id:
            try:
                validate_init(self.request(with_password=False))
            except ValidationError as exc:
                self._show_errors(exc.field_errors)
                self.ident_error.setText(_("Correct the fields marked in red; nothing was created yet."))
                return False
            self._show_errors({})
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
        self.busy_text.setVisible(working)
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton,
                       QWizard.WizardButton.CancelButton):
            widget: QAbstractButton | None = self.button(button)
            if widget is not None:
                widget.setEnabled(not working)
        for edit in (self.password, self.password2):
            edit.setEnabled(not working)

    def _created(self, _result: object) -> None:
        # The sign-in that follows proposes the account just made (its first sign-in).
        settings = QSettings(str(self.paths.settings_file), QSettings.Format.IniFormat)
        settings.setValue(LAST_USER_KEY, ADMIN_USER)
        settings.sync()
        self.busy_text.setText(_("Created. Opening the sign-in…"))
        self.created = True
        self.working = False
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
