"""Print preview of a rendered report PDF, printing through the system dialog, or opening the PDF.

Pages are rasterised with pypdfium2 (PDFium, the engine of Chrome's viewer; Apache-2.0/BSD
wheels for Windows, macOS and Linux bundle it, so nothing else is installed): QtPdf is only in
PySide6-Addons, and QPrinter cannot read a PDF. Reading the file and rendering pages run off the
UI thread, on one TaskRunner thread kept for PDFium (`pdf_runner()`: PDFium must never be
called from two threads at once); a page is rendered when it is shown, so a long ledger never
renders all at once. The dialog opens at once and shows the first page when it arrives.
Printing renders one page at a time there at the printer's resolution and paints it here, the
same pixels as shown; `printed` is emitted when the last page is out.

A preview of a sensitive ledger holds minors' names in clear: a PDF the reports dialog wrote into
its temp folder (services.private_temp) is deleted with that folder when the preview closes, and
`private_temp.sweep()` (called at every start and close of the application) removes any left by
a crash. A PDF the user saved somewhere is theirs and is left alone.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services import private_temp
from safetydesk.ui import messages, shortcuts
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.screen_fit import resize_within_screen

PREVIEW_SCALE = 1.4  # 72 dpi * 1.4: an A4 page about 830 px wide
PRINT_DPI_MAX = 300

_runner: TaskRunner | None = None


def pdf_runner() -> TaskRunner:
    """The one thread that calls PDFium (made on first use, lives as long as the application)."""
    global _runner
    if _runner is None:
        _runner = TaskRunner(QApplication.instance())
    return _runner


# PDFium thread only: the documents each open preview holds, so that closing a preview closes its
# document even when the dialog closed before the document reached it.
_open_documents: dict[int, pdfium.PdfDocument] = {}


def open_document(path: Path, holder: int | None = None) -> tuple[pdfium.PdfDocument, int]:
    """PDFium thread: the document and its number of pages (kept under `holder` until closed)."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise SafetyDeskError(_("Cannot open {path} for preview.", path=path)) from exc
    if holder is not None:
        _open_documents[holder] = pdf
    return pdf, len(pdf)


def close_document(holder: int, path: Path) -> None:
    """PDFium thread, queued after every job of that preview: close it and delete a temp preview."""
    pdf = _open_documents.pop(holder, None)
    if pdf is not None:
        pdf.close()
    private_temp.remove_folder_of(path)  # only a temp preview's folder; a saved PDF is left alone


def render_page(pdf: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    """PDFium thread: one page as an image (QImage, safe to hand to the UI thread)."""
    bitmap = pdf[index].render(scale=scale, rev_byteorder=True)
    image = QImage(
        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
    )
    return image.copy()  # own the pixels: the buffer goes with the bitmap


class PrintPreviewDialog(QDialog):
    opened = Signal()  # the document was read: page_count is known, the first page is on its way
    page_shown = Signal(int)
    printed = Signal()

    def __init__(self, pdf_path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print-preview")
        self.pdf_path = Path(pdf_path)
        self.runner = pdf_runner()
        self.pdf: pdfium.PdfDocument | None = None
        self.page_count = 0
        self.setWindowTitle(_("Print preview — {title}", title=title))
        self.page_label = QLabel()
        self.page_label.setObjectName("preview-page")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_label.setStyleSheet("background: #808080; padding: 12px;")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.page_label)

        self.spin = QSpinBox()
        self.spin.setObjectName("preview-page-number")
        self.spin.setRange(1, 1)
        self.spin.valueChanged.connect(lambda n: self.show_page(n - 1))
        self.of_label = QLabel(_("Loading…"))
        prev_button = QPushButton(_("Previous page"))
        next_button = QPushButton(_("Next page"))
        prev_button.clicked.connect(lambda: self.spin.setValue(self.spin.value() - 1))
        next_button.clicked.connect(lambda: self.spin.setValue(self.spin.value() + 1))
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("preview-print")
        self.print_button.clicked.connect(self.print_pdf)
        self.print_button.setEnabled(False)
        self.open_button = QPushButton(_("Open PDF"))
        self.open_button.setObjectName("preview-open")
        self.open_button.clicked.connect(self.open_pdf)
        close_button = QPushButton(_("Close"))
        close_button.clicked.connect(self.accept)

        bar = QHBoxLayout()
        bar.addWidget(prev_button)
        bar.addWidget(self.spin)
        bar.addWidget(self.of_label)
        bar.addWidget(next_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.open_button)
        bar.addWidget(close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(scroll, 1)
        shortcuts.bind(shortcuts.PRINT, self, self.print_pdf)
        shortcuts.bind(shortcuts.NEXT_PAGE, self, next_button.click)
        shortcuts.bind(shortcuts.PREVIOUS_PAGE, self, prev_button.click)
        resize_within_screen(self, 940, 900)
        self._painter: QPainter | None = None
        self._printer: QPrinter | None = None
        path, holder = self.pdf_path, id(self)
        self._holder = holder
        self.runner.query(lambda: open_document(path, holder), self._opened, self._failed, owner=self, key="open")

    def _opened(self, result: tuple[pdfium.PdfDocument, int]) -> None:
        self.pdf, self.page_count = result
        self.of_label.setText(_("of {n} pages", n=self.page_count))
        self.spin.blockSignals(True)
        self.spin.setRange(1, max(1, self.page_count))
        self.spin.blockSignals(False)
        self.print_button.setEnabled(self.page_count > 0)
        self.opened.emit()
        self.show_page(self.spin.value() - 1)

    def _failed(self, exc: BaseException) -> None:
        self.of_label.setText(getattr(exc, "user_message", "") or str(exc))
        messages.show_error(self, exc)

    def show_page(self, index: int) -> None:
        """Render page `index` on the PDFium thread; the newest request wins."""
        pdf = self.pdf
        if pdf is None or not 0 <= index < self.page_count:
            return
        self.runner.query(lambda: render_page(pdf, index, PREVIEW_SCALE),
                          lambda image: self._show_image(index, image), self._failed, owner=self, key="page")

    def _show_image(self, index: int, image: QImage) -> None:
        self.page_label.setPixmap(QPixmap.fromImage(image))
        self.page_shown.emit(index)

    def open_pdf(self) -> None:
        """Hand the PDF to the system's viewer (which can print it too)."""
        from safetydesk.ui.system_viewer import open_with_system

        open_with_system(self.pdf_path, self)  # says so when no viewer is installed

    def print_pdf(self) -> None:
        if self.pdf is None or self._painter is not None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Print the chosen pages: each is rendered on the PDFium thread, then painted here."""
        if self.pdf is None or self._painter is not None:
            return
        first, last = printer.fromPage() or 1, printer.toPage() or self.page_count
        painter = QPainter()
        if not painter.begin(printer):
            raise SafetyDeskError(_("The printer could not be started. Check that it is connected and on."))
        self._painter, self._printer = painter, printer
        self.print_button.setEnabled(False)
        self._print_page(first, first, last, min(printer.resolution(), PRINT_DPI_MAX) / 72)

    def _print_page(self, number: int, first: int, last: int, scale: float) -> None:
        pdf = self.pdf
        assert pdf is not None

        def paint(image: QImage) -> None:
            painter, printer = self._painter, self._printer
            if painter is None or printer is None:
                return
            if number > first:
                printer.newPage()
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), size.width(), size.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
            if number < last:
                self._print_page(number + 1, first, last, scale)
            else:
                self._end_printing()
                self.printed.emit()

        def failed(exc: BaseException) -> None:
            self._end_printing()
            messages.show_error(self, exc)

        self.runner.query(lambda: render_page(pdf, number - 1, scale), paint, failed, owner=self, key="print")

    def _end_printing(self) -> None:
        if self._painter is not None:
            self._painter.end()
        self._painter = self._printer = None
        self.print_button.setEnabled(self.pdf is not None)

    def done(self, result: int) -> None:
        self._end_printing()
        self.pdf = None
        holder, path = self._holder, self.pdf_path
        self.runner.db(lambda: close_document(holder, path))  # after any open or render still queued
        super().done(result)


def remove_leftovers() -> int:
    """Delete the preview PDFs and opened attachments left in the temp folder (start and close)."""
    return private_temp.sweep()


def show_preview(pdf_path: Path, title: str, parent: QWidget | None = None) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(pdf_path, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
