/* Typing counts as activity: while a user types in a long form, tell the server at most once a minute,
   so the idle timeout (15 minutes) does not end a session in the middle of writing. Idle pages stay idle. */
(function () {
  "use strict";
  var url = document.currentScript && document.currentScript.dataset.url || "/admin/tai-khoan/hoat-dong/";
  var last = Date.now();
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function ping() {
    var now = Date.now();
    if (now - last < 60000) { return; }
    last = now;
    fetch(url, {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrfToken()}});
  }
  document.addEventListener("input", ping, true);
  document.addEventListener("keydown", ping, true);
})();
