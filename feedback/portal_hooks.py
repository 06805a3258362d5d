"""Feedback's part in a portal's life: merging and staff hand-over (docs/decisions/0411, 0412).

- merge mover: questions move to the successor portal with their assignments, replies, events and attachments
  (they hang off the question). Open questions must still be answered, now by the successor's board; published
  ones keep their id-based public address (/hoi-dap/<id>/), so /web/<A>/hoi-dap/<id>/ answers on B after the
  middleware's 301. Notifications already sent stay as they were: they are the record of what was mailed.
- hand-over mover: open assignments the leaver forwarded (their follow-up) go to the successor. Agencies answer
  through their focal officers; components' own mover moves the leaver's focal-officer links, so the successor
  reads and answers the agency's open assignments from then on.
"""

from django.utils.translation import gettext_lazy as _

from components import handover, merging

from .models import Assignment, Question


@merging.register_mover
def move_questions(*, source, target, dry_run):
    questions = Question.objects.filter(portal=source)
    return {_("Câu hỏi, phản ánh"): questions.count() if dry_run else questions.update(portal=target)}


@handover.register
def move_open_assignments(user, successor):
    return Assignment.objects.filter(forwarded_by=user, status__in=Assignment.OPEN_STATUSES).update(
        forwarded_by=successor
    )


move_open_assignments.handover_label = "feedback.open_assignments"
