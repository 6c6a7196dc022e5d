/* gcm-portal: Material's inline scripts from partials/javascripts/content.html, as a file,
   so that the Content-Security-Policy needs no 'unsafe-inline' (headers.py). Loaded just
   after the content of pages with content tabs, so it runs before the page is shown. */
(function () {
  "use strict";
  var script = document.currentScript;
  // With Material's "content.tabs.link": open, in every set, the tab the reader chose last.
  var chosen = script && script.hasAttribute("data-linked") && window.__md_get
    ? window.__md_get("__tabs") : null;
  if (Array.isArray(chosen)) {
    document.querySelectorAll(".tabbed-set").forEach(function (set) {
      var labels = set.querySelector(".tabbed-labels");
      if (!labels) return;
      for (var tab of chosen) {
        for (var label of labels.getElementsByTagName("label")) {
          if (label.innerText.trim() === tab) {
            document.getElementById(label.htmlFor).checked = true;
            return;
          }
        }
      }
    });
  }
  // A link to a tab's own anchor opens that tab.
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
