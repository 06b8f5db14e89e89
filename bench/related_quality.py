"""How good are the BACA JUGA picks? Precision against known story threads.

Generates a regional news archive in Indonesian-like text where some stories belong to known
threads (several reports on one event: the same people, village and district, a few words of
their own) and the rest are unrelated. The noise is what a real archive has: region and topic
tags on a large share of the stories, a thread tag only on some of a thread's stories, many
threads of the same kind of event (floods, graft cases, ...) in the same category, district
heads and the governor named across hundreds of stories.

For every thread story with at least four earlier stories in its thread, it takes the four
inline picks (two blocks of two links, earlier stories only) and reports the share that belong
to the thread: precision@4. Target: 0.8 or more. The same report is made for two simple
baselines (newest stories of the category, most shared tags) and, when ``hugo`` is on PATH
(or named by $HUGO), for Hugo's ``.Related`` on the same archive written as a Hugo site.

    python bench/related_quality.py [--size 5000] [--seed 7] [--no-hugo] [--no-baselines]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from newsgen import related, stories
from newsgen.config import RelatedSettings

START = datetime(2023, 1, 1, 6, tzinfo=UTC)
SPAN_DAYS = 730
K = 4


def _words(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS = _words(
    """yang dan di ke dari untuk dengan ini itu dalam akan pada juga tidak ada oleh kata ujar
    tersebut bahwa sudah telah para saat karena masih bisa harus lebih kami kita mereka setelah
    sejak hingga agar namun tetapi serta atau jika maka kemudian sebagai menurut selama antara
    sangat belum pun hanya seperti yakni bagi ketika sekitar dapat kembali"""
)

COMMON_WORDS = _words(
    """pemerintah warga kabupaten kota provinsi desa kecamatan kepala dinas masyarakat kegiatan
    program bantuan pembangunan jalan sekolah rumah polisi petugas anggota ketua wakil bupati
    daerah wilayah kantor pasar anggaran dana proyek layanan kesehatan pendidikan ekonomi
    keamanan lokasi kondisi upaya laporan rapat koordinasi tim data sumatera selatan palembang
    pelaksanaan kebijakan tahap peningkatan pengawasan pelayanan aparat personel instansi
    lembaga perusahaan keluarga anak perempuan lapangan sungai kawasan jumlah target realisasi"""
)

# Officials named in their district's stories of some kinds of event.
OFFICES = {
    "Kapolres": ("korupsi", "narkoba", "kecelakaan", "kebakaran"),
    "Kepala BPBD": ("banjir", "karhutla", "jalan"),
    "Kepala Dinkes": ("kesehatan",),
    "Kepala Disdik": ("pendidikan",),
    "Ketua KPU": ("pilkada",),
    "Kepala Disperindag": ("harga",),
    "Ketua KONI": ("olahraga",),
}

# Kind of event: its category, its words (shared by every story of the kind) and topic tag.
EVENTS: dict[str, tuple[str, list[str], str]] = {
    "banjir": (
        "Daerah",
        _words("banjir genangan pengungsi tanggul luapan evakuasi posko perahu"),
        "Banjir",
    ),
    "korupsi": (
        "Hukum",
        _words("korupsi tersangka kejaksaan penyidik kerugian penahanan sidang jaksa"),
        "Korupsi",
    ),
    "pilkada": (
        "Politik",
        _words("pilkada kampanye paslon suara pemungutan rekapitulasi saksi pemilih"),
        "Pilkada 2024",
    ),
    "kebakaran": (
        "Peristiwa",
        _words("kebakaran api damkar hangus korsleting padam kobaran puing"),
        "Kebakaran",
    ),
    "kecelakaan": (
        "Peristiwa",
        _words("kecelakaan truk tabrakan korban luka sopir lintas tergelincir"),
        "Kecelakaan",
    ),
    "narkoba": (
        "Hukum",
        _words("sabu narkoba pengedar gram penangkapan bandar kurir paket"),
        "Narkoba",
    ),
    "jalan": (
        "Daerah",
        _words("jalan rusak berlubang perbaikan aspal longsor amblas jembatan"),
        "Infrastruktur",
    ),
    "harga": (
        "Ekonomi",
        _words("harga cabai beras pedagang stok pasokan inflasi komoditas"),
        "Harga Pangan",
    ),
    "kesehatan": (
        "Kesehatan",
        _words("demam berdarah pasien puskesmas fogging nyamuk rawat inap"),
        "Kesehatan",
    ),
    "pendidikan": (
        "Pendidikan",
        _words("siswa guru ujian beasiswa zonasi kelas kurikulum honorer"),
        "Pendidikan",
    ),
    "olahraga": (
        "Olahraga",
        _words("atlet medali turnamen final pelatih klub kejuaraan laga"),
        "Olahraga",
    ),
    "karhutla": (
        "Daerah",
        _words("karhutla gambut titik panas asap pemadaman helikopter lahan"),
        "Karhutla",
    ),
}

SYLLABLES = _words(
    "ba bi bu da di du ga gi gu ka ki ku la li lu ma mi mu na ni nu ra ri ru sa si su ta ti tu "
    "ja jo ang ing ung an in un"
)
# Tags on a large share of the stories, with that share.
BROAD_TAGS = (("Sumsel", 0.6), ("Berita Daerah", 0.35), ("Palembang", 0.25), ("Viral", 0.08))
VILLAGE_PREFIXES = ("Suka", "Talang", "Tanjung", "Sungai")


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    lead: str
    body: str
    tags: tuple[str, ...]
    category: str
    date: datetime
    thread: int  # -1: no thread


class _Words:
    """The material of the generated text, drawn with fixed frequencies."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        seen: set[str] = set()

        def coin(low: int, high: int) -> str:
            while True:
                word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))
                if word not in seen and len(word) >= 4:
                    seen.add(word)
                    return word

        self.vocabulary = [coin(2, 4) for _ in range(15000)]
        self.zipf = list(accumulate(1 / (rank + 10) ** 1.05 for rank in range(15000)))
        self.people = [f"{coin(2, 3).title()} {coin(2, 3).title()}" for _ in range(4000)]
        self.districts = [coin(2, 3).title() for _ in range(17)]
        self.regents = {d: f"{coin(2, 3).title()} {coin(2, 3).title()}" for d in self.districts}
        self.governor = f"{coin(2, 3).title()} {coin(2, 3).title()}"
        self.officials = {
            (district, event): f"{coin(2, 3).title()} {coin(2, 3).title()}"
            for district in self.districts
            for events in OFFICES.values()
            for event in events
        }
        self.villages = [f"{rng.choice(VILLAGE_PREFIXES)} {coin(2, 3).title()}" for _ in range(250)]
        self.misc_tags = [coin(2, 3).title() for _ in range(60)]
        self.coin = coin

    def filler(self, count: int) -> list[str]:
        rng = self.rng
        words = rng.choices(FUNCTION_WORDS, k=count * 4 // 10)
        words += rng.choices(COMMON_WORDS, k=count * 3 // 10)
        words += rng.choices(self.vocabulary, cum_weights=self.zipf, k=count - len(words))
        rng.shuffle(words)
        return words


@dataclass
class _Subject:
    """What a story is about: the event kind, where, who, and a few words of its own."""

    event: str
    district: str
    village: str
    people: list[str]
    own_words: list[str]
    thread_tag: str


def _story(words: _Words, subject: _Subject, date: datetime, thread: int, serial: int) -> Story:
    rng = words.rng
    category, event_words, topic_tag = EVENTS[subject.event]
    who = [p for p in subject.people if rng.random() < 0.7] or subject.people[:1]
    where = [subject.village, subject.district] if rng.random() < 0.8 else [subject.district]
    notable = [words.regents[subject.district]] if rng.random() < 0.4 else []
    if rng.random() < 0.5:
        notable.append(words.officials[subject.district, subject.event])
    if rng.random() < 0.1:
        notable.append(words.governor)
    own = [w for w in subject.own_words if rng.random() < 0.6]

    def sentence(count: int, mentions: Sequence[str]) -> str:
        parts = words.filler(count) + rng.sample(event_words, 2) + list(mentions)
        rng.shuffle(parts)
        return " ".join(parts).capitalize() + "."

    title_bits = [*rng.sample(event_words, 2), *where[:1], *(who[:1] if rng.random() < 0.5 else [])]
    title_bits += own[:1] + rng.choices(COMMON_WORDS, k=2)
    title_bits += rng.choices(words.vocabulary, cum_weights=words.zipf, k=2)
    rng.shuffle(title_bits)
    title = " ".join(title_bits).title()
    lead = sentence(28, [*where, *who[:1], *own[:1]])
    paragraphs = [lead]
    for _ in range(rng.randint(5, 9)):
        mentions = [m for m in (*who, *where, *own, *notable) if rng.random() < 0.35]
        paragraphs.append(sentence(rng.randint(25, 40), mentions))
    tags = [name for name, share in BROAD_TAGS if rng.random() < share]
    if rng.random() < 0.7:
        tags.append(topic_tag)
    if thread >= 0 and rng.random() < 0.35:
        tags.append(subject.thread_tag)
    if rng.random() < 0.4:
        tags.append(subject.district)
    if rng.random() < 0.3:
        tags.append(rng.choice(words.misc_tags))
    return Story(
        slug=f"story-{serial:06d}",
        title=title,
        lead=lead,
        body="\n\n".join(paragraphs),
        tags=tuple(dict.fromkeys(tags)),
        category=category,
        date=date,
        thread=thread,
    )


def _subject(words: _Words) -> _Subject:
    rng = words.rng
    event = rng.choice(sorted(EVENTS))
    village = rng.choice(words.villages)
    district = rng.choice(words.districts)
    return _Subject(
        event=event,
        district=district,
        village=village,
        people=[words.officials[district, event], *rng.sample(words.people, 2)],
        own_words=[words.coin(3, 4) for _ in range(2)],
        thread_tag=f"{EVENTS[event][2].split()[0]} {village.split()[1]}",
    )


def generate_archive(size: int, seed: int = 7, thread_share: float = 0.3) -> list[Story]:
    """``size`` stories over two years, about ``thread_share`` of them in threads."""
    rng = random.Random(seed)
    words = _Words(rng)
    archive: list[Story] = []
    thread = 0
    thread_people: list[str] = []
    while len(archive) < size * thread_share:
        subject = _subject(words)
        thread_people += subject.people
        moment = START + timedelta(days=rng.uniform(0, SPAN_DAYS - 40))
        for _ in range(rng.randint(4, 12)):
            archive.append(_story(words, subject, moment, thread, len(archive)))
            moment += timedelta(hours=rng.uniform(6, 24 * 6))
        thread += 1
    while len(archive) < size:
        subject = _subject(words)
        if rng.random() < 0.05 and thread_people:
            subject.people.append(rng.choice(thread_people))  # one name, another story
        moment = START + timedelta(days=rng.uniform(0, SPAN_DAYS))
        archive.append(_story(words, subject, moment, -1, len(archive)))
    return archive[:size]


def as_doc(story: Story) -> related.RelatedDoc:
    return related.RelatedDoc(
        key=story.slug,
        title=story.title,
        lead=story.lead,
        text=story.body,
        tags=story.tags,
        category=story.category,
        time=story.date.timestamp(),
    )


Picker = Callable[[int], Sequence[int]]


def precision(archive: Sequence[Story], pick: Picker) -> tuple[float, int]:
    """Mean share of thread stories among the K earlier picks, over stories that can have K."""
    by_thread: dict[int, list[int]] = {}
    for position, story in enumerate(archive):
        if story.thread >= 0:
            by_thread.setdefault(story.thread, []).append(position)
    total, count = 0.0, 0
    for members in by_thread.values():
        for position in members:
            earlier = [m for m in members if archive[m].date < archive[position].date]
            if len(earlier) < K:
                continue
            picks = list(pick(position))[:K]
            hits = sum(1 for p in picks if archive[p].thread == archive[position].thread)
            total += hits / K
            count += 1
    return (total / count if count else 0.0), count


def newsgen_picker(archive: Sequence[Story]) -> tuple[Picker, float]:
    scoring = stories.scoring_for(RelatedSettings(), "id")
    started = time.perf_counter()
    index = related.build_index([as_doc(s) for s in archive], scoring)
    seconds = time.perf_counter() - started

    def pick(position: int) -> Sequence[int]:
        return related.ranked(index, position, earlier=K, overall=0).earlier

    return pick, seconds


def newest_picker(archive: Sequence[Story]) -> Picker:
    """What many generators do: the newest earlier stories of the same category."""
    by_category: dict[str, list[int]] = {}
    for position in sorted(range(len(archive)), key=lambda p: archive[p].date):
        by_category.setdefault(archive[position].category, []).append(position)
    dates = {c: [archive[p].date for p in members] for c, members in by_category.items()}

    def pick(position: int) -> Sequence[int]:
        story = archive[position]
        members = by_category[story.category]
        end = bisect_left(dates[story.category], story.date)
        return members[max(0, end - K) : end][::-1]

    return pick


def tag_count_picker(archive: Sequence[Story]) -> Picker:
    """A related-posts plugin: most tags in common, then newest."""
    by_tag: dict[str, list[int]] = {}
    for position, story in enumerate(archive):
        for tag in story.tags:
            by_tag.setdefault(tag, []).append(position)

    def pick(position: int) -> Sequence[int]:
        story = archive[position]
        shared: dict[int, int] = {}
        for tag in story.tags:
            for other in by_tag[tag]:
                if archive[other].date < story.date:
                    shared[other] = shared.get(other, 0) + 1
        return sorted(shared, key=lambda p: (-shared[p], -archive[p].date.timestamp()))[:K]

    return pick


HUGO_CONFIG = """
baseURL = "https://bench.example/"
title = "bench"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404", "section"]
[outputs]
  page = []
[related]
  includeNewer = false
  threshold = 80
  toLower = true
  [[related.indices]]
    name = "keywords"
    weight = 100
  [[related.indices]]
    name = "tags"
    weight = 80
  [[related.indices]]
    name = "categories"
    weight = 20
  [[related.indices]]
    name = "date"
    weight = 10
"""

HUGO_HOME = """{{- $all := slice -}}
{{- range site.RegularPages -}}
{{- $picks := slice -}}
{{- range first 4 (site.RegularPages.Related .) -}}
{{- $picks = $picks | append .Params.key -}}
{{- end -}}
{{- $all = $all | append (dict "key" .Params.key "picks" $picks) -}}
{{- end -}}
{{- jsonify $all -}}
"""


def hugo_picker(archive: Sequence[Story], hugo: str) -> tuple[Picker, float] | str:
    """Hugo's ``.Related`` on the archive, with tags, categories and date indexed."""
    position_of = {s.slug: p for p, s in enumerate(archive)}
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
        (site / "layouts").mkdir()
        (site / "layouts" / "home.html").write_text(HUGO_HOME, encoding="utf-8")
        posts = site / "content" / "posts"
        posts.mkdir(parents=True)
        for story in archive:
            meta = {
                "title": story.title,
                "date": story.date.isoformat(),
                "tags": list(story.tags),
                "categories": [story.category],
                "key": story.slug,
            }
            text = json.dumps(meta, ensure_ascii=False) + "\n\n" + story.body + "\n"
            (posts / f"{story.slug}.md").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run(
            [hugo, "--source", str(site), "--destination", str(site / "public"), "--quiet"],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            return f"hugo failed: {done.stderr.strip()[:400]}"
        rows = json.loads((site / "public" / "index.html").read_text(encoding="utf-8"))
    picks = {position_of[row["key"]]: [position_of[k] for k in row["picks"] or []] for row in rows}
    return (lambda position: picks.get(position, [])), seconds


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-baselines", action="store_true", help="slow on large archives")
    args = parser.parse_args(argv)
    archive = generate_archive(args.size, args.seed)
    threads = len({s.thread for s in archive if s.thread >= 0})
    print(f"archive: {len(archive)} stories, {threads} threads, seed {args.seed}")
    pick, seconds = newsgen_picker(archive)
    score, count = precision(archive, pick)
    print(f"evaluated: {count} thread stories with {K}+ earlier thread stories")
    print(f"{'newsgen':28s} precision@{K} = {score:.3f}   (index built in {seconds:.2f} s)")
    baselines = (
        ()
        if args.no_baselines
        else (
            ("newest in category", newest_picker(archive)),
            ("most shared tags", tag_count_picker(archive)),
        )
    )
    for name, baseline in baselines:
        print(f"{name:28s} precision@{K} = {precision(archive, baseline)[0]:.3f}")
    hugo = os.environ.get("HUGO") or shutil.which("hugo")
    if args.no_hugo:
        return
    if not hugo:
        print("hugo .Related                (hugo not found on PATH or $HUGO: skipped)")
        return
    found = hugo_picker(archive, hugo)
    if isinstance(found, str):
        print(f"hugo .Related                ({found})")
        return
    hugo_pick, hugo_seconds = found
    hugo_score = precision(archive, hugo_pick)[0]
    name = "hugo .Related"
    print(f"{name:28s} precision@{K} = {hugo_score:.3f}   (hugo build {hugo_seconds:.2f} s)")
    if hugo_score:
        print(f"newsgen / hugo: {score / hugo_score:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
