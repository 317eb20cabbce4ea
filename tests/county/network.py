"""A county bureau, two township centres and three schools, each a real installation in a tmp
folder: trust confirmed with real identity files and the fingerprint digits, packages really
exported (signed, encrypted) and imported through the normal importer.

  410522 县教育局安全股
    ├─ 410522T01 城关镇中心校 ── 4105220001 第一小学, 4105220002 城关幼儿园
    └─ 410522T02 白壁镇中心校 ── 4105220101 白壁中学
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from safetydesk.services.installation import COUNTY, SCHOOL, TOWNSHIP, InitRequest
from safetydesk.services.storage import Storage
from safetydesk.sync import identity
from safetydesk.sync.export import ExportResult, export_package
from safetydesk.sync.importer import ImportResult, import_package
from tests.sync.conftest import _init

COUNTY_CODE = "410522"
T1, T2 = "410522T01", "410522T02"
S1, S2, S3 = "4105220001", "4105220002", "4105220101"
SCHOOLS = {S1: (T1, "第一小学", "primary"), S2: (T1, "城关幼儿园", "kindergarten"), S3: (T2, "白壁中学", "middle")}
TOWNSHIPS = {T1: "城关镇中心校", T2: "白壁镇中心校"}


def trust_both(root: Path, a: Storage, b: Storage) -> None:
    """Each side imports the other's identity file and confirms its digits."""
    for x, y in ((a, b), (b, a)):
        ident, keys = identity.own_identity(x.paths, x.sessions)
        f = root / f"{ident.org_code}-for-{y.paths.root.name}.identity.json"
        f.write_bytes(identity.identity_bytes(ident, keys))
        identity.trust_peer(y.sessions, f, ident.fingerprint, "tester")


@dataclass
class County:
    root: Path
    county: Storage
    townships: dict[str, Storage]
    schools: dict[str, Storage]
    n: int = 0
    files: list[Path] = field(default_factory=list)

    def export(self, source: Storage, to: str | None) -> ExportResult:
        self.n += 1
        out = self.root / f"p{self.n:03d}.sdpkg"
        self.files.append(out)
        return export_package(source, to, out, "tester")

    def carry(self, source: Storage, target: Storage, to: str | None = None) -> ImportResult:
        result = import_package(target, self.export(source, to).path, "tester")
        assert result.status == "imported", result.message
        return result

    def round(self) -> None:
        """One round of packages: schools up, townships down (receipts), townships up to the
        county, the county down to the townships."""
        for code, (t, _name, _type) in SCHOOLS.items():
            self.carry(self.schools[code], self.townships[t])
        for code, (t, _name, _type) in SCHOOLS.items():
            self.carry(self.townships[t], self.schools[code], code)
        for t in TOWNSHIPS:
            self.carry(self.townships[t], self.county, COUNTY_CODE)
        for t in TOWNSHIPS:
            self.carry(self.county, self.townships[t], t)

    def close(self) -> None:
        for s in (self.county, *self.townships.values(), *self.schools.values()):
            s.close()


def make_county(root: Path) -> County:
    root.mkdir(parents=True, exist_ok=True)
    county = _init(root / "county", InitRequest(role=COUNTY, code=COUNTY_CODE, name="安阳县教育局安全股"))
    townships = {
        t: _init(root / t, InitRequest(role=TOWNSHIP, code=t, name=name, county_code=COUNTY_CODE,
                                       county_name="安阳县教育局安全股"))
        for t, name in TOWNSHIPS.items()
    }
    schools = {
        code: _init(root / code, InitRequest(role=SCHOOL, code=code, name=name, township_code=t,
                                             township_name=TOWNSHIPS[t], school_type=kind))
        for code, (t, name, kind) in SCHOOLS.items()
    }
    for code, (t, _name, _kind) in SCHOOLS.items():
        trust_both(root, schools[code], townships[t])
    for t in TOWNSHIPS:
        trust_both(root, townships[t], county)
    return County(root, county, townships, schools)
