"""Reading and parsing every document, each only when it or what it uses has changed.

Two records are kept in the build cache. The first knows, for each file under ``content/``,
its size, time stamp and digest, so an unchanged file is not read again (a file changed
within two seconds of the last scan is always read: time stamps are coarse). The second
keeps each parsed document under a digest of its bytes, its path, the settings and the
newsgen version, with the photos it looked up; it is reused only while those photos are
the same. It is kept in shards, so that a build that parsed one document writes one small
file. Documents still to parse are spread over worker processes when there are many.

An article's rendered body is stored in a file of its own, named by the article's digest,
and the article carries only its name (see `model.Body`): the parsed record stays small, and
a build holds in memory only the bodies of the pages it is drawing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from newsgen import __version__, buildcache, content, filewalk, forking, images, source
from newsgen.config import SiteConfig
from newsgen.errors import ContentError
from newsgen.fingerprint import fingerprint
from newsgen.markup import BodyRenderer
from newsgen.model import Article, Body, ImageFile
from newsgen.source import SourceDoc

FILES = "files"
PARSED = "parsed"
BODIES = "bodies"
SHARDS = 16  # the parsed record is kept in this many files, by key
PARALLEL_MIN = 64

# A parsed document with the photos it looked up (path -> what was found, None: nothing).
Deps = tuple[tuple[str, ImageFile | None], ...]


@dataclass(frozen=True)
class ReadResult:
    parsed: tuple[content.Parsed, ...]  # in path order
    errors: tuple[ContentError, ...]  # files not read, or not split into front matter and body
    images: Mapping[str, ImageFile]
    docs: tuple[SourceDoc, ...]  # the split documents, when asked for
    parsed_now: int  # documents parsed by this build (the rest came from the cache)


class _Recorder(Mapping[str, ImageFile]):
    """The photo map, noting every path a document looks up."""

    def __init__(self, found: Mapping[str, ImageFile]) -> None:
        self.found = found
        self.seen: dict[str, ImageFile | None] = {}

    def __getitem__(self, key: str) -> ImageFile:
        value = self.found.get(key)
        self.seen[key] = value
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        self.seen.update(self.found)
        return iter(self.found)

    def __len__(self) -> int:
        return len(self.found)


@dataclass(frozen=True)
class _Todo:
    path: str
    kind: str
    key: str
    raw: bytes


# A file's size and time stamp in ns.
Stat = tuple[int, int]


def _scan(
    site_dir: Path, stats: Mapping[str, Stat] | None, unreadable: list[ContentError]
) -> tuple[list[tuple[str, str, Stat]], list[tuple[str, Stat]]]:
    """Documents (path, kind, stat) and photos (path, stat) under content/, sorted by path,
    from ``stats``, what a walk of the site's folders found (`filewalk.walk`, by path under
    ``str(site_dir / "content")``), else from a walk of content/ made now. A file that cannot
    be looked at (a link to nothing), or a folder that cannot be listed, goes to
    ``unreadable`` instead: what it holds is not left out unsaid."""
    top = str(site_dir / source.CONTENT)
    if stats is None:
        walked: dict[str, Stat] = {}

        def found(path: str, stat: os.stat_result | OSError) -> None:
            walked[path] = filewalk.kept(stat)

        filewalk.walk(top, found, set())
        stats = walked
    documents: list[tuple[str, str, Stat]] = []
    photos: list[tuple[str, Stat]] = []
    articles, pages = f"{source.ARTICLES}/", f"{source.PAGES}/"
    start = len(top) - len(source.CONTENT)  # where a path relative to the site begins
    inside = top + "/"
    for path, stat in stats.items():  # this loop runs once for every file of the site
        unlisted = stat[0] < 0 and (path == top or path.startswith(inside))  # not looked at
        if unlisted and os.path.isdir(path):  # noqa: PTH112 (a folder the walk could not list)
            unreadable.append(_unlisted(path[start:], path))
            continue
        dot, name = path.rfind("."), path.rfind("/") + 1
        if dot <= name or not path.startswith(inside):
            continue  # no suffix (as `os.path.splitext` finds it), or not under content/
        if path[name] == "." and not path[name:dot].strip("."):
            continue  # a name of dots and what would be a suffix: none
        suffix = path[dot:].lower()
        rel = path[start:]
        kind = ""
        if suffix in source.DOCUMENT_SUFFIXES:
            kind = "article" if rel.startswith(articles) else ""
            kind = kind or ("page" if rel.startswith(pages) else "")
        if not kind and suffix not in source.IMAGE_SUFFIXES:
            continue
        if stat[0] < 0:  # not looked at by the walk: look again, to say why
            try:
                stat = _stat(path)
            except OSError as exc:
                unreadable += _unreadable(rel, path, exc)
                continue
        if kind:
            documents.append((rel, kind, stat))
        else:
            photos.append((rel, stat))
    documents.sort()  # by path: no two the same
    photos.sort()
    return documents, photos


def _unlisted(rel: str, path: str) -> ContentError:
    """The error of a folder under content/ that the walk could not list."""
    try:
        with os.scandir(path):
            why = "it could not be listed while the site was read"  # it can now
    except OSError as exc:
        why = _reason(exc)
    return ContentError(rel, None, "folder", f"cannot be read: {why}")


def _stat(path: str) -> Stat:
    found = os.stat(path)  # noqa: PTH116
    return found.st_size, found.st_mtime_ns


def _unreadable(rel: str, path: str, exc: OSError) -> list[ContentError]:
    """The error of a content file there but not readable; none for one deleted since it
    was listed (it is simply not part of the site any more)."""
    if not os.path.lexists(path):
        return []
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):  # noqa: PTH114
        why = f"a link to {os.readlink(path)!r}, which is not there"  # noqa: PTH115
    else:
        why = _reason(exc)
    return [ContentError(rel, None, "file", f"cannot be read: {why}")]


def _reason(exc: OSError) -> str:
    """What an error of the system says went wrong: ``permission denied``."""
    return (exc.strerror or type(exc).__name__).lower()


def _read(site_dir: Path, rel: str, unreadable: list[ContentError]) -> bytes | None:
    """The bytes of a content file, or None with its error put in ``unreadable``."""
    path = f"{site_dir}/{rel}"
    try:
        with open(path, "rb") as handle:  # noqa: PTH123
            return handle.read()
    except OSError as exc:
        unreadable += _unreadable(rel, path, exc)
        return None


def records() -> tuple[tuple[str, bool], ...]:
    """The names of the records reading loads, in the order it does, each with whether it is
    plain (see `buildcache.save`): the file record, then the parsed record's shards."""
    return ((FILES, False), *((_shard_name(shard), False) for shard in range(SHARDS)))


def _shard(key: str) -> int:
    return int(key[:4], 16) % SHARDS


def _shard_name(shard: int) -> str:
    """The name a shard of the parsed record is kept under."""
    return f"{PARSED}-{shard:02d}"


def forget(cache_dir: Path) -> None:
    """Drop the parsed record and every stored body: the next build parses everything."""
    for shard in range(SHARDS):
        buildcache.drop(cache_dir, _shard_name(shard))
    shutil.rmtree(cache_dir / BODIES, ignore_errors=True)


def _body_paths(cache: Mapping[str, object]) -> set[str]:
    return {
        value[0].document.body.path or ""
        for value in cache.values()
        if isinstance(value, tuple)
        and isinstance(value[0], content.Parsed)
        and isinstance(value[0].document, Article)
    }


def _save_parsed(
    cache_dir: Path, cache: Mapping[str, object], old: Mapping[str, object], parsed: set[str]
) -> bool:
    """Save the shards of the parsed record that differ from the ones read: a build that
    parsed one document writes one shard, not the whole archive. Whether any changed."""
    shards: list[dict[str, object]] = [{} for _ in range(SHARDS)]
    for key, value in cache.items():
        shards[_shard(key)][key] = value
    changed = {_shard(key) for key in parsed | (set(old) ^ set(cache))}
    canon: dict[object, object] = {}  # records read back share their parts already
    for shard in sorted(changed):
        records = {
            key: _sharing(value, canon) if key in parsed else value
            for key, value in shards[shard].items()
        }
        buildcache.save(cache_dir, _shard_name(shard), records)
    return bool(changed)


def _sharing(value: object, canon: dict[object, Any]) -> object:
    """A parsed record whose parts that many stories hold alike (a photo's file, variants and
    pictures, a body's outline, tags, authors, the lines of the front matter's keys, the
    photos looked up) are the very objects of equal ones met before: pickle stores each such
    object, and makes it again when reading, once per shard rather than once per story."""
    if not isinstance(value, tuple) or not isinstance(value[0], content.Parsed):
        return value
    parsed, deps = value
    document = parsed.document
    if not isinstance(document, Article):
        return value
    share = canon.setdefault
    image = document.image
    if image is not None:
        image = _replaced(
            image,
            file=share(image.file, image.file),
            variants=share(image.variants, image.variants),
            picture=share(image.picture, image.picture),
            thumbnail=share(image.thumbnail, image.thumbnail),
        )
    body = document.body
    if body.path:
        outline, photos = share(body.outline, body.outline), share(body.photos, body.photos)
        body = Body(None, outline, photos, body.path)
    lines = share(("lines", *document.lines.items()), document.lines)
    shared = _replaced(
        document,
        image=image,
        body=body,
        tags=share(document.tags, document.tags),
        authors=share(document.authors, document.authors),
        lines=lines,
    )
    deps = tuple((path, share(found, found)) for path, found in deps)
    deps = share(deps, deps)
    return (_replaced(parsed, document=shared), deps)


_Frozen = TypeVar("_Frozen")


def _replaced(value: _Frozen, **changes: object) -> _Frozen:
    """`dataclasses.replace` for the model's frozen dataclasses (fields only, no
    ``__post_init__``), by their ``__dict__``: an article in 1.8 us instead of 12 us, three
    times for every story saved."""
    made: _Frozen = object.__new__(type(value))
    fields = made.__dict__
    fields.update(value.__dict__)
    fields.update(changes)
    return made


def _records(known: Mapping[str, object], name: str) -> Mapping[str, object]:
    value = known.get(name)
    return value if isinstance(value, dict) else {}


def _trusted(stat: Stat, record: object, scanned_at: int) -> bool:
    return (
        isinstance(record, tuple)
        and record[0] == stat[0]
        and record[1] == stat[1]
        and stat[1] < scanned_at - buildcache.RACY_NS
    )


def _key(settings: str, rel: str, kind: str, digest: str) -> str:
    """The parsed record's key of the document at ``rel`` whose bytes have ``digest``."""
    return hashlib.sha256(f"{settings}\0{rel}\0{kind}\0{digest}".encode()).hexdigest()


def _body_path(bodies: str, digest: str) -> str:
    return f"{bodies}/{digest[:2]}/{digest}.pickle"


def _store_body(bodies: str, article: Article) -> Article:
    """``article`` with its body stored under ``bodies`` instead of held."""
    path = _body_path(bodies, article.digest)
    if not os.path.exists(path):  # noqa: PTH110 (named by digest: never changes once written)
        folder = os.path.dirname(path)  # noqa: PTH120
        if not os.path.isdir(folder):  # noqa: PTH112 (a stat costs far less than a mkdir)
            os.makedirs(folder, exist_ok=True)  # noqa: PTH103
        # Written in place, not under a temporary name then renamed (half the cost): a file
        # cut short by an interrupted build does not read back, and a body that does not
        # read back costs a full read (`model.BodyLost`), never a wrong page.
        data = pickle.dumps(article.body.blocks, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            with open(path, "xb") as out:  # noqa: PTH123
                out.write(data)
        except FileExistsError:  # written meanwhile by another build: the same bytes
            pass
    return dataclasses.replace(article, body=article.body.stored(path))


def _drop_bodies(
    bodies: str, old: Mapping[str, object], cache: Mapping[str, object], parsed: set[str]
) -> None:
    """Delete the stored bodies no record names any more. When few records changed, those
    of the records replaced, by name; else every one not named, found by a scan of them all
    (which also finds what an interrupted build left)."""
    gone = {key: value for key, value in old.items() if key not in cache}
    if not old or len(gone) + len(parsed) > len(cache) // 4:
        _prune_bodies(bodies, _body_paths(cache))
        return
    # A body is named by its article's digest, made from its record's key: no record kept
    # names the body of one gone.
    for path in _body_paths(gone):
        if path and path.startswith(bodies):
            with contextlib.suppress(OSError):
                os.unlink(path)  # noqa: PTH108


def _prune_bodies(bodies: str, kept: set[str]) -> None:
    """Delete stored bodies that no record names any more."""
    if not os.path.isdir(bodies):  # noqa: PTH112
        return
    for folder in os.scandir(bodies):
        if folder.is_dir():
            for entry in os.scandir(folder.path):
                if entry.path not in kept:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)  # noqa: PTH108


def _parse(
    todo: _Todo,
    config: SiteConfig,
    found: Mapping[str, ImageFile],
    renderer: BodyRenderer,
    bodies: str | None,
) -> tuple[ContentError | content.Parsed, Deps]:
    split = source.split_front_matter(todo.raw, todo.path, todo.kind)
    if isinstance(split, ContentError):
        return split, ()
    recorder = _Recorder(found)
    parse = content.parse_article if todo.kind == "article" else content.parse_page
    parsed = parse(split, config, recorder, renderer)
    deps: Deps = tuple(sorted(recorder.seen.items()))
    if parsed.document is not None:
        digest = fingerprint(todo.key, deps)
        document = dataclasses.replace(parsed.document, digest=digest)
        if bodies is not None and isinstance(document, Article):
            document = _store_body(bodies, document)
        parsed = dataclasses.replace(parsed, document=document)
    return parsed, deps


def _parse_at(
    pending: tuple[Sequence[_Todo], SiteConfig, Mapping[str, ImageFile], str | None], index: int
) -> tuple[ContentError | content.Parsed, Deps]:
    todos, config, found, bodies = pending
    return _parse(todos[index], config, found, _renderer(config.language), bodies)


_renderers: dict[str, BodyRenderer] = {}


def _renderer(language: str) -> BodyRenderer:
    """One Markdown instance per worker process and language."""
    if language not in _renderers:
        _renderers[language] = BodyRenderer(language)
    return _renderers[language]


def read_documents(
    site_dir: Path,
    config: SiteConfig,
    cache_dir: Path,
    *,
    use_cache: bool = True,
    workers: int = 1,
    keep_docs: bool = False,
    scanned: tuple[int, Mapping[str, Stat]] | None = None,
    keep: Callable[[Callable[[], None]], None] | None = None,
    early: buildcache.Early | None = None,
) -> ReadResult:
    """Every document of the site parsed, from the cache where it is still right.

    ``scanned``, when given, is (the time it began, what it found of each file) of a walk
    of the site's folders just made (`stamp.inputs`): content/ is neither walked nor its
    files looked at again.
    ``keep``, when given, is handed the writing of the records, which nothing of this build
    waits for (it may run beside); otherwise they are written here. ``early`` holds those of
    the records (`records`) read ahead."""
    started, stats = scanned if scanned is not None else (time.time_ns(), None)
    unreadable: list[ContentError] = []
    documents, photos = _scan(site_dir, stats, unreadable)
    known = buildcache.load(cache_dir, FILES, early=early) if use_cache else {}
    scanned_at = known.get("scanned_at", 0) if isinstance(known.get("scanned_at"), int) else 0
    old_docs, old_photos = _records(known, "docs"), _records(known, "photos")

    found: dict[str, ImageFile] = {}
    photo_records: dict[str, tuple[int, int, ImageFile]] = {}
    for rel, stat in photos:
        record = old_photos.get(rel)
        if _trusted(stat, record, scanned_at) and isinstance(record, tuple):
            probed = record[2]
        else:
            data = _read(site_dir, rel, unreadable)
            if data is None:
                continue
            probed = images.probe(rel, data)
        found[rel] = probed
        photo_records[rel] = (stat[0], stat[1], probed)
    frozen_found = MappingProxyType(found)

    config_key = fingerprint(
        __version__,
        buildcache.FORMAT,
        config,
        images.PIPELINE,
        images.encoder_settings(),
        sorted(images.encoders()),
    )
    old_parsed: dict[str, object] = {}
    if use_cache and not keep_docs:
        for shard in range(SHARDS):
            old_parsed.update(buildcache.load(cache_dir, _shard_name(shard), early=early))
    # A file's record: size, time stamp, digest and parsed record's key (made with the
    # settings the record names: those of this build, or it is made again).
    doc_records: dict[str, tuple[int, int, str, str]] = {}
    same_settings = known.get("settings") == config_key
    trusted_before = scanned_at - buildcache.RACY_NS
    results: dict[str, tuple[ContentError | content.Parsed, Deps]] = {}
    todos: list[_Todo] = []
    for rel, kind, stat in documents:  # once a document: checks written out, not called
        record = old_docs.get(rel)
        raw: bytes | None = None
        size, mtime = stat
        if (
            type(record) is tuple
            and len(record) == 4
            and record[0] == size
            and record[1] == mtime
            and mtime < trusted_before
        ):
            digest = str(record[2])
            key = str(record[3]) if same_settings else _key(config_key, rel, kind, digest)
        else:
            raw = _read(site_dir, rel, unreadable)
            if raw is None:
                continue
            digest = hashlib.sha256(raw).hexdigest()
            key = _key(config_key, rel, kind, digest)
        cached = old_parsed.get(key)
        if (
            type(cached) is tuple
            and isinstance(cached[0], content.Parsed)
            and (not cached[1] or all(found.get(path) == image for path, image in cached[1]))
        ):
            results[rel] = cached
        else:
            raw = raw if raw is not None else _read(site_dir, rel, unreadable)
            if raw is None:
                continue
            todos.append(_Todo(rel, kind, key, raw))
        doc_records[rel] = (size, mtime, digest, key)  # every document read, in path order

    bodies = None if keep_docs else str((cache_dir / BODIES).resolve())
    made = list(
        forking.imap(
            _parse_at,
            (todos, config, frozen_found, bodies),
            list(range(len(todos))),
            workers=workers,
            least=PARALLEL_MIN,
            chunk_limit=32,
        )
    )
    for todo, result in zip(todos, made, strict=True):
        results[todo.path] = result

    parsed: list[content.Parsed] = []
    errors: list[ContentError] = unreadable
    cache: dict[str, object] = {}
    for rel, (_size, _mtime, _digest, key) in doc_records.items():
        outcome, deps = results[rel]
        if isinstance(outcome, ContentError):
            errors.append(outcome)
        else:
            parsed.append(outcome)
            cache[key] = (outcome, deps)
    docs: tuple[SourceDoc, ...] = ()
    if keep_docs:
        split = [source.split_front_matter(todo.raw, todo.path, todo.kind) for todo in todos]
        docs = tuple(doc for doc in split if isinstance(doc, SourceDoc))
    files_changed = doc_records != old_docs or photo_records != old_photos or not same_settings
    parsed_now = {todo.key for todo in todos}
    # Documents parsed now, changed on disk or gone: the next build reads them again while
    # they stay unrecorded.
    stale = len(todos)
    if files_changed:
        stale += sum(old_docs.get(rel) != record for rel, record in doc_records.items())
        stale += len(old_docs.keys() - doc_records.keys())
    worth = not same_settings or photo_records != old_photos
    worth = worth or buildcache.worth_writing(stale, len(doc_records))

    def write() -> None:
        if not worth:
            return
        if files_changed:
            files = {
                "scanned_at": started,
                "settings": config_key,
                "docs": doc_records,
                "photos": photo_records,
            }
            buildcache.save(cache_dir, FILES, files)
        if bodies is not None and _save_parsed(cache_dir, cache, old_parsed, parsed_now):
            _drop_bodies(bodies, old_parsed, cache, parsed_now)

    if keep is None:
        write()
    else:
        keep(write)
    return ReadResult(tuple(parsed), tuple(errors), frozen_found, docs, len(todos))
