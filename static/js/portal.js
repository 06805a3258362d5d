/* Public site: font-size controls, the small-screen menu toggle and the satisfaction rating widget.
   Works without it (plain links/forms; CSS shows the menu open when scripting is off). */
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
  /* Small screens: the header's "Danh mục" button opens and closes the main and category menus (CSS keeps them
     closed under 768px while the header lacks .menu-open, from the first paint). The HTML is the same for every
     visitor; the state lives here, and nothing is moved when this script runs. */
  function setupMenu() {
    var button = document.querySelector(".site-header .menu-toggle");
    var header = button && button.closest(".site-header");
    if (!header || !document.getElementById("site-menu")) { return; }
    if (document.getElementById("site-categories")) {
      button.setAttribute("aria-controls", "site-menu site-categories");
    }
    function isOpen() { return button.getAttribute("aria-expanded") === "true"; }
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    }
    function inMenu(element) {
      return !element || element === document.body || element === button ||
        Boolean(element.closest && element.closest(".main-menu, .category-menu"));
    }
    button.addEventListener("click", function () { setOpen(!isOpen()); });
    document.addEventListener("keydown", function (event) {
      // Only where the button is shown (small screens), and not while the visitor types elsewhere (search box).
      if (event.key !== "Escape" || !isOpen() || button.offsetParent === null) { return; }
      if (!inMenu(document.activeElement)) { return; }
      setOpen(false);
      button.focus();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    setupMenu();
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
