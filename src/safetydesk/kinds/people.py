"""Shared kinds: staff members, classes and students (models in models/org.py)."""

from __future__ import annotations

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.mechanisms import SHARED
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_
from safetydesk.models.org import SchoolClass, StaffMember, Student

GENDERS = choices(("male", N_("Male")), ("female", N_("Female")))

STAFF = register(RecordKind(
    key="staff", title=N_("Staff"), mechanism=SHARED, model=StaffMember,
    title_field="name", default_sort="name",
    fields=(
        Field("name", N_("Name"), FieldKind.TEXT, required=True, max_length=50, width=10),
        Field("gender", N_("Gender"), FieldKind.CHOICE, choices=GENDERS, width=6),
        Field("position", N_("Position"), FieldKind.TEXT, max_length=50, width=14),
        Field("phone", N_("Phone"), FieldKind.TEXT, max_length=40, width=14, phone=True),
        Field("active", N_("In post"), FieldKind.BOOL, default=True, width=6),
    ),
))

CLASSES = register(RecordKind(
    key="class", title=N_("Classes"), mechanism=SHARED, model=SchoolClass,
    title_field="name", default_sort="name", unique_together=("name", "school_year"),
    fields=(
        Field("name", N_("Class"), FieldKind.TEXT, required=True, max_length=50, width=12),
        Field("grade", N_("Grade"), FieldKind.TEXT, max_length=20, width=8),
        Field("school_year", N_("School year"), FieldKind.TEXT, max_length=20, width=10),
        Field("head_teacher_uuid", N_("Class teacher"), FieldKind.STAFF, width=10),
        Field("student_count", N_("Number of students"), FieldKind.INT, min_value=0,
              max_value=200, width=8),
    ),
))

STUDENTS = register(RecordKind(
    key="student", title=N_("Students"), mechanism=SHARED, model=Student,
    title_field="name", class_field="class_uuid", default_sort="name",
    fields=(
        Field("name", N_("Name"), FieldKind.TEXT, required=True, max_length=50, width=10),
        Field("student_no", N_("Student number"), FieldKind.TEXT, max_length=40, width=14),
        Field("gender", N_("Gender"), FieldKind.CHOICE, choices=GENDERS, width=6),
        Field("birth_date", N_("Date of birth"), FieldKind.DATE, width=12),
        Field("class_uuid", N_("Class"), FieldKind.CLASS, filter=True, width=10),
        Field("guardian_name", N_("Guardian"), FieldKind.TEXT, max_length=50, width=10),
        Field("guardian_phone", N_("Guardian's phone"), FieldKind.TEXT, max_length=40, width=14, phone=True),
    ),
))
