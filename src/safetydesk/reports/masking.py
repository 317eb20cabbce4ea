"""Masking of personal data on printed forms: the domain's pure functions, where reports look."""

from __future__ import annotations

from safetydesk.domain.masking import (
    KINSHIP,
    MASK,
    PHONE_RE,
    mask_id_number,
    mask_name,
    mask_names_in_text,
    mask_phone,
    mask_phones_in_text,
)

__all__ = [
    "KINSHIP",
    "MASK",
    "PHONE_RE",
    "mask_id_number",
    "mask_name",
    "mask_names_in_text",
    "mask_phone",
    "mask_phones_in_text",
]
