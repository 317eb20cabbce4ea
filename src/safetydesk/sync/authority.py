"""Who may write what (sync.md): checked on every package before anything is written.

A package may create or change only rows of kinds whose owner role is the sender's role (a
school sends its own records and 整改报告, a township its 整改通知书 / 督办单); an attachment follows
the kind of the record it hangs on. At a township, a row naming a school (school_code) must name
the sender; at a school, a township's row must be addressed to this school or to every school.
Anything else rejects the whole package with a code. The exporter sends only what these rules
let through. CPU only: any thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from safetydesk.i18n import _
from safetydesk.sync import codec, package

# A township's record addressed to one school (a rectification notice...) names it here.
TARGET_FIELD = "school_code"


def role_name(role: str) -> str:
    if role == "county":
        return _("county bureau")
    return _("school") if role == "school" else _("township centre")


def may_send(wk: codec.WireKind, role: str) -> bool:
    """Whether an installation of `role` writes rows of this kind (attachments: see rows_allowed)."""
    return wk.owner_role is None or wk.owner_role == role


def _not_senders(file: str, line: int, kind: str, role: str, sender: str) -> Exception:
    return package.reject(
        "not_senders_kind", file=file, line=line, kind=kind, role=role_name(role), sender=sender
    )


def check_kind(wk: codec.WireKind, sender: str, sender_role: str, *, file: str) -> None:
    """Before a table is decoded: its kind must be one the sender's role writes."""
    if not may_send(wk, sender_role):
        raise _not_senders(file, 1, wk.key, wk.owner_role or "", sender)


def check_rows(
    wk: codec.WireKind,
    rows: list[dict[str, Any]],
    kinds: Mapping[str, codec.WireKind],
    *,
    sender: str,
    sender_role: str,
    me_code: str,
    me_role: str,
    file: str,
) -> None:
    """After decoding: attachments hang only on the sender's kinds; school codes name the right
    organisation (the owner column itself is checked by the codec: owner = sender)."""
    if wk.key == codec.ATTACHMENT_KEY:
        for line, row in enumerate(rows, start=1):
            target = kinds.get(row["record_kind"])
            if target is None or target.owner_role != sender_role:
                raise _not_senders(file, line, wk.key, target.owner_role if target else "", sender)
        return
    if not any(f.attr == TARGET_FIELD for f in wk.fields):
        return
    for line, row in enumerate(rows, start=1):
        named = row.get(TARGET_FIELD)
        if me_role == "school" and named not in (None, "", me_code):
            raise package.reject(
                "bad_row", file=file, line=line, kind=wk.key, detail=_("addressed to another school")
            )
        if me_role != "school" and named not in (None, "", sender):
            raise package.reject("owner_mismatch", file=file, line=line, kind=wk.key, owner=named)
