/* gcm-portal: Material's inline helpers from partials/javascripts/base.html, as a file, so
   that the Content-Security-Policy needs no 'unsafe-inline' (headers.py). Material's
   JavaScript keeps its settings in localStorage under the site's path (data-scope). */
(function () {
  "use strict";
  var script = document.currentScript;
  window.__md_scope = new URL(script.getAttribute("data-scope"), location);
  window.__md_hash = function (text) {
    return [...text].reduce(function (hash, c) { return (hash << 5) - hash + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage = localStorage, scope = window.__md_scope) {
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage = localStorage, scope = window.__md_scope) {
    try {
      storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
    } catch (e) {
      /* storage full or switched off: the setting is simply not remembered */
    }
  };
})();
