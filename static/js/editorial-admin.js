/* The editors' change form (templates/admin/editorial/publishable_change_form.html).
 *
 * - Leaving a form with unsaved changes asks first (beforeunload); submitting the form itself (Save or a
 *   workflow step of the action bar, which save first) does not ask.
 * - A step that needs a comment (return, refuse, unpublish) opens the comment box instead of sending an empty one;
 *   the server refuses an empty one anyway, keeping the form.
 * Loaded as a static file: the admin's CSP allows scripts from our origin only (portal/csp.py).
 */
(function () {
  "use strict";

  function init() {
    var bar = document.getElementById("editorial-action-bar");
    var form = bar && bar.closest("form");
    if (!form) {
      return;
    }
    var dirty = false;
    var submitting = false;
    function markDirty() {
      dirty = true;
    }
    form.addEventListener("input", markDirty, true);
    form.addEventListener("change", markDirty, true);
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    var comment = document.getElementById("workflow-comment");
    var details = document.getElementById("workflow-inputs");
    bar.querySelectorAll("button[data-needs-comment]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (comment && !comment.value.trim()) {
          event.preventDefault();
          if (details) {
            details.open = true;
          }
          comment.classList.add("workflow-needs-comment");
          comment.focus();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
