"""Search across the portal and its component portals, diacritic-insensitive.

The query goes through components.text.search_key exactly like the stored `search_text` (NFC, unaccented,
đ→d, lower-case), so "ha noi" finds "Hà Nội" and "duong" finds "đường".

PostgreSQL: `search_vector @@ to_tsquery('simple', 'ha & noi')` on the stored vector (a generated column,
`to_tsvector('simple', search_text)`, GIN-indexed: editorial migration 0009), ranked by ts_rank on it. Only the
newest CANDIDATES + 1 matches of each type are ranked: a common word matches a large share of a million
articles, and touching all of them is the cost that grows with the data (docs/decisions/0505-stored-search-vector.md).
SQLite: every word must occur in search_text, ranked by whether the whole phrase occurs.

One query returns the ranked candidates of all types (at most CANDIDATES + 1 small rows); the page and the
count ("more than 1,000" beyond the cap, no exact COUNT) come from that list, then the page's rows are loaded
per type (one query each).
"""

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from components.text import search_key
from editorial.models import Article, ConsultationDraft, LegalDocument
from portal.selectors import LIST_FIELDS, PORTAL_FIELDS

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# Matches ranked per type (newest first) and results reachable through the pages: beyond it "more than 1,000".
CANDIDATES = 1000
PAGE_SIZE = 10
TYPES = {
    "tin-bai": Article,
    "van-ban": LegalDocument,
    "du-thao": ConsultationDraft,
}
TYPE_CODES = {Article: "tin-bai", LegalDocument: "van-ban", ConsultationDraft: "du-thao"}
_WORD = re.compile(r"[a-z0-9]+")


class BadQuery(ValueError):
    """A query the search cannot run (too long, no searchable word)."""


@dataclass
class Query:
    raw: str
    key: str
    words: list[str]


def parse(raw: str) -> Query:
    raw = (raw or "").strip()
    if len(raw) > MAX_QUERY_LENGTH:
        raise BadQuery("too long")
    key = search_key(raw)
    words = _WORD.findall(key)[:MAX_WORDS]
    if not words:
        raise BadQuery("empty")
    return Query(raw=raw, key=" ".join(words), words=words)


def _tsquery_text(words):
    """Every word, as a whole word. No prefix match of the last word (`noi:*`): Vietnamese syllables are short,
    so a prefix mostly matches other, very common words (`tron:*` → trong, `dan:*` → dang, danh) and makes GIN
    gather all their index entries — at 1M it doubled the 95th percentile (docs/decisions/0505)."""
    return " & ".join(words)


# PostgreSQL: each type's newest CANDIDATES + 1 matches, found by one of three plans chosen at run time, then
# ranked (docs/decisions/0505-stored-search-vector.md, 0511-search-time-window.md):
# - walk: read the scope's rows newest first (the `*_live_newest` index) and keep those that match; it stops at
#   CANDIDATES + 1 matches, so it is cheap when the words are common and slow when they are rare;
# - window: the matches published since the month where about WINDOW_MARGIN × CANDIDATES of them are expected,
#   found by one scan of the articles' two-column GIN index (vector, publication month: editorial 0012): only
#   the table rows of that window are read, however many matches the words have over the years;
# - gin: the GIN index alone, every match read; the answer when no window was taken (rare words, documents and
#   drafts) or the window held too few matches.
# The newest PROBE rows of the scope tell how common the words are and how many rows a day brings. The walk is
# taken when the share matching passes sqrt(WALK_GIN_COST / table rows), where its cost (CANDIDATES / share rows,
# each read and matched) crosses the GIN index's (share × rows index entries); it reads at most 4× the rows it is
# expected to need, and if it finds too few the window answers instead. ts_rank reads the kept rows' vectors only.
PROBE = 1000
WALK_GIN_COST = 5 * (CANDIDATES + 1)
# A walk whose rows are not stored in publication order (pg_stats correlation of published_at near 0: e.g. old
# documents entered late) reads a random table page per row: up to (1 + WALK_SCATTERED)× dearer (measured 3.5×).
WALK_SCATTERED = 5
# The month of publication (UTC) as one number, year × 12 + month: exactly the second column of the articles' GIN
# index (editorial migration 0012, PUBLISHED_MONTH there), so that the window's condition is an index condition.
PUBLISHED_MONTH = (
    "(date_part('year', timezone('UTC', published_at)) * 12 + date_part('month', timezone('UTC', published_at)))"
)
# Where the window starts: the rows it needs to hold WINDOW_MARGIN × (CANDIDATES + 1) matches, at the share of
# matches in a sample of table pages spread over the years (SPREAD_PERCENT of them, the same pages every time),
# over the rows a day brings (the newest PROBE rows span now - oldest). The newest rows alone misjudge words that
# come and go with the news (one commune's name: 2 matches among the newest 1,000, 1.3 % over five years).
SPREAD_PERCENT = 0.2
_SINCE = "(%(now)s - (%(now)s - oldest) * (%(margin)s * %(limit)s * spread_rows / spread_hits / %(probe)s))"
# The window is sized for this many times CANDIDATES + 1 matches: the share comes from a small sample, and a
# window that holds too few sends the statement on to the plain GIN plan.
WINDOW_MARGIN = 3
# The window is taken only when it spans at most this share of the table's rows: the index reads the month column
# for every row of the window (~0.2 µs each), so a wide window (rare words) costs more than reading the few
# matches the plain GIN plan finds (measured at 1M: 12 months 10–15 ms, 40 months 90–125 ms).
WINDOW_SHARE = 0.3
# Where the window starts (a month number), or NULL for no window. Only articles have the month in their search
# index and enough rows to need it; documents and drafts (tens of thousands) go from the walk to the GIN plan.
_WINDOW_START_SQL = """SELECT CASE WHEN full_probe AND spread_hits > 0
                     AND %(margin)s * %(limit)s * spread_rows / spread_hits
                         <= %(window_share)s * greatest(reltuples, spread_rows * 100 / %(spread)s)
                THEN {month_of_since} END AS since_month
    FROM probe, (
        SELECT count(*) FILTER (WHERE search_vector @@ to_tsquery('simple', %(q)s))::float AS spread_hits,
               count(*)::float AS spread_rows
        FROM {table} TABLESAMPLE SYSTEM (%(spread)s) REPEATABLE (7) WHERE {scope}
    ) spread"""
_NO_WINDOW_SQL = "SELECT NULL::float AS since_month"
_TYPE_SQL = """(
WITH probe AS (
    SELECT CASE WHEN hits >= %(probe)s * sqrt(%(cost)s * (1 + %(scatter)s * (1 - in_order)) / greatest(reltuples, 1))
                THEN 4 * %(limit)s * %(probe)s / hits ELSE 0 END AS walk_rows,
           oldest, full_probe, reltuples
    FROM (
        SELECT count(*) FILTER (WHERE search_vector @@ to_tsquery('simple', %(q)s)) AS hits,
               min(published_at) AS oldest, count(*) = %(probe)s AS full_probe FROM (
            SELECT search_vector, published_at FROM {table} WHERE {scope}
            ORDER BY published_at DESC, id DESC LIMIT %(probe)s
        ) newest
    ) sample, pg_class, coalesce((
        SELECT abs(correlation) FROM pg_stats
        WHERE schemaname = current_schema() AND tablename = '{table}' AND attname = 'published_at'
    ), 0) AS in_order
    WHERE pg_class.oid = '{table}'::regclass
), window_start AS (
    {window_start}
), walk AS (
    SELECT id, published_at, ts_rank(search_vector, to_tsquery('simple', %(q)s)) AS rank FROM (
        SELECT id, published_at, search_vector FROM {table} WHERE {scope}
        ORDER BY published_at DESC, id DESC LIMIT (SELECT walk_rows FROM probe)
    ) newest
    WHERE search_vector @@ to_tsquery('simple', %(q)s)
    LIMIT %(limit)s
), windowed AS (
    SELECT id, published_at, search_vector FROM {table}
    WHERE {window_scope} AND search_vector @@ to_tsquery('simple', %(q)s)
        AND {published_month} >= (SELECT since_month FROM window_start)
        AND (SELECT count(*) FROM walk) < %(limit)s AND (SELECT since_month FROM window_start) IS NOT NULL
    ORDER BY published_at DESC, id DESC LIMIT %(limit)s
)
SELECT {kind}, id, rank, published_at FROM walk WHERE (SELECT count(*) FROM walk) = %(limit)s
UNION ALL
SELECT {kind}, id, ts_rank(search_vector, to_tsquery('simple', %(q)s)), published_at FROM windowed
WHERE (SELECT count(*) FROM windowed) = %(limit)s
UNION ALL
SELECT {kind}, id, ts_rank(search_vector, to_tsquery('simple', %(q)s)), published_at FROM (
    SELECT id, published_at, search_vector FROM {table}
    WHERE {scope} AND search_vector @@ to_tsquery('simple', %(q)s)
    ORDER BY published_at DESC, id DESC LIMIT %(limit)s
) gin
WHERE (SELECT count(*) FROM walk) < %(limit)s AND (SELECT count(*) FROM windowed) < %(limit)s
)"""

# A scope of this many portals or more (the province's own search: every portal of its tree) covers most rows, so
# its portal condition is written `portal_id + 0`, which no index serves. Otherwise the planner ANDs the GIN
# bitmap with a bitmap of the portal index over the whole scope: a million entries, 120–160 ms at 1M articles,
# to remove almost nothing. A narrow scope (one commune or department) keeps the index: there it removes most
# matches before their rows are read.
WIDE_SCOPE_PORTALS = 8


def _scope_sql(portal_column, *, indexed=True):
    """The published rows of the scope. `indexed=False` writes state, language and the publication date so that
    no B-tree matches them (`coalesce(x, …)`), for the window: its rows must come from the one GIN scan of words
    and month, and the planner, not knowing the window's start when it plans, would otherwise AND that scan with
    a range of `*_live_newest` (up to 300,000 entries, 20–45 ms at 1M)."""
    if indexed:
        live = "state = 'published' AND language = %(language)s AND published_at <= %(now)s"
    else:
        live = (
            "coalesce(state, '') = 'published' AND coalesce(language, '') = %(language)s"
            " AND coalesce(published_at, %(now)s) <= %(now)s"
        )
    return f"{live} AND {portal_column} = ANY(%(portals)s) AND (expire_at IS NULL OR expire_at > %(now)s)"


def _search_postgresql(chosen, query: Query, portals, language):
    portal_column = "(portal_id + 0)" if len(portals) >= WIDE_SCOPE_PORTALS else "portal_id"
    scope, window_scope = _scope_sql(portal_column), _scope_sql(portal_column, indexed=False)
    parts = [
        _TYPE_SQL.format(
            kind=kind,
            table=TYPES[code]._meta.db_table,
            scope=scope,
            window_scope=window_scope,
            published_month=PUBLISHED_MONTH,
            window_start=(
                _WINDOW_START_SQL.format(
                    table=TYPES[code]._meta.db_table,
                    scope=scope,
                    month_of_since=PUBLISHED_MONTH.replace("published_at", _SINCE),
                )
                if TYPES[code] is Article
                else _NO_WINDOW_SQL
            ),
        )
        for kind, code in enumerate(chosen)
    ]
    sql = "\nUNION ALL\n".join(parts) + "\nORDER BY 3 DESC, 4 DESC LIMIT %(limit)s"
    params = {
        "q": _tsquery_text(query.words),
        "language": language,
        "portals": list(portals),
        "now": timezone.now(),
        "probe": PROBE,
        "cost": WALK_GIN_COST,
        "scatter": WALK_SCATTERED,
        "margin": WINDOW_MARGIN,
        "window_share": WINDOW_SHARE,
        "spread": SPREAD_PERCENT,
        "limit": CANDIDATES + 1,
    }
    # Settings for this statement only (set_config(..., true) sent in the same round trip, which PostgreSQL runs
    # as one transaction: one query, no BEGIN/COMMIT). The planner costs the walk for a LIMIT it cannot see (10 %
    # of the table), so it would add parallel workers (start-up, a merge of wide rows) and JIT compilation
    # (~0.4 s at 1M) to a query that reads a few thousand rows in index order and stops. A GIN bitmap over common
    # words turns lossy at the default 4 MB work_mem, and the heap scan then rechecks every row of those pages.
    local_settings = (
        "SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), "
        "set_config('work_mem', '32MB', true);"
    )
    with connection.cursor() as cursor:
        cursor.execute(local_settings + sql, params)
        return cursor.fetchall()


def _search_sqlite(chosen, query: Query, portals, language):
    """Every word must occur in search_text; rank 2 when the whole phrase does."""
    parts = []
    for kind, code in enumerate(chosen):
        model = TYPES[code]
        matching = model.objects.published().filter(portal__in=portals, language=language)
        for word in query.words:
            matching = matching.filter(search_text__contains=word)
        newest = matching.order_by("-published_at", "-pk").values("pk")[: CANDIDATES + 1]
        rank = Case(
            When(search_text__contains=query.key, then=Value(2.0)), default=Value(1.0), output_field=FloatField()
        )
        rows = (
            model.objects.filter(pk__in=newest)
            .annotate(rank=rank, kind=Value(kind, output_field=IntegerField()), when=F("published_at"))
            .values_list("kind", "pk", "rank", "when")
            .order_by()
        )
        parts.append(rows)
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return list(union.order_by("-rank", "-when")[: CANDIDATES + 1])


def search(*, portals, language, query: Query, types=None):
    """The (kind, pk, rank, date) rows of the matches, best first: at most CANDIDATES + 1, in one query.

    Each type contributes its newest CANDIDATES + 1 matches, ranked together. The rows are few and small, so the
    page and the count are taken from this list instead of a COUNT query and a page query.
    `portals`: ids of the portals searched (the view's cached subtree; one array parameter on PostgreSQL);
    `types` limits the content types."""
    chosen = types or list(TYPES)
    run = _search_postgresql if connection.vendor == "postgresql" else _search_sqlite
    return run(chosen, query, portals, language), chosen


class CappedPaginator(Paginator):
    """Pages over the first CANDIDATES rows; `more` says that there were more (the rows stop at the cap)."""

    def __init__(self, rows, per_page):
        self.more = len(rows) > CANDIDATES
        super().__init__(rows[:CANDIDATES], per_page)


def paginate(rows, number):
    """The requested page of the ranked rows (no query: `search` returned them all)."""
    return CappedPaginator(rows, PAGE_SIZE).get_page(number)


def load_page(rows, chosen):
    """Turn the page's (kind, pk, rank, when) rows into objects, in order (one query per type present)."""
    wanted = {}
    for kind, pk, _rank, _when in rows:
        wanted.setdefault(kind, []).append(pk)
    loaded = {}
    for kind, pks in wanted.items():
        model = TYPES[chosen[kind]]
        qs = model.objects.filter(pk__in=pks).select_related("portal")
        if model is Article:  # the columns a result prints, as news lists (not the body: ~8 ms a page at 1M)
            qs = qs.select_related("category").only(*LIST_FIELDS, *PORTAL_FIELDS)
        else:
            qs = qs.defer("search_text", "search_vector", *(["body"] if hasattr(model, "body") else []))
        for obj in qs:
            loaded[(kind, obj.pk)] = obj
    results = []
    for kind, pk, _rank, _when in rows:
        obj = loaded.get((kind, pk))
        if obj is not None:
            results.append((chosen[kind], obj))
    return results


def highlight(text: str, words) -> str:
    """Wrap the words (matched without diacritics) in <mark>, escaping everything else."""
    text = text or ""
    folded = _fold_same_length(text)
    if folded is None or not words:
        return escape(text)
    spans = []
    for word in sorted(set(words), key=len, reverse=True):
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(word)}", folded):
            spans.append((match.start(), match.end()))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, last = [], 0
    for start, end in merged:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def _fold_same_length(text):
    """Unaccented lower-case text with the same length as `text` (None if a character changes length)."""
    from components.text import unaccent

    folded = unaccent(text).lower()
    return folded if len(folded) == len(text) else None
