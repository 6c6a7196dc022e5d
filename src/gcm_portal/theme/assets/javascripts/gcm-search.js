/* gcm-portal search: runs only on the search page, on the index of the page's language.
   Plain normalised substring matching, so it works in every script and from file://. */
(function () {
  "use strict";
  var index = window.gcmSearchIndex;
  var form = document.querySelector("form.gcm-search");
  var out = document.getElementById("gcm-search-results");
  if (!index || !form || !out) return;
  var input = form.querySelector("input[name=q]");
  var root = out.getAttribute("data-root") || "";

  function normalize(text) {
    return text
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFKC")
      .toLocaleLowerCase()
      // Arabic script: drop short vowels and tatweel; unify alef, yeh, kaf and heh forms.
      .replace(/[\u0640\u064b-\u065f\u0670\u06d6-\u06ed]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
      .replace(/[\u0649\u06cc\u06d0]/g, "\u064a")
      .replace(/\u06a9/g, "\u0643")
      .replace(/[\u06c1\u06d5]/g, "\u0647");
  }

  function tokens(text) {
    return normalize(text).split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  }

  /* One result per page, its best section shown. A section scores by where the words
     are (title, heading, text) and more when they stand together as typed; a page by its
     best section, plus a little for its other matching sections. */
  function search(query) {
    var terms = tokens(query);
    if (!terms.length) return [];
    var phrase = terms.join(" ");
    var pages = {}, order = [];
    index.sections.forEach(function (section) {
      var title = normalize(section.page), heading = normalize(section.heading);
      var text = normalize(section.text);
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var term = terms[i];
        var inText = text.split(term).length - 1;
        var hit = (title.indexOf(term) >= 0 ? 5 : 0) + (heading.indexOf(term) >= 0 ? 3 : 0);
        if (!hit && !inText) return;  // every term must appear
        score += hit + Math.min(inText, 20);
      }
      if (terms.length > 1) {
        score += (heading === phrase ? 15 : heading.indexOf(phrase) >= 0 ? 5 : 0) +
          2 * Math.min(text.split(phrase).length - 1, 10);
      }
      var page = section.url.split("#")[0];
      if (!pages[page]) {
        pages[page] = {section: section, best: score, score: 0};
        order.push(page);
      } else if (score > pages[page].best) {
        pages[page].section = section;
        pages[page].best = score;
      }
      pages[page].score += score;
    });
    var results = order.map(function (page) { return pages[page]; });
    function rank(r) { return r.best + 0.2 * (r.score - r.best); }
    results.sort(function (a, b) { return rank(b) - rank(a); });
    return results.slice(0, 25);
  }

  function snippet(text, query) {
    var first = tokens(query)[0] || "";
    var at = Math.max(0, text.toLocaleLowerCase().indexOf(first));
    var start = Math.max(0, at - 60);
    return (start ? "… " : "") + text.slice(start, start + 220) + (text.length > start + 220 ? " …" : "");
  }

  function show(query) {
    var found = search(query);
    out.textContent = "";
    var summary = document.createElement("p");
    var strings = index.strings;
    summary.textContent = found.length === 0 ? strings.none
      : found.length === 1 ? strings.one : strings.other.replace("#", String(found.length));
    out.appendChild(summary);
    var list = document.createElement("ol");
    found.forEach(function (result) {
      var s = result.section;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + s.url;
      link.textContent = s.heading ? s.page + " – " + s.heading : s.page;
      var text = document.createElement("p");
      text.textContent = snippet(s.text, query);
      item.appendChild(link);
      item.appendChild(text);
      list.appendChild(item);
    });
    if (found.length) out.appendChild(list);
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  if (query) {
    input.value = query;
    show(query);
  }
  window.gcmSearch = search;  // for tests
})();
