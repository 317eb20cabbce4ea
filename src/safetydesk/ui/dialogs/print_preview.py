"""Print preview of a rendered report PDF, printing through the system dialog, or opening the PDF.

Pages are rasterised with pypdfium2 (PDFium, the engine of Chrome's viewer; Apache-2.0/BSD
wheels for Windows, macOS and Linux bundle it, so nothing else is installed): QtPdf is only in
PySide6-Addons, and QPrinter cannot read a PDF. One page is rendered at a time, on the UI thread,
when it is shown: a page takes a few milliseconds, and a long ledger never renders all at once.
Printing draws each page as an image at the printer's resolution, the same pixels as shown.

A preview of a sensitive ledger holds minors' names in clear: a PDF the reports dialog wrote into
its temp folder (services.private_temp) is deleted with that folder when the preview closes, and
`remove_leftovers()` (called at every start and close of the application) removes any left by a
crash. A PDF the user saved somewhere is theirs and is left alone.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
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

PREVIEW_SCALE = 1.4  # 72 dpi * 1.4: an A4 page about 830 px wide


def render_page(pdf: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    bitmap = pdf[index].render(scale=scale, rev_byteorder=True)
    image = QImage(
        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
    )
    return image.copy()  # own the pixels: the buffer goes with the bitmap


class PrintPreviewDialog(QDialog):
    def __init__(self, pdf_path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print-preview")
        self.pdf_path = Path(pdf_path)
        try:
            self.pdf = pdfium.PdfDocument(str(self.pdf_path))
        except pdfium.PdfiumError as exc:
            raise SafetyDeskError(_("Cannot open {path} for preview.", path=self.pdf_path)) from exc
        self.setWindowTitle(_("Print preview — {title}", title=title))
        self.page_count = len(self.pdf)
        self.page_label = QLabel()
        self.page_label.setObjectName("preview-page")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_label.setStyleSheet("background: #808080; padding: 12px;")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.page_label)

        self.spin = QSpinBox()
        self.spin.setObjectName("preview-page-number")
        self.spin.setRange(1, max(1, self.page_count))
        self.spin.valueChanged.connect(lambda n: self.show_page(n - 1))
        self.of_label = QLabel(_("of {n} pages", n=self.page_count))
        prev_button = QPushButton(_("Previous page"))
        next_button = QPushButton(_("Next page"))
        prev_button.clicked.connect(lambda: self.spin.setValue(self.spin.value() - 1))
        next_button.clicked.connect(lambda: self.spin.setValue(self.spin.value() + 1))
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("preview-print")
        self.print_button.clicked.connect(self.print_pdf)
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
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_pdf)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, activated=next_button.click)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, activated=prev_button.click)
        self.resize(940, 900)
        self.show_page(0)

    def show_page(self, index: int) -> None:
        if not 0 <= index < self.page_count:
            return
        self.page_label.setPixmap(QPixmap.fromImage(render_page(self.pdf, index, PREVIEW_SCALE)))

    def open_pdf(self) -> None:
        """Hand the PDF to the system's viewer (which can print it too)."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path))):
            self.of_label.setText(
                _("No program to open PDF files was found; the file is {path}", path=self.pdf_path)
            )

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        first, last = printer.fromPage() or 1, printer.toPage() or self.page_count
        scale = printer.resolution() / 72
        painter = QPainter()
        if not painter.begin(printer):
            raise SafetyDeskError(_("The printer could not be started. Check that it is connected and on."))
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                image = render_page(self.pdf, number - 1, min(scale, 300 / 72))
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(target.x(), target.y(), size.width(), size.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
        finally:
            painter.end()

    def done(self, result: int) -> None:
        self.pdf.close()
        private_temp.remove_folder_of(self.pdf_path)  # only a temp preview's folder
        super().done(result)


def remove_leftovers() -> int:
    """Delete the preview PDFs and opened attachments left in the temp folder (start and close)."""
    return private_temp.sweep()


def show_preview(pdf_path: Path, title: str, parent: QWidget | None = None) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(pdf_path, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
