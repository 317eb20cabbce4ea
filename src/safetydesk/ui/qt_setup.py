"""Process-wide Qt setup: platform choice, the bundled CJK font, Qt's own translations, the few
Qt strings those lack, dates in one format, and the one place for choices that differ by OS.

OS-specific choices live here and nowhere else: on Linux (the test machines, a Linux school PC)
Qt's own file dialog is used, because the desktop's native one would not be translated by us and
may not exist at all; on Windows the native dialog is Chinese already.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    Qt,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from safetydesk import APP_NAME, __version__
from safetydesk.resources import cjk_font_path

_keep: list[object] = []  # translators must outlive the application's use of them


_QUIET = ("This plugin does not support propagateSizeHints()",)


def _qt_messages(mode: QtMsgType, context: object, message: str) -> None:
    """Qt's own warnings to stderr, minus the offscreen platform's harmless chatter."""
    if message in _QUIET:
        return
    sys.stderr.write(message + "\n")


def choose_platform() -> None:
    """Use the offscreen platform when there is no display (Qt would abort otherwise)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def load_cjk_font(app: QApplication) -> str | None:
    font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    font = QFont(families[0])
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return families[0]


# Strings of Qt's own dialogs that Qt's zh_CN catalogue leaves in English (checked for the
# non-native file dialog, its sidebar and the calendar: tests/desktop/test_small_things.py).
QT_MISSING_ZH = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Look in:"): "查找范围：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "Files of type:"): "文件类型：",
    ("QFileDialog", "File name:"): "文件名：",
    ("QFileDialog", "Open File"): "打开文件",
    ("QSidebar", "Remove"): "移除",
    ("QFileSystemModel", "Size"): "大小",  # Qt says 体积 (volume)
    ("QCalendarWidget", "Previous Month"): "上个月",
    ("QCalendarWidget", "Next Month"): "下个月",
}


class MissingQtStrings(QTranslator):
    """The few Qt strings above, installed after Qt's catalogues (so asked first)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        return QT_MISSING_ZH.get((context, source))  # None: not ours, ask the next catalogue

    def isEmpty(self) -> bool:
        return False


def use_qt_dialogs_on_linux() -> None:
    """Qt's own file dialog on Linux (translated with the rest); native dialogs elsewhere."""
    if sys.platform.startswith("linux"):
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)


def install_qt_translations(app: QApplication, lang: str) -> None:
    """Standard buttons and dialogs in Chinese (确定/取消) when the UI is Chinese."""
    if lang != "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, path):
            app.installTranslator(translator)
            _keep.append(translator)
    missing = MissingQtStrings(app)
    app.installTranslator(missing)
    _keep.append(missing)


def create_application(lang: str, argv: list[str] | None = None) -> QApplication:
    choose_platform()
    qInstallMessageHandler(_qt_messages)
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    use_qt_dialogs_on_linux()
    load_cjk_font(app)
    install_qt_translations(app, lang)
    return app
