"""Masking of personal data on printed forms and in references (domain.md §5, §11).

Pure functions: a report decides which fields to mask (students' names, guardians' phones) and
calls these on the display values before handing rows to a writer; a reference to a protected
record masks the student it names (services.record_labels). Here, in the domain layer, so the
screen can use them without loading the report writers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "*"
_KEEP = frozenset("·• -.")  # name separators stay visible: 阿依古丽·买买提 -> 阿*******提

# How a family member is named when the record holds a relationship, not a name ("母亲"): such
# words identify nobody and stay as they are.
KINSHIP = frozenset(
    ["父亲", "母亲", "父母", "爸爸", "妈妈", "祖父", "祖母", "爷爷", "奶奶", "外祖父", "外祖母", "外公", "外婆", "姥姥", "姥爷", "继父", "继母", "养父", "养母", "哥哥", "姐姐", "弟弟", "妹妹", "叔叔", "婶婶", "伯父", "伯母", "姑姑", "姑父", "舅舅", "舅妈", "姨妈", "姨父", "阿姨", "监护人", "家长", "亲属", "其他"]
)

PHONE_RE = re.compile(r"(?<!\d)(?:\+86)?1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def mask_name(name: str | None) -> str:
    """张三 -> 张*, 王小明 -> 王*明, 欧阳娜娜 -> 欧**娜: the first character, and the last when the
    name has three or more; separators inside the name are kept. A relationship ("母亲") and a
    list of them ("父亲、母亲") are not names and stay."""
    if not name:
        return ""
    name = name.strip()
    if name in KINSHIP or all(part in KINSHIP for part in re.split(r"[、，,/ ]+", name) if part):
        return name
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


def mask_phones_in_text(text: str) -> str:
    """Every mobile or landline number inside running text, masked (138****5678)."""
    return PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)


def mask_names_in_text(text: str, names: Iterable[str]) -> str:
    """The given names (the record's own student, guardian...) masked wherever the text repeats
    them; a one-character "name" is left alone (it would mask every such character)."""
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        if name in KINSHIP:
            continue
        text = text.replace(name, mask_name(name))
    return text
