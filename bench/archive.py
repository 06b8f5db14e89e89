"""A generated news archive: N stories of a regional Indonesian portal, the same for a given seed.

The archive is plain values (`Story`, `StaticPage`, `Archive`); `newsgen_site.py` and `others.py`
write it out in each generator's own format, so every generator is timed on the same stories.
The shape follows a real regional portal: desks of very unequal size, a few hundred tags of which
a few are on many stories and most on few (Zipf-like), 40 reporters of whom some write far more,
two years of dates in newsroom hours, bodies of 6 to 14 paragraphs, some BACA JUGA markers and a
lead photo on about one story in ten.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

import corpus

WIB = timezone(timedelta(hours=7))
START = datetime(2024, 7, 1, tzinfo=WIB)
SPAN_DAYS = 730
NOW = START + timedelta(days=SPAN_DAYS)  # every build's clock: just after the last story
TAG_POOL = 320
AUTHORS = 40
PHOTOS = 6
MARKER = "<!-- baca-juga -->"
SOURCES = ("sumselprov.go.id", "palembang.go.id", "humas.polri.go.id", "bmkg.go.id")


@dataclass(frozen=True)
class LeadImage:
    src: str  # /images/... in content/images
    alt: str
    caption: str
    credit: str


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    date: datetime
    authors: tuple[str, ...]
    category: str
    tags: tuple[str, ...]
    location: str | None
    source: str | None
    summary: str | None
    updated: datetime | None
    image: LeadImage | None
    featured: bool
    paragraphs: tuple[str, ...]
    markers: tuple[int, ...]  # a BACA JUGA marker follows each of these paragraph indices

    @property
    def body(self) -> str:
        """The Markdown body, markers on lines of their own."""
        blocks: list[str] = []
        for index, paragraph in enumerate(self.paragraphs):
            blocks.append(paragraph)
            blocks.extend(MARKER for _ in range(self.markers.count(index)))
        return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class StaticPage:
    slug: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class Archive:
    seed: int
    title: str
    base_url: str
    stories: tuple[Story, ...]  # oldest first
    pages: tuple[StaticPage, ...]
    photos: tuple[str, ...]  # file names in content/images


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def headline_case(text: str) -> str:
    """Indonesian headline style: every word capitalised but the short function words."""
    words = text.split()
    return " ".join(
        word if (i and word in corpus.SMALL_WORDS) or word[:1].isupper() else word.capitalize()
        for i, word in enumerate(words)
    )


@dataclass(frozen=True)
class _Tag:
    name: str
    desk: str | None
    place: str | None


def _affinity(tag: _Tag, category: str, place: str) -> float:
    """How much likelier a tag is on a story of this desk and place than its popularity says."""
    desk = 1.0 if tag.desk is None else (30.0 if tag.desk == category else 0.1)
    where = 1.0 if tag.place is None else (30.0 if tag.place == place else 0.2)
    return desk * where


class StoryMaker:
    """Draws stories from one random stream; the same seed gives the same archive."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        count = self.rng.randint(8, 12)
        self.desks = corpus.DESKS[:count]
        self.desk_weights = list(itertools.accumulate(d.share for d in self.desks))
        pairs = [(f, la) for f in corpus.FIRST_NAMES for la in corpus.LAST_NAMES]
        self.authors = tuple(f"{f} {la}" for f, la in self.rng.sample(pairs, AUTHORS))
        self.author_weights = list(itertools.accumulate(1 / (r + 1) ** 0.7 for r in range(AUTHORS)))
        self.place_weights = list(
            itertools.accumulate(1 / (r + 1) ** 0.8 for r in range(len(corpus.PLACES)))
        )
        self.tags = self._tag_pool()
        self.tag_base = [1 / (rank + 1) for rank in range(len(self.tags))]
        self._tag_cumulative: dict[tuple[str, str], list[float]] = {}
        self.slugs: set[str] = set()

    def _tag_pool(self) -> tuple[_Tag, ...]:
        """Desk and general tags first (the popular ones), then places, then place pairs."""
        head = [_Tag(name, desk.category, None) for desk in self.desks for name in desk.tags]
        head += [_Tag(name, None, None) for name in corpus.GENERAL_TAGS]
        self.rng.shuffle(head)
        places = [_Tag(place, None, place) for place in corpus.PLACES]
        pairs = [
            _Tag(f"{name} {place}", desk.category, place)
            for desk in self.desks
            for name in desk.tags[:4]
            for place in corpus.PLACES[:12]
        ]
        self.rng.shuffle(pairs)
        return tuple(head + places + pairs[: max(0, TAG_POOL - len(head) - len(places))])

    def _pick(self, items: tuple[str, ...], cumulative: list[float]) -> str:
        return self.rng.choices(items, cum_weights=cumulative)[0]

    def _story_tags(self, category: str, place: str) -> tuple[str, ...]:
        key = (category, place)
        if key not in self._tag_cumulative:
            weights = (
                base * _affinity(tag, category, place)
                for base, tag in zip(self.tag_base, self.tags, strict=True)
            )
            self._tag_cumulative[key] = list(itertools.accumulate(weights))
        cumulative = self._tag_cumulative[key]
        wanted = self.rng.randint(3, 6)
        chosen: list[str] = []
        for _ in range(50):
            tag = self.tags[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]
            if tag.name not in chosen:
                chosen.append(tag.name)
            if len(chosen) == wanted:
                break
        return tuple(chosen)

    def _person(self) -> str:
        return f"{self.rng.choice(corpus.FIRST_NAMES)} {self.rng.choice(corpus.LAST_NAMES)}"

    def _office(self, place: str) -> str:
        pool = corpus.OFFICES if self.rng.random() < 0.6 else corpus.VERTICALS
        return f"{self.rng.choice(pool)} {place}"

    def _clause(self, desk: corpus.Desk, place: str) -> str:
        topic = self.rng.choice(desk.topics)
        kind = self.rng.randrange(4)
        if kind == 0:
            return (
                f"pihaknya akan {self.rng.choice(desk.actions)} {topic} di {place} secara bertahap"
            )
        if kind == 1:
            return (
                f"{topic} di {place} masih menjadi perhatian utama {self.rng.choice(corpus.TIMES)}"
            )
        if kind == 2:
            return f"{self._office(place)} {self.rng.choice(desk.actions)} {topic} bersama warga"
        return f"warga di {place} berharap {topic} tidak lagi tertunda"

    def _sentence(self, desk: corpus.Desk, place: str, official: str, speaker: str) -> str:
        """One sentence; ``speaker`` is the official with role and office, as first quoted."""
        kind = self.rng.randrange(7)
        if kind == 0:
            return f"{speaker}, mengatakan {self._clause(desk, place)}."
        if kind == 1:
            opener = self.rng.choice(corpus.QUOTE_OPENERS)
            said = self.rng.choice(corpus.SAID)
            return f"“{opener} {self._clause(desk, place)},” {said} {official.split()[0]}."
        if kind == 2:
            return f"Menurut dia, {self._clause(desk, place)}."
        if kind == 3:
            count = self.rng.randint(12, 2400)
            unit = self.rng.choice(corpus.UNITS)
            return f"Sebanyak {count} {unit} terdata dalam kegiatan {self.rng.choice(desk.topics)}."
        if kind == 4:
            connector = sentence_case(self.rng.choice(corpus.CONNECTORS))
            return f"{connector}, {self._clause(desk, place)}."
        if kind == 5:
            return self.rng.choice(corpus.FILLERS)
        return sentence_case(self._clause(desk, place)) + "."

    def _title(self, desk: corpus.Desk, place: str, office: str, official: str) -> str:
        topic = self.rng.choice(desk.topics)
        action = self.rng.choice(desk.actions)
        kind = self.rng.randrange(5)
        if kind == 0:
            text = f"{office} {action} {topic}"
        elif kind == 1:
            text = f"{topic} di {place} jadi sorotan, {office} turun tangan"
        elif kind == 2:
            text = f"warga {place} keluhkan {topic}"
        elif kind == 3:
            count, unit = self.rng.randint(3, 900), self.rng.choice(corpus.UNITS)
            text = f"{count} {unit} ikuti {topic} di {place}"
        else:
            text = f"{official} minta {topic} di {place} segera dituntaskan"
        return headline_case(text)

    def _unique_slug(self, title: str) -> str:
        base = slugify(title)
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def story(self, date: datetime, photos: tuple[str, ...]) -> Story:
        rng = self.rng
        desk = self.desks[bisect.bisect(self.desk_weights, rng.random() * self.desk_weights[-1])]
        place = self._pick(corpus.PLACES, self.place_weights)
        official, office = self._person(), self._office(place)
        speaker = f"{rng.choice(corpus.ROLES)} {office}, {official}"
        title = self._title(desk, place, office, official)
        authors = [self._pick(self.authors, self.author_weights)]
        if rng.random() < 0.1:
            second = self._pick(self.authors, self.author_weights)
            authors += [second] if second != authors[0] else []
        day = f"{date.day}/{date.month}/{date.year}"
        lead = (
            f"{office} {rng.choice(desk.actions)} {rng.choice(desk.topics)} di {place} "
            f"{rng.choice(corpus.TIMES)} ({day}). {self._sentence(desk, place, official, speaker)}"
        )
        paragraphs = [lead]
        for _ in range(rng.randint(6, 14) - 1):
            count = rng.randint(2, 4)
            paragraphs.append(
                " ".join(self._sentence(desk, place, official, speaker) for _ in range(count))
            )
        roll = rng.random()
        markers: tuple[int, ...] = ()
        if roll < 0.08:
            markers = (1, min(len(paragraphs) - 2, 4))
        elif roll < 0.3:
            markers = (rng.randint(1, 3),)
        image = None
        if photos and rng.random() < 0.1:
            name = rng.choice(photos)
            caption = f"Suasana {rng.choice(desk.topics)} di {place}."
            credit = f"{self._pick(self.authors, self.author_weights)} - KABAR SUMSEL"
            image = LeadImage(f"/images/{name}", f"Foto {rng.choice(desk.topics)}", caption, credit)
        updated = date + timedelta(hours=rng.randint(1, 30)) if rng.random() < 0.08 else None
        return Story(
            slug=self._unique_slug(title),
            title=title,
            date=date,
            authors=tuple(authors),
            category=desk.category,
            tags=self._story_tags(desk.category, place),
            location=place.upper() if rng.random() < 0.85 else None,
            source=rng.choice(SOURCES) if rng.random() < 0.15 else None,
            summary=sentence_case(self._clause(desk, place)) + "." if rng.random() < 0.25 else None,
            updated=updated if updated and updated < NOW else None,
            image=image,
            featured=rng.random() < 0.005,
            paragraphs=tuple(paragraphs),
            markers=markers,
        )

    def dates(self, count: int) -> list[datetime]:
        """``count`` publication times over two years, in newsroom hours, oldest first."""
        moments = []
        for _ in range(count):
            day = self.rng.randrange(SPAN_DAYS)
            minute = self.rng.randrange(6 * 60, 23 * 60)
            moments.append(START + timedelta(days=day, minutes=minute))
        return sorted(moments)


def _pages(authors: tuple[str, ...]) -> tuple[StaticPage, ...]:
    staff = "\n".join(f"- {name}" for name in authors)
    return (
        StaticPage(
            "tentang-kami",
            "Tentang Kami",
            "Kabar Sumsel adalah portal berita daerah Sumatera Selatan.",
            "Kabar Sumsel melaporkan peristiwa dari seluruh kabupaten dan kota di Sumatera "
            "Selatan.\n\nRedaksi bekerja sesuai Kode Etik Jurnalistik dan Pedoman Media Siber.\n",
        ),
        StaticPage(
            "redaksi", "Redaksi", "Susunan redaksi Kabar Sumsel.", f"## Wartawan\n\n{staff}\n"
        ),
        StaticPage(
            "pedoman-media-siber",
            "Pedoman Media Siber",
            "Pedoman pemberitaan media siber yang kami ikuti.",
            "Kemerdekaan berpendapat dan kemerdekaan pers adalah hak asasi manusia.\n\n"
            "## Verifikasi dan keberimbangan berita\n\nPada prinsipnya setiap berita harus "
            "melalui verifikasi.\n",
        ),
        StaticPage(
            "kontak",
            "Kontak",
            "Alamat dan kontak redaksi Kabar Sumsel.",
            "Jl. Merdeka No. 1, Palembang.\n\nSurel: redaksi@bench.example\n",
        ),
    )


def make_archive(count: int, seed: int) -> Archive:
    maker = StoryMaker(seed)
    photos = tuple(f"bench-{i + 1}.jpg" for i in range(PHOTOS))
    stories = tuple(maker.story(date, photos) for date in maker.dates(count))
    return Archive(
        seed=seed,
        title="Kabar Sumsel",
        base_url="https://bench.example",
        stories=stories,
        pages=_pages(maker.authors),
        photos=photos,
    )


def breaking_story(archive: Archive, number: int) -> Story:
    """A new story, after every story of the archive and before `NOW`, as a newsroom adds one.

    Each ``number`` (0 to 49) gives another story with a slug of its own.
    """
    maker = StoryMaker(archive.seed)
    maker.rng = random.Random(f"{archive.seed}-breaking-{number}")
    maker.slugs = {story.slug for story in archive.stories}
    story = maker.story(NOW - timedelta(minutes=50 - number), ())
    return replace(story, slug=f"{story.slug}-t{number}")
