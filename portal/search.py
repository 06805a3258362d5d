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

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, DateTimeField, F, FloatField, IntegerField, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from components.models import Organization, Portal
from components.text import search_key
from editorial.models import Article, ConsultationDraft, Leader, LegalDocument, WorkScheduleEntry
from feedback.models import Question
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
    "hoi-dap": Question,
    "lich-cong-tac": WorkScheduleEntry,
    "lanh-dao": Leader,
    "co-quan": Organization,
    "gioi-thieu": Portal,  # a portal's introduction page: its name, agency, introduction and address
}
TYPE_CODES = {model: code for code, model in TYPES.items()}
# Types counted in the hundreds or thousands per portal (docs/decisions/0520-search-every-public-type.md): their
# matches carry what a result prints (PAYLOAD) in the one ranked query, so a page of results loads at most the
# three large types (articles, documents, drafts) and the page stays within its query budget however many types
# it mixes. Their text is matched by `to_tsvector('simple', search_text)` over an expression GIN index.
PAYLOAD = {
    # code: [(attribute, SQL expression over the type's table, ORM expression for SQLite)], at most PAYLOAD_SIZE
    "hoi-dap": [
        ("published_title", "published_title", "published_title"),
        ("published_answer", "published_answer", "published_answer"),
        ("closed_at", "closed_at", "closed_at"),
        (
            "agency_name",
            "(SELECT name FROM components_organization o WHERE o.id = answered_by_id)",
            "answered_by__name",
        ),
    ],
    "lich-cong-tac": [
        ("content", "content", "content"),
        ("date", "date", "date"),
        ("start_time", "start_time", "start_time"),
        ("location", "location", "location"),
    ],
    "lanh-dao": [
        ("full_name", "full_name", "full_name"),
        ("position", "position", "position"),
        (
            "unit_name",
            "(SELECT name FROM components_organization o WHERE o.id = organization_id)",
            "organization__name",
        ),
    ],
    "co-quan": [
        ("name", "name", "name"),
        ("functions", "functions", "functions"),
        ("address", "address", "address"),
        ("slug", "slug", "slug"),
    ],
    "gioi-thieu": [
        ("name", "name", "name"),
        ("description", "description", "description"),
    ],
}
PAYLOAD_SIZE = 4
_WORD = re.compile(r"[a-z0-9]+")
# A word typed without a vowel ("ph", "ng", "tr") cannot be a whole Vietnamese syllable: the searcher is still
# typing it, so the last word is then matched as a prefix ("hoc ph" finds "học phí"). A last word that can be a
# syllable stays a whole word ("ho" does not find "học"; docs/decisions/0505 and 0520).
_VOWELS = set("aeiouy")


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


def is_unfinished(word: str) -> bool:
    """True for a word that cannot be a whole Vietnamese syllable (no vowel, e.g. "ph", "ngh"): still being typed."""
    return word.isalpha() and not (set(word) & _VOWELS)


def _tsquery_text(words):
    """Every word as a whole word, except a last word still being typed (no vowel: `ph:*`).

    No prefix match of a last word that is a syllable (`noi:*`): Vietnamese syllables are short, so a prefix
    mostly matches other, very common words (`tron:*` → trong, `dan:*` → dang, danh) and makes GIN gather all
    their index entries — at 1M it doubled the 95th percentile (docs/decisions/0505, 0520)."""
    terms = list(words)
    if is_unfinished(terms[-1]):
        terms[-1] += ":*"
    return " & ".join(terms)


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


# The live rows of each small type (PAYLOAD), and the date that breaks ties between equal ranks (newest first).
_SMALL_LIVE = {
    "hoi-dap": ("is_published AND NOT is_spam AND portal_id = ANY(%(portals)s)", "published_at"),
    "lich-cong-tac": (None, "published_at"),  # Publishable: the scope of articles
    "lanh-dao": (None, "published_at"),
    "co-quan": ("portal_id = ANY(%(portals)s)", "NULL::timestamptz"),
    "gioi-thieu": ("id = ANY(%(portals)s) AND status = 'active'", "NULL::timestamptz"),
}
_SMALL_SQL = """(SELECT * FROM (
SELECT {kind}, id, ts_rank(to_tsvector('simple', search_text), to_tsquery('simple', %(q)s)), {when},
       {portal_column}, {payload}
FROM {table}
WHERE {live} AND to_tsvector('simple', search_text) @@ to_tsquery('simple', %(q)s)
ORDER BY {when} DESC NULLS LAST, id DESC LIMIT %(limit)s
) small)"""
_NO_PAYLOAD = ", ".join(["NULL::integer"] + ["NULL::text"] * PAYLOAD_SIZE)


def _small_sql(kind, code):
    live, when = _SMALL_LIVE[code]
    columns = [f"({sql})::text" for _attr, sql, _orm in PAYLOAD[code]]
    columns += ["NULL::text"] * (PAYLOAD_SIZE - len(columns))
    return _SMALL_SQL.format(
        kind=kind,
        when=when,
        table=TYPES[code]._meta.db_table,
        live=live or _scope_sql("portal_id"),
        portal_column="id" if TYPES[code] is Portal else "portal_id",
        payload=", ".join(columns),
    )


def _search_postgresql(chosen, query: Query, portals, language):
    portal_column = "(portal_id + 0)" if len(portals) >= WIDE_SCOPE_PORTALS else "portal_id"
    scope, window_scope = _scope_sql(portal_column), _scope_sql(portal_column, indexed=False)
    parts = [
        _small_sql(kind, code)
        if code in PAYLOAD
        else "(SELECT large.*, {none} FROM {part} large)".format(
            none=_NO_PAYLOAD,
            part=_TYPE_SQL.format(
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
            ),
        )
        for kind, code in enumerate(chosen)
    ]
    sql = "\nUNION ALL\n".join(parts) + "\nORDER BY 3 DESC, 4 DESC NULLS LAST LIMIT %(limit)s"
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


def _live(code, portals, language):
    """The rows of type `code` a visitor may find (SQLite)."""
    model = TYPES[code]
    if model is Portal:
        return model.objects.filter(pk__in=portals, status=Portal.Status.ACTIVE)
    if model is Organization:
        return model.objects.filter(portal__in=portals)
    if model is Question:
        return model.objects.published().filter(portal__in=portals)
    return model.objects.published().filter(portal__in=portals, language=language)


def _search_sqlite(chosen, query: Query, portals, language):
    """Every word must occur in search_text (a substring: the last word is also found while typed); rank 2 when
    the whole phrase does."""
    parts = []
    for kind, code in enumerate(chosen):
        model = TYPES[code]
        matching = _live(code, portals, language)
        for word in query.words:
            matching = matching.filter(search_text__contains=word)
        dated = model not in (Organization, Portal)
        when = "published_at" if dated else "pk"
        newest = matching.order_by(f"-{when}", "-pk").values("pk")[: CANDIDATES + 1]
        rank = Case(
            When(search_text__contains=query.key, then=Value(2.0)), default=Value(1.0), output_field=FloatField()
        )
        payload = [Cast(orm, TextField()) for _attr, _sql, orm in PAYLOAD.get(code, [])]
        payload += [Value(None, output_field=TextField())] * (PAYLOAD_SIZE - len(payload))
        rows = (
            model.objects.filter(pk__in=newest)
            .annotate(
                r_rank=rank,
                r_kind=Value(kind, output_field=IntegerField()),
                r_when=F("published_at") if dated else Value(None, output_field=DateTimeField()),
                at_portal=(
                    F("pk")
                    if model is Portal
                    else F("portal_id")
                    if code in PAYLOAD
                    else Value(None, output_field=IntegerField())
                ),
                **{f"p{n}": value for n, value in enumerate(payload)},
            )
            .values_list("r_kind", "pk", "r_rank", "r_when", "at_portal", *(f"p{n}" for n in range(PAYLOAD_SIZE)))
            .order_by()
        )
        parts.append(rows)
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return list(union.order_by("-r_rank", F("r_when").desc(nulls_last=True))[: CANDIDATES + 1])


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


def load_page(rows, chosen, portals=()):
    """Turn the page's ranked rows into objects, in order: one query per large type present; the small types
    are built from the payload their rows carry (no query). `portals`: the searched portals (for their rows)."""
    by_id = {portal.pk: portal for portal in portals}
    wanted = {}
    for row in rows:
        if chosen[row[0]] not in PAYLOAD:
            wanted.setdefault(row[0], []).append(row[1])
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
    for kind, pk, _rank, _when, portal_id, *payload in rows:
        code = chosen[kind]
        obj = loaded.get((kind, pk)) if code not in PAYLOAD else _from_payload(code, pk, portal_id, payload, by_id)
        if obj is not None:
            results.append((code, obj))
    return results


def _from_payload(code, pk, portal_id, payload, portals_by_id):
    """An unsaved-looking instance of a small type with the attributes its result prints."""
    model = TYPES[code]
    obj = model(pk=pk) if model is Portal else model(pk=pk, portal_id=portal_id)
    if portal_id in portals_by_id:
        obj.portal = portals_by_id[portal_id]
    for (attr, _sql, _orm), value in zip(PAYLOAD[code], payload, strict=False):
        try:
            field = model._meta.get_field(attr)
        except FieldDoesNotExist:  # a joined name (agency, unit), kept as text
            setattr(obj, attr, value or "")
            continue
        value = field.to_python(value) if value is not None else None
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        setattr(obj, attr, "" if value is None and field.get_internal_type() in ("CharField", "TextField") else value)
    return obj


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
