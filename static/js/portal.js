/* Public site: font-size controls and the satisfaction rating widget. Works without it (plain links/forms). */
(function () {
  "use strict";
  var KEY = "portal-font-step";
  var SIZES = ["87.5%", "100%", "112.5%", "125%", "150%"];
  function apply(step) {
    var index = Math.max(-1, Math.min(3, step)) + 1;
    document.documentElement.style.fontSize = SIZES[index];
  }
  var step = 0;
  try { step = parseInt(window.localStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { step = 0; }
  apply(step);
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-font-step]").forEach(function (button) {
      button.addEventListener("click", function () {
        var delta = parseInt(button.getAttribute("data-font-step"), 10);
        step = delta === 0 ? 0 : Math.max(-1, Math.min(3, step + delta));
        apply(step);
        try { window.localStorage.setItem(KEY, String(step)); } catch (e) { /* private mode */ }
      });
    });
    document.querySelectorAll("form[data-rating]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.fetch || !window.FormData) { return; }
        event.preventDefault();
        var status = form.querySelector("[data-rating-status]");
        window.fetch(form.action, {
          method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: { "Accept": "application/json" }
        }).then(function (response) { return response.json(); }).then(function (data) {
          if (status) {
            status.textContent = data.ok ? (data.created ? form.getAttribute("data-thanks") : form.getAttribute("data-already")) : form.getAttribute("data-error");
          }
        }).catch(function () { form.submit(); });
      });
    });
  });
})();
