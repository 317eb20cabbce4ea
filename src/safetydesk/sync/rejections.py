"""Why a package was refused: a stable code per reason and a message saying what to do (sync.md,
"Each rejection has a code and a message"). Any thread.
"""

from __future__ import annotations

import re

from safetydesk.errors import PackageRejected
from safetydesk.i18n import N_, _

MESSAGES: dict[str, str] = {
    "not_a_package": N_(
        "{file} is not a SafetyDesk package. Check that you chose the right file (it ends in .sdpkg)."
    ),
    "damaged": N_(
        "{file} is damaged ({detail}); the copy on the USB stick may be incomplete. Ask "
        "the sender to export again and copy the file once more."
    ),
    "too_large": N_(
        "{file} is larger than SafetyDesk accepts ({detail}). Nothing was imported. "
        "Ask the sender to check the file."
    ),
    "bad_member": N_(
        "{file} contains an unexpected or unsafe entry ({detail}). It was not made by "
        "SafetyDesk or was changed; nothing was imported. Ask the sender to export again."
    ),
    "bad_signature": N_(
        "{file} was changed after it was signed, or its signature is from another "
        "package. Nothing was imported: ask the sender to export again."
    ),
    "unknown_sender": N_(
        "{file} comes from an organisation this installation does not trust (or "
        "whose key was replaced). Confirm its identity with 'safetydesk trust' "
        "first, then import again."
    ),
    "sender_mismatch": N_(
        "{file} is signed with the key of {trusted} but says it comes from "
        "{claimed}. Nothing was imported; contact the sender."
    ),
    "wrong_recipient": N_(
        "{file} was made for {recipient}, not for this installation ({us}). "
        "Give it to the right office; nothing was imported."
    ),
    "wrong_direction": N_(
        "{file} is a kind of package ({kind}) that this installation does not "
        "accept from {sender}. Nothing was imported."
    ),
    "bad_manifest": N_(
        "{file} has an invalid description ({detail}). Nothing was imported: ask "
        "the sender to export again with an up-to-date SafetyDesk."
    ),
    "format_too_old": N_(
        "{file} was made by an older SafetyDesk (package format {version}) that this installation "
        "no longer accepts. Nothing was imported: ask the sender to update SafetyDesk and export again."
    ),
    "format_too_new": N_(
        "{file} was made by a newer SafetyDesk (package format {version}). Update SafetyDesk on "
        "this computer, then import it again."
    ),
    "schema_too_new": N_(
        "{file} was made by a newer SafetyDesk (data format {revision}). Update "
        "SafetyDesk on this computer, then import it again."
    ),
    "payload_hash": N_(
        "The contents of {file} do not match its signed description: the file was "
        "changed or damaged. Ask the sender to export again."
    ),
    "decrypt_failed": N_(
        "{file} cannot be opened with this installation's key. It was encrypted "
        "for another key, or damaged. Ask the sender to export again."
    ),
    "bad_payload": N_(
        "The contents of {file} are not in the expected form ({detail}). Nothing was "
        "imported: ask the sender to export again."
    ),
    "bad_row": N_(
        "{file}: record {line} of {kind} is invalid ({detail}). Nothing was imported: ask "
        "the sender to correct the record and export again."
    ),
    "owner_mismatch": N_(
        "{file}: record {line} of {kind} belongs to {owner}, which did not send "
        "this package. Nothing was imported; contact the sender."
    ),
    "not_senders_kind": N_(
        "{file}: record {line} of {kind} may be written only by a {role}; {sender} may not send it. "
        "Nothing was imported. Contact the sender: the file was not made by an up-to-date SafetyDesk."
    ),
    "not_referred": N_(
        "{file}: record {line} of {kind} must stay at the school ({detail}). Nothing was imported: "
        "ask the school to update SafetyDesk and export again."
    ),
    "not_own_school": N_(
        "{file}: record {line} is about the school {school}, which belongs to {owner}, not to {sender} "
        "that sent this package. Nothing was imported. Check with both township centres which one the "
        "school belongs to."
    ),
    "replay_conflict": N_(
        "{file} claims number {seq} from {sender}, but a different package with "
        "that number was already imported. Nothing was imported. This may be a "
        "forgery or a restored old computer: contact the sender and the county office."
    ),
    "database_busy": N_(
        "The database is in use by another SafetyDesk window or task. Nothing was "
        "imported; close the other program and try again."
    ),
    "disk_full": N_("The disk is full. Nothing was imported; free some space and try again."),
    # The county's rules (sync/county_rules.py), forwarded by the township.
    "rules_invalid": N_(
        "{file} carries county rules that SafetyDesk cannot accept ({detail}). Nothing was imported: "
        "ask the county education bureau to check its rules and publish them again."
    ),
    "rules_bad_signature": N_(
        "{file} carries county rules whose signature does not match: they were changed after the "
        "county signed them. Nothing was imported; tell the sender and the county education bureau."
    ),
    "rules_untrusted_county": N_(
        "{file} carries rules signed by county {county}, which is not the county this installation "
        "follows (at a township: or not with the key it trusts for that county). Nothing was imported; "
        "check with the township centre and the county education bureau."
    ),
    "rules_outdated": N_(
        "{file} carries version {version} of the county rules, older than version {held} already in "
        "use here: it is an old or replayed package. Nothing was imported; import the sender's "
        "newest package instead."
    ),
    "rules_conflict": N_(
        "{file} carries a version {version} of the county rules that differs from the version {version} "
        "already in use here. Nothing was imported. This may be a forgery: contact the county "
        "education bureau."
    ),
}


def kind_title(key: str) -> str:
    """A record kind's title in the UI language ("学生"), or the wire key when unknown."""
    from safetydesk.domain.registry import get_kind

    if key == "attachment":
        return _("Attachments")
    if key == "county_school":  # a township's report to its county (sync/upward.py)
        return _("Schools' status reports")
    try:
        return _(get_kind(key).title)
    except KeyError:
        return key


def reject(code: str, **values: object) -> PackageRejected:
    """A PackageRejected with its stable code and a translated message."""
    template = MESSAGES[code]
    if isinstance(values.get("kind"), str) and code in ("bad_row", "owner_mismatch", "not_senders_kind", "not_referred"):
        values["kind"] = kind_title(str(values["kind"]))
    values.setdefault("file", "")
    needed = set(re.findall(r"\{(\w+)\}", template))
    for name in needed:
        values.setdefault(name, "")
    return PackageRejected(code, _(template, **{k: values[k] for k in needed}))
