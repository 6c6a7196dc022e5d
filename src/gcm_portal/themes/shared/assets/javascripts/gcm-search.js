/* gcm-portal search: runs only on the search page, on the index of the page's language.
   Plain substring matching on folded text, so it works in every script and from file://. */
(function () {
  "use strict";
  var index = window.gcmSearchIndex;
  var form = document.querySelector("form.gcm-search");
  var out = document.getElementById("gcm-search-results");
  if (!index || !form || !out) return;
  var input = form.querySelector("input[name=q]");
  var root = out.getAttribute("data-root") || "";

  /* The folding is not defined here: search.fold_table() in Python writes it into the
     index as code points (digit sets by their zero, dropped ranges, letter variants), and
     this applies it as search.fold() does: NFKD, the table, NFC, lower case.
     An index without a table (an older build) still searches, folding only case and
     normal form. */
  var table = index.fold || {zeros: [], drop: [], letters: []};
  var folded = {}, ranges = [];
  function hex(code) { return "\\u{" + code.toString(16) + "}"; }
  table.zeros.forEach(function (zero) {
    for (var d = 0; d < 10; d++) folded[String.fromCodePoint(zero + d)] = String(d);
    ranges.push(hex(zero) + "-" + hex(zero + 9));
  });
  table.drop.forEach(function (range) {
    for (var c = range[0]; c <= range[1]; c++) folded[String.fromCodePoint(c)] = "";
    ranges.push(hex(range[0]) + "-" + hex(range[1]));
  });
  table.letters.forEach(function (group) {  // a letter, then the variants folded into it
    for (var i = 1; i < group.length; i++) {
      folded[String.fromCodePoint(group[i])] = String.fromCodePoint(group[0]);
      ranges.push(hex(group[i]));
    }
  });
  var foldable = ranges.length ? new RegExp("[" + ranges.join("") + "]", "gu") : null;

  function normalize(text) {
    var decomposed = text.normalize("NFKD");
    if (foldable) decomposed = decomposed.replace(foldable, function (c) { return folded[c]; });
    return decomposed.normalize("NFC").toLowerCase();
  }

  function tokens(text) {
    return normalize(text).split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  }

  var foldedSections = [];  // each section folded once, on the first search
  function foldedSection(n) {
    if (!foldedSections[n]) {
      var s = index.sections[n];
      foldedSections[n] = {title: normalize(s.page), heading: normalize(s.heading),
                           text: normalize(s.text)};
    }
    return foldedSections[n];
  }

  /* One result per page, its best section shown. A section scores by where the words
     are (title, heading, text) and more when they stand together as typed; a page by its
     best section, plus a little for its other matching sections. */
  function search(query) {
    var terms = tokens(query);
    if (!terms.length) return [];
    var phrase = terms.join(" ");
    var pages = {}, order = [];
    index.sections.forEach(function (section, n) {
      var f = foldedSection(n);
      var title = f.title, heading = f.heading, text = f.text;
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

  /* The text around the first word that holds the query's first term, found word by word
     in the text as written, since folding changes lengths (ﻻ, ZWNJ, marks). */
  function snippet(text, query) {
    var first = tokens(query)[0] || "";
    var words = /[\p{L}\p{N}\p{M}\u200c\u200d]+/gu, word, at = 0;
    while (first && (word = words.exec(text))) {
      if (normalize(word[0]).indexOf(first) >= 0) { at = word.index; break; }
    }
    // Cut at spaces, never inside a word.
    var start = at <= 60 ? 0 : text.indexOf(" ", at - 60) + 1;
    if (start <= 0 || start > at) start = at;
    var end = text.length <= start + 220 ? text.length : text.lastIndexOf(" ", start + 220);
    if (end <= at) end = Math.min(text.length, start + 220);
    return (start ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  /* Text with its ranges of numbers and times ("9:00–17:00") kept on one line, as the
     pages keep them (pages.whole_ranges, the same pattern). */
  var RANGE = /\p{Nd}[\p{Nd}:.,]*\s?[–-]\s?\p{Nd}[\p{Nd}:.,]*/gu;
  function appendWithWholeRanges(parent, text) {
    var last = 0, found;
    RANGE.lastIndex = 0;
    while ((found = RANGE.exec(text))) {
      parent.appendChild(document.createTextNode(text.slice(last, found.index)));
      var span = document.createElement("span");
      span.className = "gcm-nowrap";
      span.textContent = found[0];
      parent.appendChild(span);
      last = found.index + found[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // The number of results in the language's own digits, as the pages write numbers.
  function count(n) {
    var digits = index.strings.digits || "0123456789";
    return String(n).replace(/[0-9]/g, function (d) { return digits.charAt(+d); });
  }

  function show(query) {
    var found = search(query);
    out.textContent = "";
    var summary = document.createElement("p");
    var strings = index.strings;
    summary.textContent = found.length === 0 ? strings.none
      : found.length === 1 ? strings.one : strings.other.replace("#", count(found.length));
    out.appendChild(summary);
    var list = document.createElement("ol");
    found.forEach(function (result) {
      var s = result.section;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + s.url;
      link.textContent = s.heading ? s.page + " – " + s.heading : s.page;
      // An untranslated text (in the default language) keeps its own direction.
      item.dir = "auto";
      var text = document.createElement("p");
      text.dir = "auto";
      appendWithWholeRanges(text, snippet(s.text, query));
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
  window.gcmSearchFold = normalize;
})();
