"""Background "editor" for the mixed benchmark: publishes and updates articles while the site is under load.

    python -m bench.editor --seconds 20 --interval 0.25 --json OUT.json

Each step, in its own transaction through the ORM (so save() normalises text and rebuilds search_text):
4 of 5 steps update a live article (title, summary, version + 1), 1 of 5 publishes a new article in a random
category of the same portal. After commit it sends editorial.signals.content_changed exactly as the workflow
does ("updated" / "published"), so whatever listens on this build (page-cache purge, search index) runs too.
Celery tasks queued by listeners run eagerly in this process (CELERY_TASK_ALWAYS_EAGER=1 is set by the
harness) so their cost is part of the measurement. The loop is bounded by time and by count and stops itself.
"""

import argparse
import json
import os
import random
import time


def run(*, seconds, interval, max_steps, seed=7):
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from editorial.models import Article, Category, State
    from editorial.signals import content_changed

    rng = random.Random(seed)
    max_id = Article.objects.aggregate(m=Max("id"))["m"] or 0
    deadline = time.monotonic() + seconds
    stats = {"updated": 0, "published": 0, "errors": 0, "step_ms": []}
    step = 0
    while time.monotonic() < deadline and step < max_steps:
        step += 1
        started = time.perf_counter()
        try:
            with transaction.atomic():
                pivot = rng.randint(1, max(1, max_id))
                article = (
                    Article.objects.select_for_update()
                    .filter(pk__gte=pivot, state=State.PUBLISHED)
                    .order_by("pk")
                    .first()
                )
                if article is None:
                    continue
                if step % 5 == 0:
                    category = Category.objects.filter(portal_id=article.portal_id).order_by("?").first()
                    now = timezone.now()
                    new = Article(
                        portal_id=article.portal_id,
                        category=category,
                        title=f"Tin mới cập nhật lúc {now:%H:%M:%S}: {article.title[:200]}",
                        summary=article.summary,
                        body=article.body,
                        author_name=article.author_name,
                        source=article.source,
                        state=State.PUBLISHED,
                        published_at=now,
                        first_published_at=now,
                    )
                    new.save()
                    action, target = "published", new
                    stats["published"] += 1
                else:
                    article.title = f"{article.title[:250]} (cập nhật {step})"
                    article.summary = f"{article.summary} Cập nhật lần {article.version + 1}."
                    article.version += 1
                    article.save()
                    action, target = "updated", article
                    stats["updated"] += 1
                transaction.on_commit(
                    lambda t=target, a=action: content_changed.send(
                        sender=Article, instance=t, portal_id=t.portal_id, action=a
                    )
                )
        except Exception:  # counted and reported; the load run goes on
            stats["errors"] += 1
        stats["step_ms"].append((time.perf_counter() - started) * 1000)
        time.sleep(interval)
    steps = stats.pop("step_ms")
    steps.sort()
    stats["steps"] = len(steps)
    stats["step_p50_ms"] = round(steps[len(steps) // 2], 1) if steps else None
    stats["step_max_ms"] = round(steps[-1], 1) if steps else None
    return stats


def main(argv=None):
    parser = argparse.ArgumentParser(description="publish/update articles for a bounded time")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--interval", type=float, default=0.25)
    parser.add_argument("--max-steps", type=int, default=10_000)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    stats = run(seconds=args.seconds, interval=args.interval, max_steps=args.max_steps)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(stats, fh)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
