"""The order of posts on a school's papers: 校长 first, 门卫 last (declared once, here).

Responsibility ledgers and staff lists print people by the rank of their post, as schools write
them (the principal as first person responsible, then the deputies, the safety officer, the heads
of office, the teachers, the service staff). Posts are free text ("校长（第一责任人）", "分管副校长"),
so a post ranks as the longest known post name it contains; a post that names none comes after
every known one, in the order the caller had.

Pure: no database.
"""

from __future__ import annotations

# Highest first. One entry per rank: the names a school writes for that post.
POST_RANKS: tuple[tuple[str, ...], ...] = (
    ("校长", "园长", "书记", "第一责任人"),
    ("副校长", "副园长", "分管"),
    ("安全专干", "安全办", "安全主任", "安全员"),
    ("教导主任", "教务主任", "政教主任", "德育主任", "办公室主任"),
    ("总务主任", "后勤主任"),
    ("年级组长", "教研组长"),
    ("心理教师", "心理老师", "心理辅导"),
    ("班主任",),
    ("教师", "老师"),
    ("校医", "保健"),
    ("食堂", "厨师"),
    ("宿管", "生活老师"),
    ("校车", "驾驶员", "照管"),
    ("保安",),
    ("门卫",),
)


def post_rank(post: str | None) -> int:
    """0 for 校长, higher for lower posts; len(POST_RANKS) for a post of no known name."""
    text = post or ""
    best_rank, best_len = len(POST_RANKS), 0
    for rank, names in enumerate(POST_RANKS):
        for name in names:
            if name in text and len(name) > best_len:
                best_rank, best_len = rank, len(name)
    return best_rank
