"""The catalogue of printable reports (forms and ledgers), read by `safetydesk report` and the UI.

A report is declared once in a module of services/report_defs/ (discovered):
`register_report(ReportSpec(name="hazard-ledger", title=N_("Hazard ..."), render=...))`.
`render(workspace, request, progress)` writes request.out and returns the number of records.

Every report has its own title. A name that once printed the same records as another report
lives on as an alias of it (`aliases`): scripts that use it keep working, and no two entries of
the list print the same paper. Names and phone numbers are masked unless the request says
`mask_names=False`, which only those allowed may ask and which the audit log records
(services.report_privacy): the command line's --show-names and the print dialog use the same path.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services.progress import ProgressSink
from safetydesk.services.workspace import Workspace


@dataclass(frozen=True)
class ReportRequest:
    out: Path
    date_from: date | None = None
    date_to: date | None = None
    semester: str | None = None
    record: str | None = None  # uuid, for forms about one record
    mask_names: bool = True  # names and phones print masked unless asked otherwise (and allowed)
    school: str | None = None  # one school's records (header 学校：name); None: all (a township: 学校 column)

    @property
    def fmt(self) -> str:
        return self.out.suffix.lower().lstrip(".")


Renderer = Callable[[Workspace, ReportRequest, ProgressSink], int]


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: str | Callable[[], str]  # N_()-marked official title, or a function giving it translated
    render: Renderer
    formats: tuple[str, ...] = ("pdf", "xlsx")
    per_record: bool = False  # a form about one record: --record picks it, else one per page
    kinds: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # earlier names of this report, still accepted
    # The translated title of what one record prints as, where a per-record report prints another
    # document for it (rectification-notice given a 督办单's id prints that 督办单); None: the title.
    record_title: Callable[[Workspace, ReportRequest], str | None] | None = None


def report_title(spec: ReportSpec) -> str:
    return spec.title() if callable(spec.title) else _(spec.title)


def printed_title(ws: Workspace, spec: ReportSpec, request: ReportRequest) -> str:
    """The title of the document `request` printed, for saying what was written."""
    if request.record and spec.record_title is not None:
        return spec.record_title(ws, request) or report_title(spec)
    return report_title(spec)


_REPORTS: dict[str, ReportSpec] = {}
_ALIASES: dict[str, str] = {}
_loaded = False


def register_report(spec: ReportSpec) -> ReportSpec:
    for name in (spec.name, *spec.aliases):
        if name in _REPORTS or name in _ALIASES:
            raise ValueError(f"report {name!r} registered twice")
    _REPORTS[spec.name] = spec
    for alias in spec.aliases:
        _ALIASES[alias] = spec.name
    return spec


def is_registered(name: str) -> bool:
    return name in _REPORTS or name in _ALIASES


GENERIC_MODULE = "kind_ledgers"  # loaded last: it fills in what the specialised modules left


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from safetydesk.services import report_defs

    names = sorted(m.name for m in pkgutil.iter_modules(report_defs.__path__) if not m.name.startswith("_"))
    for name in [n for n in names if n != GENERIC_MODULE] + [GENERIC_MODULE]:
        module = importlib.import_module(f"{report_defs.__name__}.{name}")
        if name == GENERIC_MODULE:
            module._register_missing()


def all_reports() -> list[ReportSpec]:
    _load()
    return sorted(_REPORTS.values(), key=lambda r: r.name)


def get_report(name: str) -> ReportSpec:
    _load()
    try:
        return _REPORTS[_ALIASES.get(name, name)]
    except KeyError:
        raise SafetyDeskError(_("Unknown report {name}; 'safetydesk report --list' names them all.",
                                name=name)) from None


def render(ws: Workspace, spec: ReportSpec, request: ReportRequest, progress: ProgressSink) -> int:
    if request.fmt not in spec.formats:
        raise SafetyDeskError(_("The report {name} can be written as {formats}, not .{fmt}.",
                                name=spec.name, formats=", ".join("." + f for f in spec.formats),
                                fmt=request.fmt))
    if request.date_from and request.date_to and request.date_to < request.date_from:
        raise SafetyDeskError(_("The period ends before it starts; check --from and --to."))
    if request.school:
        from safetydesk.services import schools

        schools.resolve(ws.sessions, request.school)  # a school this installation holds records of
    from safetydesk.services import audit, report_privacy

    if not request.mask_names:
        report_privacy.check_show_names(ws, spec.kinds)
    n = spec.render(ws, request, progress)
    audit.log(ws.sessions, ws.actor, "print" if request.fmt == "pdf" else "export", "",
              request.record, f"{spec.name} {request.out}")
    if not request.mask_names:
        report_privacy.log_shown(ws, spec.name, spec.kinds, request.out)
    return n


def may_show_names(ws: Workspace, spec: ReportSpec) -> bool:
    """Whether the print dialog may offer "show names" for this report to the acting person."""
    from safetydesk.services import report_privacy

    return report_privacy.may_show_names(ws, spec.kinds)
