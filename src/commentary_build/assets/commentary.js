// "Copy citation" next to each paragraph number: the OSCOLA citation is in data-cite,
// so the page works without this script; it only adds the button.
(function () {
  function enhance(root) {
    root.querySelectorAll("a.tc-num[data-cite]").forEach(function (link) {
      if (link.nextElementSibling && link.nextElementSibling.classList.contains("tc-copy-cite")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tc-copy-cite";
      button.textContent = "cite";
      button.setAttribute("aria-label", "Copy citation: " + link.dataset.cite);
      button.addEventListener("click", function () {
        var text = link.dataset.cite;
        var done = function () { button.textContent = "copied"; setTimeout(function () { button.textContent = "cite"; }, 1500); };
        if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { window.prompt("Citation", text); });
        else window.prompt("Citation", text);
      });
      link.insertAdjacentElement("afterend", button);
    });
  }
  if (window.document$) window.document$.subscribe(function () { enhance(document); });
  else document.addEventListener("DOMContentLoaded", function () { enhance(document); });
})();

// Search that understands citations. A query shaped like a citation ("art 40(8)",
// "Article 40, paragraph 8", "Budapest 15", "BC art 27(4)", "CND 61") is resolved against
// the citation index the build publishes, and the provision itself becomes the first
// result; Enter goes straight there. Other queries are left to Material's search.
(function () {
  var INDEX = "assets/treaty-commentary/citations.json";
  var index = null;
  var loading = null;

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (error) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function load() {
    if (index || loading) return loading;
    loading = fetch(new URL(INDEX, siteBase())).then(function (response) { return response.json(); })
      .then(function (data) { index = data; return data; }, function () { loading = null; });
    return loading;
  }

  function normalise(text) {
    return text.toLowerCase().replace(/[¶§]/g, " para ").replace(/[.,;:]/g, " ").replace(/\s+/g, " ").trim();
  }

  function startsWithName(query, names) {
    var best = "";
    names.forEach(function (name) {
      if (name.length > best.length && (query === name || query.indexOf(name + " ") === 0 || (query.indexOf(name) === 0 && /\d/.test(query.charAt(name.length))))) best = name;
    });
    return best;
  }

  // "40(21)(b)", "40 para 21 (b)", "40 paragraph 21 subparagraph b" -> ["40", "21", "b"]
  function labels(rest) {
    var words = rest.replace(/\b(articles?|arts?|paragraphs?|paras?|subparagraphs?|subparas?|sub-paragraphs?|and|of)\b/g, " ")
      .replace(/[()]/g, " ").trim();
    if (!words) return null;
    var parts = words.split(/\s+/);
    if (!/^\d+[a-z]?$/.test(parts[0])) return null;
    for (var i = 1; i < parts.length; i++) if (!/^([0-9]+|[a-z]{1,4})$/.test(parts[i])) return null;
    return parts;
  }

  function keyOf(parts) {
    return parts[0] + parts.slice(1).map(function (p) { return "(" + p + ")"; }).join("");
  }

  function resolve(raw) {
    if (!index) return null;
    var query = normalise(raw);
    if (!/\d/.test(query)) return null;
    var draft = null, instrument = null, name = "";
    index.drafts.forEach(function (d) { var n = startsWithName(query, d.aliases); if (n.length > name.length) { name = n; draft = d; } });
    index.instruments.forEach(function (i) { var n = startsWithName(query, i.aliases); if (n.length > name.length) { name = n; instrument = i; draft = null; } });
    var parts = labels(query.slice(name.length));
    if (!parts) return null;
    if (draft) {
      var target = draft.entries[keyOf(parts)] || draft.entries[parts[0]];
      if (!target) return null;
      instrument = index.instruments.filter(function (i) { return i.id === draft.instrument; })[0];
      var unit = instrument && instrument.units[target[0]];
      return unit ? { href: unit[0], title: draft.label + " art " + keyOf(parts) + " → " + target[1], text: instrument.label + ", " + unit[1] } : null;
    }
    if (!name) instrument = index.instruments.filter(function (i) { return i.default; })[0] || index.instruments[0];
    if (!instrument) return null;
    for (var n = parts.length; n > 0; n--) {
      var found = instrument.units[keyOf(parts.slice(0, n))];
      if (found) {
        var exact = n === parts.length;
        return { href: found[0], title: instrument.label + ", " + found[1], text: exact ? "Go to the provision" : "Nearest provision: " + keyOf(parts) + " does not exist" };
      }
    }
    return null;
  }

  function render(result) {
    var list = document.querySelector(".md-search-result__list");
    if (!list) return;
    var old = list.querySelector(".tc-cite-result");
    if (old) old.remove();
    if (!result) return;
    var item = document.createElement("li");
    item.className = "md-search-result__item tc-cite-result";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(result.href, siteBase()).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    // Material's Enter follows the result with the highest score: this one.
    article.setAttribute("data-md-score", "1000000");
    var title = document.createElement("h1");
    title.textContent = result.title;
    var text = document.createElement("p");
    text.textContent = result.text;
    article.appendChild(title);
    article.appendChild(text);
    link.appendChild(article);
    item.appendChild(link);
    list.insertBefore(item, list.firstChild);
  }

  function setup() {
    var input = document.querySelector(".md-search__input");
    var list = document.querySelector(".md-search-result__list");
    if (!input || !list || input.dataset.tcCitations) return;
    input.dataset.tcCitations = "1";
    var current = null;
    var update = function () { current = resolve(input.value); if (!list.querySelector(".tc-cite-result") || !current) render(current); };
    input.addEventListener("focus", function () { var p = load(); if (p) p.then(update); });
    input.addEventListener("input", function () { var p = load(); if (p) p.then(update); else update(); });
    // Material rebuilds the list for every query: put the citation back on top when it does.
    new MutationObserver(function () { if (current && !list.querySelector(".tc-cite-result")) render(current); }).observe(list, { childList: true });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var result = resolve(input.value);
      if (!result) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      window.location.href = new URL(result.href, siteBase()).href;
    }, true);
  }

  if (window.document$) window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();

// ======================================================================================
// Reader pages (read-pages): the tracker's status filter, the matrix's scroll shadows and
// hint, the address and date in "How to cite". Each only adds to a page that already
// reads correctly without scripts (every row shows; the hint shows; the citation says what to add).
// ======================================================================================
(function () {
  function trackerFilter(root) {
    root.querySelectorAll("[data-tc-filter='tracker']").forEach(function (form) {
      if (form.dataset.tcReady) return;
      form.dataset.tcReady = "1";
      var rows = Array.prototype.slice.call(document.querySelectorAll("table.tc-tracker tbody tr[data-status]"));
      var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name='status']"));
      var count = form.querySelector(".tc-filter-count");
      function apply() {
        var shown = {};
        boxes.forEach(function (box) { shown[box.value] = box.checked; });
        var visible = 0;
        rows.forEach(function (row) {
          var show = shown[row.dataset.status] !== false;
          row.hidden = !show;
          if (show) visible++;
        });
        count.textContent = visible === rows.length ? "Showing all " + rows.length + " recommendations."
          : "Showing " + visible + " of " + rows.length + " recommendations.";
      }
      boxes.forEach(function (box) { box.addEventListener("change", apply); });
      form.querySelector(".tc-filter-all").addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = true; });
        apply();
      });
      form.hidden = false;
      apply();
    });
  }

  function scrollFrames(root) {
    root.querySelectorAll("[data-tc-scroll]").forEach(function (frame) {
      var scroller = frame.firstElementChild;
      var hint = frame.previousElementSibling && frame.previousElementSibling.classList.contains("tc-scroll-hint") ? frame.previousElementSibling : null;
      if (!scroller || frame.dataset.tcReady) return;
      frame.dataset.tcReady = "1";
      function update() {
        var overflow = scroller.scrollWidth - scroller.clientWidth > 1;
        frame.classList.toggle("tc-more-left", overflow && scroller.scrollLeft > 1);
        frame.classList.toggle("tc-more-right", overflow && scroller.scrollLeft < scroller.scrollWidth - scroller.clientWidth - 1);
        if (hint) hint.hidden = !overflow;
      }
      scroller.addEventListener("scroll", update, { passive: true });
      window.addEventListener("resize", update);
      update();
    });
  }

  function citeAddress(root) {
    root.querySelectorAll("[data-tc-cite-where]").forEach(function (where) {
      var config = document.getElementById("__config");
      var base = ".";
      try { base = JSON.parse(config.textContent).base || "."; } catch (error) { /* keep "." */ }
      var home = new URL(base.replace(/\/?$/, "/"), window.location.href).href;
      var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
      where.textContent = " <" + home + "> accessed " + today;
    });
  }

  function enhance() {
    trackerFilter(document);
    scrollFrames(document);
    citeAddress(document);
  }
  if (window.document$) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();
