/* gcm-portal: a search box over a list of the page (the register of recruitment agencies).
   Without this script the whole list shows and the box's texts stay hidden; with it, the
   entries that do not match are hidden and the count is announced. A file, not an inline
   script (the Content-Security-Policy refuses those), that also runs from file://.

   The page's cleaned HTML may hold no <input> or data attribute (sanitize.clean_body):
   the box is built here, from the texts the page carries in <aside class="gcm-filter">. */
(function () {
  "use strict";
  var box = document.querySelector("aside.gcm-filter");
  var list = document.getElementById("gcm-agencies");
  if (!box || !list) return;
  var label = box.querySelector(".gcm-filter__label");
  var status = box.querySelector(".gcm-filter__status");
  var shown = box.querySelector(".gcm-filter__shown");
  var none = box.querySelector(".gcm-filter__none");
  if (!label || !status || !shown || !none) return;
  var shownText = shown.textContent, noneText = none.textContent;
  shown.remove();
  none.remove();
  var lang = document.documentElement.lang || undefined;
  var numbers = new Intl.NumberFormat(lang);

  /* Digits of every script count as the same digits (a reader may type ১২ or ١٢ for 12):
     Unicode's decimal digits come in runs of ten, 0 to 9, so each digit's value is its
     place in its run of ten. Found once, on the first search. */
  var digitValues = null;
  function digits() {
    if (digitValues) return digitValues;
    digitValues = {};
    var decimal = /\p{Nd}/u, run = 0;
    for (var cp = 0x80; cp < 0x20000; cp++) {
      var c = String.fromCodePoint(cp);
      if (decimal.test(c)) digitValues[c] = String(run++ % 10);
      else run = 0;
    }
    return digitValues;
  }

  /* Names and licence numbers as registers write them: case, accents, spaces and
     punctuation do not count, so "sample de 0001" finds "SAMPLE-DE-0001". */
  function fold(text) {
    var values = digits();
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/\p{Nd}/gu, function (d) { return values[d] || d; })
      .replace(/[^\p{L}\p{N}]+/gu, "");
  }

  var entries = Array.prototype.map.call(list.children, function (item) {
    var name = item.querySelector(".gcm-agency__name");
    var licence = item.querySelector(".gcm-agency__licence");
    return {item: item, text: (name ? name.textContent : "") + " " +
                              (licence ? licence.textContent : "")};
  });

  var input = document.createElement("input");
  input.type = "search";
  input.id = "gcm-filter-input";
  input.autocomplete = "off";
  input.setAttribute("aria-controls", list.id);
  var labelled = document.createElement("label");
  labelled.htmlFor = input.id;
  labelled.className = label.className;
  labelled.textContent = label.textContent;
  label.replaceWith(labelled);
  labelled.after(input);

  function filter() {
    var query = fold(input.value);
    var count = 0;
    entries.forEach(function (entry) {
      if (entry.folded === undefined) entry.folded = fold(entry.text);
      var match = !query || entry.folded.indexOf(query) >= 0;
      entry.item.hidden = !match;
      if (match) count++;
    });
    status.textContent = !input.value.trim() ? "" : count ? shownText
      .replace("{shown}", numbers.format(count))
      .replace("{total}", numbers.format(entries.length)) : noneText;
  }
  input.addEventListener("input", filter);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
  box.classList.add("gcm-filter--on");
})();
