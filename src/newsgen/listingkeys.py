"""Keys of the listing pages kept between builds: which categories, tags and authors show
which stories, so that a build keys again only the pages of the terms whose stories changed.

A listing page's key (`render.Renderer.paginated`) digests the digests of the stories it
shows: working out every page's key reads every story of every term, 300,000 of them in an
archive of 50,000 stories with four tags each. The record of a build holds the digests of the
published stories and, for each term, what its pages show of it (`shown`), its count of stories
and its pages' keys. A term of this build may take its keys from the record when

- the record was made for the same shared context (`Renderer.listing_context`);
- no story it holds now changed: a story whose digest was not among the published ones then
  (new, edited, published since, renamed) counts as changed, with every term it names;
- it holds as many stories as then.

Then it holds the same stories in the same order: each of its stories was in it then (a
story joins a term only by being changed), and none left it, or it would hold fewer. The
order is a story's own (its date, slug and path). A damaged or missing record costs time
only: every term is keyed afresh.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newsgen import urls
from newsgen.buildcache import worth_writing
from newsgen.model import Article
from newsgen.stories import digest_of

RECORD = "listing-keys"
DIGEST_PART = 16  # hex digits of a story's digest kept: 64 bits tell 50,000 stories apart

# A term's pages as recorded: what they show of it, its count of stories, each page's key.
Entry = tuple[str, int, tuple[str, ...]]


class ListingKeys:
    """The listing keys of one build: those the last build's record vouches for (`known`),
    and every term's as this build keys it (`keep`), to be recorded (`record`)."""

    def __init__(
        self,
        context: str,
        published: Sequence[Article],
        language: str,
        record: Mapping[str, Any] | None = None,
    ) -> None:
        previous = record or {}
        same = previous.get("context") == context
        self._context = context
        terms = previous.get("terms") if same else None
        self._known: Mapping[str, Entry] = terms if isinstance(terms, dict) else {}
        # A story's digest stands for its path and everything its pages show (`Article.digest`):
        # a story whose digest was published then is the same story, as it was.
        digests = [article.digest for article in published]
        if not all(digests):
            digests = [digest_of(article) for article in published]
        kept = [digest[:DIGEST_PART] for digest in digests]
        self._digests = set(kept)
        found = previous.get("published") if self._known else None
        recorded: set[str] = found if isinstance(found, set) else set()
        named: set[tuple[str, str]] = set()
        changed = 0
        if self._known:  # else nothing is taken from the record: no need to know
            for article, digest in zip(published, kept, strict=True):
                if digest not in recorded:
                    changed += 1
                    named.add(("category", article.category))
                    named.update(("tag", tag) for tag in article.tags)
                    named.update(("author", author) for author in article.authors)
        self._touched = {urls.taxonomy_url(kind, name, language) for kind, name in named}
        self._terms: dict[str, Entry] = {}
        # Whether the record may stay as it was read: it holds every story now published but a
        # few changed ones (whose terms the next build keys again, `buildcache.worth_writing`),
        # and each term's keys are taken from it but theirs.
        gone = len(recorded) - (len(self._digests) - changed)
        self._as_read = bool(self._known) and not worth_writing(changed + gone, len(kept))

    def known(self, url: str, shown: str, stories: int, pages: int) -> tuple[str, ...] | None:
        """The recorded keys of the ``pages`` pages of the term at ``url``, if they still
        hold."""
        if url in self._touched:
            return None
        found = self._known.get(url)
        if not isinstance(found, tuple) or len(found) != 3:  # none, or a damaged record
            return None
        shown_then, stories_then, keys = found
        if shown_then != shown or stories_then != stories or not isinstance(keys, tuple):
            return None
        if len(keys) != pages or not all(isinstance(key, str) for key in keys):
            return None
        return keys

    def keep(self, url: str, shown: str, stories: int, keys: tuple[str, ...]) -> None:
        """The keys of the pages of the term at ``url`` in this build."""
        entry = (shown, stories, keys)
        if url not in self._touched:
            self._as_read = self._as_read and self._known.get(url) == entry
        self._terms[url] = entry

    def record(self) -> dict[str, Any] | None:
        """What the next build reads back (plain data, see `buildcache.save`); None when the
        record read still serves it."""
        if self._as_read and len(self._terms) == len(self._known):
            return None
        return {"context": self._context, "published": self._digests, "terms": self._terms}
