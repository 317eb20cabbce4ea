"""`safetydesk demo --county`: a demo county bureau whose two townships really reported to it.

Two demo township centres are made in a temporary folder exactly as `demo --township` makes one
(services/demo_network.py: real school installations, real packages both ways), the second with
other codes, names and demo seeds, both naming this county as theirs. Each township and the county
trust each other from real identity files (the digits checked), each township exports its signed,
encrypted upward report, the county imports it through the normal importer, and the county's
receipt goes back down. The townships' folders are deleted at the end: the county keeps what it
imported. Runs in a command, on one thread.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from safetydesk.domain.demo import DEMO_SCHOOLS, DEMO_TOWNSHIP
from safetydesk.errors import SafetyDeskError
from safetydesk.paths import DataPaths
from safetydesk.services import demo_network
from safetydesk.services.installation import COUNTY, InitRequest, initialise
from safetydesk.services.storage import open_storage
from safetydesk.sync.export import export_package
from safetydesk.sync.importer import import_package

DEMO_COUNTY = ("410522", "安阳县教育局安全股")
SECOND_TOWNSHIP = ("410522T02", "安阳县白壁镇中心校")
SECOND_SCHOOLS = (
    ("4105220101", "白壁镇中心小学", "primary"),
    ("4105220102", "白壁镇初级中学", "middle"),
)
BY = demo_network.BY


@dataclass
class DemoCounty:
    county_code: str
    townships: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, schools reported


def build(paths: DataPaths, admin_password: str, progress: Callable[[str], None] | None = None) -> DemoCounty:
    """Make the demo county in the empty folder `paths`; see the module docstring."""
    code, name = DEMO_COUNTY
    initialise(paths, InitRequest(role=COUNTY, code=code, name=name, admin_password=admin_password,
                                  is_demo=True)).close()  # fmt: skip
    county = open_storage(paths)
    result = DemoCounty(code)
    try:
        with tempfile.TemporaryDirectory(prefix="safetydesk-demo-townships-") as tmp:
            folder = Path(tmp)
            packages = folder / "packages"
            packages.mkdir()
            for (t_code, t_name), schools, offset in ((DEMO_TOWNSHIP, DEMO_SCHOOLS, 0),
                                                      (SECOND_TOWNSHIP, SECOND_SCHOOLS, 100)):
                tp = DataPaths(folder / t_code)
                demo_network.build(tp, None, progress, township_org=(t_code, t_name), school_orgs=schools,
                                   county=DEMO_COUNTY, seed_offset=offset)
                township = open_storage(tp)
                try:
                    demo_network._trust_both_ways(county, township, folder)
                    up = export_package(township, code, packages, BY)
                    imported = import_package(county, up.path, BY)
                    if imported.status != "imported":
                        raise SafetyDeskError(imported.message or imported.status)
                    down = export_package(county, t_code, packages, BY)  # the county's receipt
                    back = import_package(township, down.path, BY)
                    if back.status != "imported":
                        raise SafetyDeskError(back.message or back.status)
                finally:
                    township.close()
                result.townships.append((t_code, t_name, up.counts.get("county_school", 0)))
    finally:
        county.close()
    return result


