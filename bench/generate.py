"""Benchmark data set: a province with its component portals, categories, articles and legal documents.

Run with the project's settings (it is a plain script, not a management command, so that bench/ stays out
of INSTALLED_APPS):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_100k DJANGO_SETTINGS_MODULE=portal.settings \\
        DEBUG=1 .venv/bin/python -m bench.generate --scale 100k [--reset] [--articles N]

The database must be migrated and its content tables empty (`--reset` truncates them first). On PostgreSQL
rows are written with COPY in batches (secondary indexes dropped during the load and rebuilt after it, foreign
key triggers off for the session when the role is a superuser), then ANALYZE; on SQLite (tiny scales, tests)
the same rows go through bulk_create. Row values are exactly what the models' save() would store: NFC text,
slugs from components.text.slugify_vi, `search_text` = components.text.search_key(title + summary + author +
source) (legal documents: number + title + summary + issuing body + signer + field); MPTT columns (lft, rght,
tree_id, level) are computed here for the whole forest.

Feedback questions and assignments are NOT generated on this build: the feedback models do not exist yet. When
they land, add `generate_feedback(*, scale, stdout)` here (Django set up, portals and their organisations already
written) and a `--feedback` flag in main() that calls it. Expected shape (from the issue): 100,000 questions
spread over the portals' answering organisations (written here: one Organization per portal,
`answers_feedback=True`), of which 20,000 have an open assignment (agency, class competent / interagency /
special, forwarded_at, due date from the working-day calendar) whose due dates straddle today, so the deadline
sweep has warnings and overdue items to act on; write them with `Writer` (COPY). bench/run.py reports the
deadline-sweep scenario as "not available on this build" until that function exists (bench/README.md).
"""

import argparse
import io
import math
import os
import random
import sys
import time
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, timedelta

from . import vocab

# --- Scales ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    name: str
    departments: int = 30
    communes: int = 150
    categories: int = 2000
    articles: int = 100_000
    legal_documents: int = 20_000
    seed: int = 2026

    def as_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


SCALES = {
    "tiny": Scale("tiny", departments=2, communes=5, categories=20, articles=50, legal_documents=10),
    "10k": Scale("10k", articles=10_000),
    "100k": Scale("100k", articles=100_000),
    "1m": Scale("1m", articles=1_000_000),
}

# Share of content per portal level (relative weights per portal).
CATEGORY_WEIGHT = {"province": 20, "department": 3, "commune": 1, "ward": 1}
ARTICLE_WEIGHT = {"province": 60, "department": 3, "commune": 0.4, "ward": 0.6}
LEGAL_WEIGHT = {"province": 100, "department": 1.5, "commune": 0.1, "ward": 0.1}

ARTICLE_STATES = [
    ("published", 90.0),
    ("draft", 3.0),
    ("submitted", 1.5),
    ("in_review", 1.0),
    ("awaiting_approval", 1.0),
    ("scheduled", 0.5),
    ("returned", 0.5),
    ("refused", 0.5),
    ("unpublished", 1.0),
    ("archived", 1.0),
]
VALIDITY = [("in_force", 70), ("amended", 8), ("replaced", 7), ("expired", 12), ("not_yet", 3)]

EN_TITLES = [
    "Ca Mau speeds up digital transformation in public services",
    "Province launches plan to protect mangrove forests",
    "Shrimp exports reach new record in the first months of the year",
    "Coastal erosion works completed ahead of the rainy season",
    "Ca Mau welcomes investors to the Hon Khoai seaport project",
]

# Bump when the generated rows change: bench/run.py regenerates bench_<scale> databases of another version.
GENERATOR_VERSION = 3

BATCH_ROWS = 20_000
STREAM_MIN_ROWS = 5_000  # from this many rows a table is streamed from a forked generator (PostgreSQL)
COPY_CHUNK = 1 << 20  # bytes per read from the batch buffer (psycopg2 reads 8 KiB by default)


# --- Text with its search key ------------------------------------------------------------------------


class Phrases:
    """Vocabulary items paired with their search keys, so a row's search_text is built without re-normalising.

    search_key is character-local apart from whitespace collapsing, so key(template.format(parts)) equals
    key(template).format(key(part) ...) for the templates and parts used here; `check()` asserts it on a sample.
    """

    def __init__(self, rng):
        from components.text import search_key

        self.rng = rng
        self.search_key = search_key
        self.pools = {
            "org": self._pair(vocab.ORGS),
            "verb": self._pair(vocab.VERB_PHRASES),
            "topic": self._pair(vocab.TOPICS),
            "place": self._pair(vocab.PLACES),
            "project": self._pair(vocab.PROJECTS),
            "audience": self._pair(vocab.AUDIENCES),
            "hazard": self._pair(vocab.HAZARDS),
            "field": self._pair(vocab.LEGAL_FIELDS),
        }
        self.titles = self._pair(vocab.TITLE_TEMPLATES)
        self.sentences = self._pair(vocab.SENTENCE_TEMPLATES)
        self.legal_titles = self._pair(vocab.LEGAL_TITLES)

    def _pair(self, items):
        return [(item, self.search_key(item)) for item in items]

    def fill(self, template, extra=None):
        text_t, key_t = template
        choice = self.rng.choice
        text_parts, key_parts = {}, {}
        year = self.rng.randint(2021, 2026)
        numbers = {
            "year": str(year),
            "year5": str(year + 5),
            "number": str(self.rng.randint(12, 4800)),
            "months": str(self.rng.choice([3, 6, 9, 10])),
            "quarter": self.rng.choice(["I", "II", "III", "IV"]),
        }
        for name, pool in self.pools.items():
            if "{" + name + "}" in text_t:
                text_parts[name], key_parts[name] = choice(pool)
        for name, value in (extra or {}).items():
            text_parts[name], key_parts[name] = value
        number_keys = {name: value.lower() for name, value in numbers.items()}
        return text_t.format(**numbers, **text_parts), key_t.format(**number_keys, **key_parts)

    def title(self):
        return self.fill(self.rng.choice(self.titles))

    def sentences_text(self, count):
        texts, keys = [], []
        for _ in range(count):
            text, key = self.fill(self.rng.choice(self.sentences))
            texts.append(text)
            keys.append(key)
        return " ".join(texts), " ".join(keys)

    def body(self, words_target):
        paragraphs, words = [], 0
        while words < words_target:
            text, _key = self.sentences_text(self.rng.randint(3, 6))
            paragraphs.append(f"<p>{text}</p>")
            words += text.count(" ") + 1
        return "".join(paragraphs)

    def key(self, *parts):
        """search_key(" ".join(parts)) from parts that are (text, key) pairs or plain strings."""
        out = []
        for part in parts:
            key = part[1] if isinstance(part, tuple) else self.search_key(part)
            if key:
                out.append(key)
        return " ".join(out)

    def check(self, text, key):
        if self.search_key(text) != key:
            raise AssertionError(f"search key mismatch for {text!r}: {key!r} != {self.search_key(text)!r}")


# --- Trees -------------------------------------------------------------------------------------------


def slug_from_key(key, max_length):
    """components.text.slugify_vi for text already passed through search_key (unaccented): skips unaccent."""
    from django.utils.text import slugify

    return slugify(key)[:max_length].strip("-")


def _check_slug(fast, expected):
    if fast != expected:
        raise AssertionError(f"slug mismatch: {fast!r} != {expected!r}")


def nested_sets(parents):
    """MPTT columns for a forest given as parent indexes (None for roots), children in index order.

    Returns a list of (lft, rght, level, root_index). Roots are numbered in index order by the caller.
    """
    children = [[] for _ in parents]
    roots = []
    for index, parent in enumerate(parents):
        (roots if parent is None else children[parent]).append(index)
    result = [None] * len(parents)
    for root in roots:
        counter = 1
        stack = [(root, 0, False)]
        lft = {}
        while stack:
            node, level, done = stack.pop()
            if done:
                result[node] = (lft[node], counter, level, root)
                counter += 1
                continue
            lft[node] = counter
            counter += 1
            stack.append((node, level, True))
            for child in reversed(children[node]):
                stack.append((child, level + 1, False))
    return result


def distribute(total, weights, minimum=0):
    """Split `total` into integer shares proportional to `weights` (largest remainder)."""
    if not weights:
        return []
    base = [minimum] * len(weights) if total >= minimum * len(weights) else [0] * len(weights)
    remaining = total - sum(base)
    weight_sum = sum(weights) or 1
    raw = [remaining * w / weight_sum for w in weights]
    shares = [math.floor(x) for x in raw]
    leftover = remaining - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: raw[i] - shares[i], reverse=True)
    for i in order[:leftover]:
        shares[i] += 1
    return [b + s for b, s in zip(base, shares, strict=True)]


# --- Writers -----------------------------------------------------------------------------------------

_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value):
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        # translate() is slow on long text; the escape characters are rare (never in generated bodies).
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPE)
        return value
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime or kind is date:
        return value.isoformat()
    return str(value)


class Writer:
    """Writes rows (dicts keyed by field attname) for a model; missing fields take the model's default."""

    def __init__(self, connection, now):
        self.connection = connection
        self.now = now
        self.postgres = connection.vendor == "postgresql"
        self.counts = {}
        self.seconds = {}

    def _columns(self, model):
        columns = []
        for field in model._meta.concrete_fields:
            if field.generated:  # computed by the database (e.g. search_vector), also during COPY
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = self.now
            elif field.has_default() or field.null or field.empty_strings_allowed:
                default = field.get_default()
            else:
                default = _REQUIRED
            columns.append((field.attname, field.column, default))
        return columns

    def write(self, model, rows, expected=0):
        """Write `rows`; `expected` (their number, when known and large) lets PostgreSQL stream them from a
        forked generator process, so generating text and ingesting it overlap on the two cores."""
        started = time.perf_counter()
        columns = self._columns(model)
        if not self.postgres:
            count = self._bulk_create(model, columns, rows)
        elif expected >= STREAM_MIN_ROWS and hasattr(os, "fork"):
            count = self._copy_streamed(model, columns, rows, expected)
        else:
            count = self._copy(model, columns, rows)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + count
        self.seconds[model._meta.label] = self.seconds.get(model._meta.label, 0.0) + time.perf_counter() - started
        return count

    @staticmethod
    def _values(columns, row):
        values = []
        for attname, _column, default in columns:
            value = row.get(attname, default)
            if value is _REQUIRED:
                raise KeyError(f"the generator gives no value for required field {attname!r}")
            values.append(value)
        return values

    def _copy(self, model, columns, rows):
        table = self.connection.ops.quote_name(model._meta.db_table)
        column_list = ", ".join(self.connection.ops.quote_name(c) for _a, c, _d in columns)
        sql = f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT text)"
        count = 0
        lines = []
        with self.connection.cursor() as cursor:
            for row in rows:
                lines.append("\t".join([_copy_value(v) for v in self._values(columns, row)]))
                if len(lines) >= BATCH_ROWS:
                    cursor.copy_expert(sql, io.StringIO("\n".join(lines) + "\n"), size=COPY_CHUNK)
                    count += len(lines)
                    lines = []
            if lines:
                cursor.copy_expert(sql, io.StringIO("\n".join(lines) + "\n"), size=COPY_CHUNK)
                count += len(lines)
        return count

    def _copy_streamed(self, model, columns, rows, expected):
        """One COPY fed through a pipe by a forked child that generates and formats the rows.

        The child inherits the generator's state (random generator, vocabulary, portals) at the fork, writes text
        lines to the pipe and leaves with os._exit (never touching the inherited database connection); the parent
        only forwards bytes, so PostgreSQL ingests while the child generates. A child failure or a row count other
        than `expected` raises, and the surrounding transaction rolls back.
        """
        table = self.connection.ops.quote_name(model._meta.db_table)
        column_list = ", ".join(self.connection.ops.quote_name(c) for _a, c, _d in columns)
        sql = f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT text)"
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # child: generate, format, write, leave
            status = 0
            try:
                os.close(read_fd)
                with os.fdopen(write_fd, "w", encoding="utf-8", buffering=COPY_CHUNK) as out:
                    lines = []
                    for row in rows:
                        lines.append("\t".join([_copy_value(v) for v in self._values(columns, row)]))
                        if len(lines) >= 2000:
                            out.write("\n".join(lines) + "\n")
                            lines = []
                    if lines:
                        out.write("\n".join(lines) + "\n")
            except BaseException:  # reported by the parent through the exit status
                import traceback

                traceback.print_exc()
                status = 1
            finally:
                os._exit(status)
        os.close(write_fd)
        try:
            with os.fdopen(read_fd, "rb") as source, self.connection.cursor() as cursor:
                cursor.copy_expert(sql, source, size=COPY_CHUNK)
                count = cursor.rowcount
        finally:
            _pid, status = os.waitpid(pid, 0)
        if status != 0:
            raise RuntimeError(f"the row generator for {model._meta.label} failed (status {status})")
        if count != expected:
            raise RuntimeError(f"{model._meta.label}: COPY wrote {count} rows, expected {expected}")
        return count

    def _bulk_create(self, model, columns, rows):
        attnames = [a for a, _c, _d in columns]
        batch, count = [], 0
        for row in rows:
            batch.append(model(**dict(zip(attnames, self._values(columns, row), strict=True))))
            if len(batch) >= 500:
                model.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            model.objects.bulk_create(batch)
            count += len(batch)
        return count


_REQUIRED = object()


# --- The generator -----------------------------------------------------------------------------------


@dataclass
class PortalRow:
    id: int
    kind: str
    slug: str
    name: str
    owner_name: str
    domain: str | None
    status: str


def _person(rng):
    return f"{rng.choice(vocab.SURNAMES)} {rng.choice(vocab.MIDDLE_NAMES)} {rng.choice(vocab.GIVEN_NAMES)}"


def _commune_names(count):
    names = []
    for suffix in vocab.PLACE_SUFFIXES:
        for place in vocab.PLACES:
            names.append(place + suffix)
            if len(names) == count:
                return names
    for n in range(len(names), count):
        names.append(f"{vocab.PLACES[n % len(vocab.PLACES)]} {n}")
    return names


def build_portals(scale, rng, now):
    """Rows of the Portal forest: the province at the root, departments and communes/wards under it."""
    from components.text import slugify_vi

    province = vocab.PROVINCE_NAME
    specs = [
        {
            "kind": "province",
            "name": f"Cổng Thông tin điện tử tỉnh {province}",
            "short_name": vocab.PROVINCE_SLUG,
            "slug": vocab.PROVINCE_SLUG,
            "domain": vocab.BASE_DOMAIN,
            "owner_name": f"Ủy ban nhân dân tỉnh {province}",
            "parent": None,
        }
    ]
    for n in range(scale.departments):
        name, short = vocab.DEPARTMENTS[n % len(vocab.DEPARTMENTS)]
        if n >= len(vocab.DEPARTMENTS):
            name, short = f"{name} {n}", f"{short}{n}"
        # "Thanh tra tỉnh" + " Cà Mau", "Sở Y tế" + " tỉnh Cà Mau"
        if province in name:  # "Báo Cà Mau"
            owner = name
        elif name.endswith(" tỉnh"):
            owner = f"{name} {province}"
        else:
            owner = f"{name} tỉnh {province}"
        specs.append(
            {
                "kind": "department",
                "name": f"Cổng thông tin điện tử {owner}",
                "short_name": short,
                "slug": short,
                "domain": f"{short}.{vocab.BASE_DOMAIN}",
                "owner_name": owner,
                "parent": 0,
            }
        )
    for n, place in enumerate(_commune_names(scale.communes)):
        kind = "ward" if n % 10 == 0 else "commune"
        unit = "Phường" if kind == "ward" else "Xã"
        slug = slugify_vi(f"{unit} {place}", max_length=80)
        specs.append(
            {
                "kind": kind,
                "name": f"Trang thông tin điện tử {unit.lower()} {place}",
                "short_name": slug.replace("-", "")[:50],
                "slug": slug,
                "domain": None,
                "owner_name": f"Ủy ban nhân dân {unit.lower()} {place}",
                "parent": 0,
            }
        )
    # Children ordered like MPTTMeta.order_insertion_by = [sort_order, name]: sort_order is the sibling index.
    sets = nested_sets([s["parent"] for s in specs])
    rows, portals = [], []
    merged_every = 50  # about 2% of communes are merged into their neighbour (status "merged")
    for index, spec in enumerate(specs):
        lft, rght, level, _root = sets[index]
        pk = index + 1
        status = "active"
        merged_into = None
        if spec["kind"] in ("commune", "ward") and index % merged_every == 7 and index + 1 < len(specs):
            status, merged_into = "merged", pk + 1
        rows.append(
            {
                "id": pk,
                "name": spec["name"],
                "short_name": spec["short_name"],
                "slug": spec["slug"],
                "kind": spec["kind"],
                "parent_id": None if spec["parent"] is None else spec["parent"] + 1,
                "domain": spec["domain"],
                "status": status,
                "merged_into_id": merged_into,
                "sort_order": index,
                "logo": "",
                "description": f"Thông tin chính thống của {spec['owner_name']}.",
                "owner_name": spec["owner_name"],
                "address": f"Số {rng.randint(1, 300)} đường {rng.choice(vocab.PLACES)}, tỉnh {province}",
                "phone": f"0290 38{rng.randint(10000, 99999)}",
                "email": f"{spec['slug'].replace('-', '')}@{vocab.BASE_DOMAIN}",
                "responsible_person": f"Chánh Văn phòng {spec['owner_name']}",
                "licence_line": f"Giấy phép số {rng.randint(1, 99)}/GP-TTĐT",
                "created_at": now,
                "updated_at": now,
                "lft": lft,
                "rght": rght,
                "tree_id": 1,
                "level": level,
            }
        )
        portals.append(
            PortalRow(pk, spec["kind"], spec["slug"], spec["name"], spec["owner_name"], spec["domain"], status)
        )
    return rows, portals


def build_organizations(portals, now):
    """One answering organisation per portal (each its own MPTT tree), for the feedback data to come."""
    from components.text import slugify_vi

    for n, portal in enumerate(portals, start=1):
        name = portal.owner_name
        yield {
            "id": n,
            "portal_id": portal.id,
            "parent_id": None,
            "name": name,
            "slug": slugify_vi(name, max_length=74) + f"-{n}",
            "email": f"{portal.slug.replace('-', '')}@{vocab.BASE_DOMAIN}",
            "answers_feedback": True,
            "sort_order": 0,
            "lft": 1,
            "rght": 2,
            "tree_id": n,
            "level": 0,
        }


def build_categories(scale, portals, rng, now):
    """Category forests per portal: a few roots, children in breadth-first order (fan-out 4)."""
    from components.text import slugify_vi

    weights = [CATEGORY_WEIGHT[p.kind] for p in portals]
    shares = distribute(scale.categories, weights, minimum=1)
    rows, by_portal = [], {}
    pk, tree_id = 0, 0
    for portal, count in zip(portals, shares, strict=True):
        if count == 0:
            continue
        roots = max(1, min(len(vocab.CATEGORY_ROOTS), math.ceil(count / 5)))
        parents = [None if i < roots else (i - roots) // 4 for i in range(count)]
        sets = nested_sets(parents)
        used, ids, root_tree = set(), [], {}
        for i in range(count):
            if i < roots:
                name = vocab.CATEGORY_ROOTS[i % len(vocab.CATEGORY_ROOTS)]
            else:
                name = vocab.CATEGORY_TOPICS[(i * 7 + portal.id) % len(vocab.CATEGORY_TOPICS)]
            slug = slugify_vi(name, max_length=110)
            base_name, k = name, 2
            while slug in used:
                name = f"{base_name} {k}"
                slug = slugify_vi(name, max_length=110)
                k += 1
            used.add(slug)
            lft, rght, level, root = sets[i]
            if root not in root_tree:
                tree_id += 1
                root_tree[root] = tree_id
            pk += 1
            ids.append(pk)
            rows.append(
                {
                    "id": pk,
                    "portal_id": portal.id,
                    "parent_id": None if parents[i] is None else ids[parents[i]],
                    "name": name,
                    "name_en": "",
                    "slug": slug,
                    "description": "",
                    "is_reference": name.startswith("Thông tin tuyên truyền") and i == 0,
                    "show_in_menu": level == 0,
                    "is_active": True,
                    "sort_order": i,
                    "lft": lft,
                    "rght": rght,
                    "tree_id": root_tree[root],
                    "level": level,
                }
            )
        by_portal[portal.id] = ids
    return rows, by_portal


def _weighted(rng, pairs):
    values = [v for v, _w in pairs]
    cum, total = [], 0.0
    for _v, w in pairs:
        total += w
        cum.append(total)
    return lambda: rng.choices(values, cum_weights=cum)[0]


def iter_articles(scale, portals, categories, rng, now, phrases, bodies, check_every=997):
    from components.text import slugify_vi

    candidates = [p for p in portals if categories.get(p.id)]
    portal_weights = [ARTICLE_WEIGHT[p.kind] for p in candidates]
    pick_state = _weighted(rng, ARTICLE_STATES)
    span = timedelta(days=5 * 365).total_seconds()
    start = now - timedelta(days=5 * 365)
    n_articles = scale.articles
    authors = [_person(rng) for _ in range(200)]
    author_keys = [(a, phrases.search_key(a)) for a in authors]
    source_keys = [(s, phrases.search_key(s)) for s in vocab.SOURCES]
    for n in range(1, n_articles + 1):
        portal = rng.choices(candidates, weights=portal_weights)[0] if len(candidates) > 1 else candidates[0]
        category_id = rng.choice(categories[portal.id])
        english = rng.random() < 0.02
        if english:
            title = rng.choice(EN_TITLES)
            title_pair = (title, phrases.search_key(title))
            summary = "The provincial People's Committee reported progress on the plan."
            summary_pair = (summary, phrases.search_key(summary))
        else:
            title_pair = phrases.title()
            summary_pair = phrases.sentences_text(rng.randint(1, 2))
        author = rng.choice(author_keys)
        source = rng.choice(source_keys)
        title = title_pair[0]
        search_text = phrases.key(title_pair, summary_pair, author, source)
        slug = slug_from_key(title_pair[1], 200) or "bai-viet"
        if n % check_every == 1:
            phrases.check(" ".join([title, summary_pair[0], author[0], source[0]]), search_text)
            _check_slug(slug, slugify_vi(title, max_length=200) or "bai-viet")
        state = pick_state()
        # Ids grow with time, as they do on a live site (newest article, highest id).
        published_at = start + timedelta(seconds=span * n / n_articles - rng.random() * 3600)
        go_live_at = expire_at = first_published_at = None
        if state == "scheduled":
            go_live_at = now + timedelta(hours=rng.randint(1, 240))
            published_at = None
        elif state in ("published", "unpublished", "archived"):
            first_published_at = published_at
            if state == "published" and rng.random() < 0.02:
                expire_at = published_at + timedelta(days=rng.randint(7, 400))
        else:
            published_at = None
        yield {
            "id": n,
            "portal_id": portal.id,
            "state": state,
            "language": "en" if english else "vi",
            "go_live_at": go_live_at,
            "expire_at": expire_at,
            "published_at": published_at,
            "first_published_at": first_published_at,
            "created_by_id": None,
            "created_at": published_at or now,
            "updated_at": published_at or now,
            "version": 1,
            "search_text": search_text,
            "category_id": category_id,
            "title": title,
            "slug": slug,
            "summary": summary_pair[0],
            "body": rng.choice(bodies),
            "featured_image": "",
            "image_caption": "",
            "author_name": author[0],
            "source": source[0],
            "is_reference": False,
            "is_featured": rng.random() < 0.02,
            "translation_of_id": None,
        }


def iter_legal_documents(scale, portals, rng, now, phrases, check_every=97):
    from components.text import slugify_vi

    portal_weights = [LEGAL_WEIGHT[p.kind] for p in portals]
    pick_validity = _weighted(rng, VALIDITY)
    pick_type = _weighted(rng, [((v, a), w) for v, a, w in vocab.LEGAL_TYPES])
    today = now.date()
    depts = [(name, phrases.search_key(name)) for name, _slug in vocab.DEPARTMENTS]
    signers = [(s, phrases.search_key(s)) for s in {_person(rng) for _ in range(60)}]
    signers.sort()
    bodies = {p.id: (p.owner_name, phrases.search_key(p.owner_name)) for p in portals}
    abbr_keys = {a: phrases.search_key(a) for _v, a, _w in vocab.LEGAL_TYPES}
    issuer_keys = {i: phrases.search_key(i) for i in vocab.ISSUERS}
    for n in range(1, scale.legal_documents + 1):
        portal = rng.choices(portals, weights=portal_weights)[0]
        doc_type, abbr = pick_type()
        issued_on = today - timedelta(days=rng.randint(0, 10 * 365))
        issuer = "UBND" if portal.kind != "province" else rng.choice(vocab.ISSUERS)
        serial = rng.randint(1, 3500)
        number = f"{serial}/{issued_on.year}/{abbr}-{issuer}"
        number_pair = (number, f"{serial}/{issued_on.year}/{abbr_keys[abbr]}-{issuer_keys[issuer]}")
        field_pair = rng.choice(phrases.pools["field"])
        title, title_key = phrases.fill(
            rng.choice(phrases.legal_titles), extra={"dept": rng.choice(depts), "field": field_pair}
        )
        summary, summary_key = phrases.sentences_text(1)
        issuing_body = bodies[portal.id]
        signer = rng.choice(signers)
        search_text = phrases.key(
            number_pair, (title, title_key), (summary, summary_key), issuing_body, signer, field_pair
        )
        slug = slug_from_key(f"{number_pair[1]} {title_key}", 200) or "van-ban"
        if n % check_every == 1:
            phrases.check(" ".join([number, title, summary, issuing_body[0], signer[0], field_pair[0]]), search_text)
            _check_slug(slug, slugify_vi(f"{number} {title}", max_length=200) or "van-ban")
        state = "published" if rng.random() < 0.95 else "draft"
        published_at = datetime.combine(issued_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=26)
        if published_at > now:
            published_at = now
        yield {
            "id": n,
            "portal_id": portal.id,
            "state": state,
            "language": "vi",
            "published_at": published_at if state == "published" else None,
            "first_published_at": published_at if state == "published" else None,
            "created_at": published_at,
            "updated_at": published_at,
            "version": 1,
            "search_text": search_text,
            "number": number,
            "doc_type": doc_type,
            "issuing_body": issuing_body[0],
            "signer": signer[0],
            "issued_on": issued_on,
            "effective_on": issued_on + timedelta(days=rng.randint(0, 15)),
            "validity": pick_validity(),
            "field": field_pair[0],
            "title": title,
            "slug": slug,
            "summary": summary,
        }


# --- Orchestration -----------------------------------------------------------------------------------


def _content_models():
    from components.models import Organization, Portal
    from editorial.models import Article, Category, LegalDocument

    return Portal, Organization, Category, Article, LegalDocument


def _reset(connection):
    Portal, Organization, Category, Article, LegalDocument = _content_models()
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in _content_models())
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        Article.objects.all().delete()
        LegalDocument.objects.all().delete()
        for model in (Category, Organization):
            model.objects.update(parent=None)
            model.objects.all().delete()
        Portal.objects.update(parent=None, merged_into=None)
        Portal.objects.all().delete()


def _secondary_indexes(connection, tables):
    """(name, definition) of indexes on `tables` that no constraint owns; dropped during COPY, rebuilt after."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            [list(tables)],
        )
        return cursor.fetchall()


def generate(scale, *, reset=False, stdout=None, now=None):
    """Write the data set for `scale`; return {"rows": {label: n}, "seconds": float, "rows_per_s": float, ...}."""
    from django.db import connection, transaction

    stdout = stdout or sys.stdout
    Portal, Organization, Category, Article, LegalDocument = _content_models()
    rng = random.Random(scale.seed)
    now = now or datetime.now(UTC).replace(microsecond=0)
    phrases = Phrases(rng)
    postgres = connection.vendor == "postgresql"
    started = time.perf_counter()
    with transaction.atomic():
        if reset:
            _reset(connection)
        elif Portal.objects.exists() or Article.objects.exists():
            raise SystemExit("The database already holds portals or articles; pass --reset to replace them.")
        dropped = []
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute("SET LOCAL default_toast_compression = lz4")
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                if cursor.fetchone()[0]:
                    # Foreign keys are produced consistent here; skipping their per-row triggers halves COPY time.
                    cursor.execute("SET LOCAL session_replication_role = replica")
                big = [Article._meta.db_table, LegalDocument._meta.db_table]
                dropped = _secondary_indexes(connection, big)
                for name, _definition in dropped:
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        writer = Writer(connection, now)
        portal_rows, portals = build_portals(scale, rng, now)
        writer.write(Portal, portal_rows)
        writer.write(Organization, build_organizations(portals, now))
        category_rows, categories = build_categories(scale, portals, rng, now)
        writer.write(Category, category_rows)
        bodies = [phrases.body(rng.randint(400, 1100)) for _ in range(min(400, max(10, scale.articles // 50)))]
        writer.write(
            Article, iter_articles(scale, portals, categories, rng, now, phrases, bodies), expected=scale.articles
        )
        writer.write(
            LegalDocument, iter_legal_documents(scale, portals, rng, now, phrases), expected=scale.legal_documents
        )
        load_seconds = time.perf_counter() - started
        index_started = time.perf_counter()
        if postgres:
            with connection.cursor() as cursor:
                for _name, definition in dropped:
                    cursor.execute(definition)
                for model in _content_models():
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                        f"FROM {table}",
                        [model._meta.db_table],
                    )
        index_seconds = time.perf_counter() - index_started
    analyze_started = time.perf_counter()
    if postgres:
        with connection.cursor() as cursor:
            # VACUUM as autovacuum does on a live table: it sets the visibility map, without which the list counts
            # cannot be index-only scans (bench/analysis.md §2). Not possible inside a transaction (tests).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    analyze_seconds = time.perf_counter() - analyze_started
    total = time.perf_counter() - started
    rows = dict(writer.counts)
    n_rows = sum(rows.values())
    stats = {
        "scale": scale.as_dict(),
        "rows": rows,
        "seconds": round(total, 2),
        "load_seconds": round(load_seconds, 2),
        "index_seconds": round(index_seconds, 2),
        "analyze_seconds": round(analyze_seconds, 2),
        "rows_per_s": round(n_rows / total) if total else 0,
        "load_rows_per_s": round(n_rows / load_seconds) if load_seconds else 0,
        "method": "COPY" if postgres else "bulk_create",
    }
    stdout.write(
        f"{n_rows:,} rows in {total:.1f} s ({stats['rows_per_s']:,} rows/s overall; "
        f"load {load_seconds:.1f} s, indexes {index_seconds:.1f} s, ANALYZE {analyze_seconds:.1f} s) via "
        f"{stats['method']}: " + ", ".join(f"{label} {count:,}" for label, count in rows.items()) + "\n"
    )
    return stats


def scale_from_args(args):
    scale = SCALES[args.scale]
    overrides = {
        name: getattr(args, name)
        for name in ("departments", "communes", "categories", "articles", "legal_documents", "seed")
        if getattr(args, name) is not None
    }
    return replace(scale, **overrides) if overrides else scale


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="100k")
    for name in ("departments", "communes", "categories", "articles", "legal_documents", "seed"):
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, type=int)
    parser.add_argument("--reset", action="store_true", help="truncate portals, categories and content first")
    parser.add_argument("--json", help="also write the statistics to this file")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    stats = generate(scale_from_args(args), reset=args.reset)
    if args.json:
        import json

        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(stats, fh, indent=2)


if __name__ == "__main__":
    main()
