"""Search across the portal and its component portals, diacritic-insensitive.

The query goes through components.text.search_key exactly like the stored `search_text` (NFC, unaccented,
đ→d, lower-case), so "ha noi" finds "Hà Nội" and "duong" finds "đường".
PostgreSQL: `to_tsvector('simple', search_text) @@ to_tsquery('simple', 'ha & noi:*')`, ranked by ts_rank,
served by the GIN indexes of migration portal/0002. SQLite: every word must occur in search_text, ranked by
whether the whole phrase occurs. The three content types are merged with one UNION query, then the page's
rows are loaded per type (one query each).
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, IntegerField, Value, When
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import mark_safe

from components.text import search_key
from editorial.models import Article, ConsultationDraft, LegalDocument

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
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


class TsVector(Func):
    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = FloatField()  # never selected; only used inside TsMatch / TsRank


class TsQuery(Func):
    template = "to_tsquery('simple'::regconfig, %(expressions)s)"
    output_field = FloatField()


class TsMatch(Func):
    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class TsRank(Func):
    function = "ts_rank"
    output_field = FloatField()


def _tsquery_text(words):
    # Whole words, the last one also as a prefix ("ha noi" matches while typing "ha no").
    parts = list(words[:-1]) + [f"{words[-1]}:*"]
    return " & ".join(parts)


def _matching(model, query: Query, scope_qs):
    if connection.vendor == "postgresql":
        vector = TsVector(F("search_text"))
        tsquery = TsQuery(Value(_tsquery_text(query.words)))
        return scope_qs.filter(TsMatch(vector, tsquery)).annotate(rank=Cast(TsRank(vector, tsquery), FloatField()))
    qs = scope_qs
    for word in query.words:
        qs = qs.filter(search_text__contains=word)
    return qs.annotate(
        rank=Case(When(search_text__contains=query.key, then=Value(2.0)), default=Value(1.0), output_field=FloatField())
    )


def search(*, portals, language, query: Query, types=None):
    """A UNION queryset of (kind, pk, rank, date) rows, best first; `types` limits the content types."""
    chosen = types or list(TYPES)
    parts = []
    for index, code in enumerate(chosen):
        model = TYPES[code]
        scope = model.objects.published().filter(portal__in=portals, language=language)
        rows = (
            _matching(model, query, scope)
            .annotate(kind=Value(index, output_field=IntegerField()), when=F("published_at"))
            .values_list("kind", "pk", "rank", "when")
            .order_by()
        )
        parts.append(rows)
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("-rank", "-when"), chosen


def load_page(rows, chosen):
    """Turn the page's (kind, pk, rank, when) rows into objects, in order (one query per type present)."""
    wanted = {}
    for kind, pk, _rank, _when in rows:
        wanted.setdefault(kind, []).append(pk)
    loaded = {}
    for kind, pks in wanted.items():
        model = TYPES[chosen[kind]]
        qs = model.objects.filter(pk__in=pks).select_related("portal")
        if model is Article:
            qs = qs.select_related("category")
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
