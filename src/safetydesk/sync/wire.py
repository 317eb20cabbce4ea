"""The package format's names, limits and patterns (sync.md "The package"): what every part of
the sync layer agrees on. Constants only; any thread.
"""

from __future__ import annotations

import re

from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

FORMAT = "safetydesk-package"
# 2 (issue 13): streams bound to keys (receipts name the stream's key and the hash of the highest
# contiguous package), audit anchors, withdrawals of referrals, counts below SMALL_CELL sent as
# "<3". Packages of format 1 are refused with format_too_old ("update SafetyDesk at the sender").
FORMAT_VERSION = 2
INNER_FORMAT = "safetydesk-payload"
SUITE_NAME = "HPKE-X25519-HKDF-SHA256-AES-256-GCM"
SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)
MEMBERS = ("manifest.json", "manifest.sig", "payload")
SIGNATURE_BYTES = 64
FILE_SUFFIX = ".sdpkg"
MAX_SEQ = 2**31 - 1  # sequence numbers (and counts) are 1 .. MAX_SEQ on the wire

# Package kinds and the (sender role, recipient role) they may travel in.
SCHOOL_REPORT = "school_report"
TOWNSHIP_DISPATCH = "township_dispatch"
# Issue 16, the county level: a township's report to its county bureau (its schools' status rows
# and what the county registers, never rows of records: sync/upward.py) and the county's packages
# down to a township (receipts; county rules and templates). New kinds, same format version: an
# older app refuses them with bad_manifest ("update SafetyDesk").
TOWNSHIP_REPORT = "township_report"
COUNTY_DISPATCH = "county_dispatch"
DIRECTIONS = {
    SCHOOL_REPORT: ("school", "township"),
    TOWNSHIP_DISPATCH: ("township", "school"),
    TOWNSHIP_REPORT: ("township", "county"),
    COUNTY_DISPATCH: ("county", "township"),
}

# Limits: a real school's package is a few MB; these leave room without letting a file exhaust a
# 4 GB school PC.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_MANIFEST_DEPTH = 6
MAX_INNER_MEMBERS = 20_000
MAX_INNER_TOTAL = 512 * 1024 * 1024
MAX_TABLE_BYTES = 256 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 32 * 1024 * 1024
MAX_SMALL_MEMBER = 4 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 64 * 1024

# Rows: at most MAX_TABLE_ROWS per table, and no more in a package than its encrypted size allows
# at MIN_PACKED_BYTES_PER_ROW (a real row, with its random UUID and times, never deflates below
# about 20 bytes; 380,000 look-alike rows deflate into 1 MB and took ~500 MB once decoded).
MAX_TABLE_ROWS = 100_000
MIN_PACKED_BYTES_PER_ROW = 16
ROWS_FLOOR = 10_000

_KIND_RE = r"[a-z][a-z0-9_]{0,39}"
# Every pattern here is used with fullmatch: `$` would accept a trailing newline.
INNER_NAME = re.compile(
    rf"manifest\.json|tables/{_KIND_RE}\.jsonl|summaries/{_KIND_RE}\.json|withdrawals/{_KIND_RE}\.json|"
    r"county/rules\.json|county/followed\.json|attachments/[0-9a-f]{64}|county/schools\.jsonl|"
    r"school/facilities\.json"
)
HEX64 = re.compile(r"[0-9a-f]{64}")
HEX32 = re.compile(r"[0-9a-f]{32}")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{1,31}")
# Signing times outside these years are absurd (a broken clock or a forgery).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2199
