"""Masking of personal data on printed forms of sensitive records (domain.md §5, §11).

Pure functions: a form decides which fields to mask (student names, guardians' phones) and
calls these on the display values before handing rows to a writer.
"""

from __future__ import annotations

MASK = "*"
_KEEP = frozenset("·• -.")  # name separators stay visible: 阿依古丽·买买提 -> 阿*******提


def mask_name(name: str | None) -> str:
    """张三 -> 张*, 王小明 -> 王*明, 欧阳娜娜 -> 欧**娜: the first character, and the last when the
    name has three or more; separators inside the name are kept."""
    if not name:
        return ""
    name = name.strip()
    letters = [i for i, ch in enumerate(name) if ch not in _KEEP]
    if len(letters) <= 1:
        return name
    keep = {letters[0]} if len(letters) == 2 else {letters[0], letters[-1]}
    return "".join(ch if i in keep or ch in _KEEP else MASK for i, ch in enumerate(name))


def mask_phone(phone: str | None) -> str:
    """13812345678 -> 138****5678: the first three and last four digits stay, separators too.

    A leading +86 / 0086 country code is kept and not counted. Numbers of seven digits or fewer
    (extensions, short numbers) keep only their last two digits.
    """
    if not phone:
        return ""
    phone = phone.strip()
    prefix = ""
    for code in ("+86", "0086"):
        if phone.startswith(code):
            prefix, phone = phone[: len(code)], phone[len(code) :]
            break
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    keep = set(digits[:3]) | set(digits[-4:]) if len(digits) > 7 else set(digits[-2:])
    return prefix + "".join(MASK if ch.isdigit() and i not in keep else ch for i, ch in enumerate(phone))


def mask_id_number(number: str | None) -> str:
    """A resident ID number keeps its first six (region) and last four characters."""
    if not number:
        return ""
    number = number.strip()
    if len(number) <= 10:
        return MASK * max(0, len(number) - 2) + number[-2:]
    return number[:6] + MASK * (len(number) - 10) + number[-4:]
