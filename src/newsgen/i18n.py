"""UI strings and date formats for the built-in languages, with no OS locale involved."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

LANGUAGES = ("id", "en")

_DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

_STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "home": "Beranda",
        "latest": "Berita Terkini",
        "headline": "Berita Utama",
        "more_in": "Selengkapnya",
        "by": "Oleh",
        "and": "dan",
        "updated": "Diperbarui",
        "published": "Diterbitkan",
        "read_also": "BACA JUGA",
        "related": "Berita Terkait",
        "newer": "lanjutan",
        "tags": "Tag",
        "category": "Kategori",
        "tag": "Tag",
        "author": "Penulis",
        "source": "Sumber",
        "photo": "Foto",
        "share": "Bagikan",
        "share_whatsapp": "Bagikan ke WhatsApp",
        "share_facebook": "Bagikan ke Facebook",
        "share_x": "Bagikan ke X",
        "share_telegram": "Bagikan ke Telegram",
        "share_email": "Kirim lewat email",
        "page": "Halaman",
        "page_of": "Halaman {page} dari {pages}",
        "previous": "Sebelumnya",
        "next": "Berikutnya",
        "pagination": "Navigasi halaman",
        "sections": "Rubrik",
        "menu": "Menu utama",
        "skip": "Langsung ke isi",
        "not_found_title": "Halaman tidak ditemukan",
        "not_found_text": "Maaf, halaman yang Anda cari tidak ada atau sudah dipindahkan.",
        "back_home": "Kembali ke beranda",
        "corrections": "Ralat",
        "correction_on": "Ralat {date}",
        "expired_title": "Berita ini sudah tidak tersedia",
        "expired_text": "Berita ini telah diturunkan sesuai kebijakan redaksi.",
        "draft_notice": "DRAF: belum terbit",
        "scheduled_notice": "TERJADWAL: terbit {date}",
        "articles_by": "Berita oleh {name}",
        "articles_in": "Berita {name}",
        "articles_tagged": "Berita dengan tag {name}",
        "no_articles": "Belum ada berita.",
        "about": "Tentang Kami",
        "follow": "Ikuti berita terbaru kami.",
        "rights": "Hak cipta dilindungi.",
        "redirect_text": "Halaman ini telah dipindahkan ke",
        "footnotes": "Catatan kaki",
        "timezone_note": "",
    },
    "en": {
        "home": "Home",
        "latest": "Latest News",
        "headline": "Top Story",
        "more_in": "More",
        "by": "By",
        "and": "and",
        "updated": "Updated",
        "published": "Published",
        "read_also": "READ ALSO",
        "related": "Related Stories",
        "newer": "follow-up",
        "tags": "Tags",
        "category": "Category",
        "tag": "Tag",
        "author": "Author",
        "source": "Source",
        "photo": "Photo",
        "share": "Share",
        "share_whatsapp": "Share on WhatsApp",
        "share_facebook": "Share on Facebook",
        "share_x": "Share on X",
        "share_telegram": "Share on Telegram",
        "share_email": "Send by email",
        "page": "Page",
        "page_of": "Page {page} of {pages}",
        "previous": "Previous",
        "next": "Next",
        "pagination": "Pagination",
        "sections": "Sections",
        "menu": "Main menu",
        "skip": "Skip to content",
        "not_found_title": "Page not found",
        "not_found_text": "Sorry, the page you are looking for does not exist or has moved.",
        "back_home": "Back to the home page",
        "corrections": "Corrections",
        "correction_on": "Correction {date}",
        "expired_title": "This story is no longer available",
        "expired_text": "This story has been taken down under our editorial policy.",
        "draft_notice": "DRAFT: not published",
        "scheduled_notice": "SCHEDULED: publishes {date}",
        "articles_by": "Stories by {name}",
        "articles_in": "{name} News",
        "articles_tagged": "Stories tagged {name}",
        "no_articles": "No stories yet.",
        "about": "About Us",
        "follow": "Follow our latest news.",
        "rights": "All rights reserved.",
        "redirect_text": "This page has moved to",
        "footnotes": "Footnotes",
        "timezone_note": "",
    },
}

# Path segments of the taxonomy pages, per language.
SECTIONS: dict[str, dict[str, str]] = {
    "id": {"category": "kategori", "tag": "tag", "author": "penulis", "page": "page"},
    "en": {"category": "category", "tag": "tag", "author": "author", "page": "page"},
}


def strings(language: str, overrides: Mapping[str, str]) -> Mapping[str, str]:
    """The UI strings of a language with the site's own overrides applied."""
    return _merged(language, tuple(sorted(overrides.items())))


@functools.lru_cache(maxsize=16)
def _merged(language: str, overrides: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    """Read-only, so one copy serves every page of a build."""
    merged = dict(_STRINGS[language])
    merged.update(overrides)
    return MappingProxyType(merged)


def string_keys() -> frozenset[str]:
    return frozenset(_STRINGS["id"])


def _zone_name(moment: datetime) -> str:
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = moment.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def format_date(moment: datetime, language: str, zone: ZoneInfo, *, time: bool = True) -> str:
    """``Jumat, 27 September 2024 14:30 WIB`` in the site's zone and language."""
    local = moment.astimezone(zone)
    day = _DAYS[language][local.weekday()]
    month = _MONTHS[language][local.month - 1]
    text = f"{day}, {local.day} {month} {local.year}"
    if time:
        text += f" {local:%H:%M} {_zone_name(local)}"
    return text.strip()


def format_short_date(moment: datetime, language: str, zone: ZoneInfo) -> str:
    """``27 Sep 2024`` for listings."""
    local = moment.astimezone(zone)
    return f"{local.day} {_MONTHS[language][local.month - 1][:3]} {local.year}"
