/* gcm-portal: keyboard access to Material's navigation drawer on small screens.
   Material opens the drawer with <label for="__drawer">, which no keyboard can reach.
   This makes that label a button (name, state, Enter and Space), moves focus into the
   drawer when it opens, and closes it with Escape or when focus leaves it.
   gcm-a11y.css keeps the closed drawer's links out of the tab order. */
(function () {
  "use strict";
  var script = document.currentScript;
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('.md-header label[for="__drawer"]');
  var drawer = document.querySelector(".md-sidebar--primary");
  if (!toggle || !button || !drawer) return;

  drawer.id = drawer.id || "gcm-drawer";
  // Without this script the checkbox itself takes focus (gcm-a11y.css); the button does now.
  toggle.tabIndex = -1;
  button.setAttribute("role", "button");
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-controls", drawer.id);
  if (script && script.getAttribute("data-label")) {
    button.setAttribute("aria-label", script.getAttribute("data-label"));
  }

  function sync() {
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }

  function setOpen(open) {
    if (toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change", {bubbles: true}));
  }

  toggle.addEventListener("change", sync);
  sync();

  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    setOpen(!toggle.checked);
    if (toggle.checked) {
      var first = drawer.querySelector("a[href]");
      if (first) first.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    var inside = drawer.contains(document.activeElement);
    setOpen(false);
    if (inside) button.focus();
  });

  drawer.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (toggle.checked && next && next !== button && !drawer.contains(next)) setOpen(false);
  });
})();
