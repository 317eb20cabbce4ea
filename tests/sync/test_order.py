"""Packages arrive in any order, twice, or with holes: the township ends in the same state."""

from __future__ import annotations

import itertools
import random
import shutil

from safetydesk.models.org import SchoolClass, StaffMember
from safetydesk.paths import DataPaths
from safetydesk.services.storage import open_storage
from safetydesk.sync.importer import import_package

from .conftest import add_class_and_students, add_staff, change, delete, rows_of


def _five_packages(pair):
    """Five packages with creations, edits, deletions and references between them."""
    paths = []
    staff = add_staff(pair.school, "赵老师")
    paths.append(pair.export().path)
    cid, _sids = add_class_and_students(pair.school, 4)
    other = add_staff(pair.school, "钱老师")
    paths.append(pair.export().path)
    change(pair.school, SchoolClass, cid, name="改过一次", head_teacher_uuid=other)
    delete(pair.school, StaffMember, other)
    paths.append(pair.export().path)
    change(pair.school, SchoolClass, cid, name="改过两次")
    change(pair.school, StaffMember, staff, phone="13700000000")
    change(pair.school, SchoolClass, cid, student_count=3)
    paths.append(pair.export().path)
    delete(pair.school, StaffMember, staff)
    add_staff(pair.school, "新来的老师")
    paths.append(pair.export().path)
    return paths


def _state(storage):
    return [rows_of(storage, m) for m in (StaffMember, SchoolClass)]


def test_five_packages_in_random_orders_end_in_the_same_state(pair, tmp_path):
    template = tmp_path / "township-template"
    shutil.copytree(pair.township.paths.root, template)
    packages = _five_packages(pair)
    for p in packages:
        assert pair.imp(p).status == "imported"
    expected = _state(pair.township)
    assert expected == _state(pair.school)

    rng = random.Random(42)
    orders = [list(reversed(packages))] + [rng.sample(packages, len(packages)) for _ in range(4)]
    for n, order in enumerate(orders):
        root = tmp_path / f"t{n}"
        shutil.copytree(template, root)
        storage = open_storage(DataPaths(root))
        try:
            for p in itertools.chain(order, order[:2]):  # and some twice
                r = import_package(storage, p, "tester")
                assert r.status in ("imported", "duplicate"), r.message
            assert _state(storage) == expected, order
        finally:
            storage.close()


def test_a_missing_package_is_reported_as_a_gap(pair):
    packages = _five_packages(pair)
    r = pair.imp(packages[4])
    assert r.gaps == [1, 2, 3, 4]
    r = pair.imp(packages[1])
    assert r.gaps == [1, 3, 4]
    assert _state(pair.township) == _state(pair.school)
