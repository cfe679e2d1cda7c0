// The site's search (overrides/partials/search.html draws the box in Material's header).
//
// Nothing of the index is fetched before the reader opens search: then Pagefind's script and the
// small root of the citation index, and for each query only the chunk of the index holding its words
// and the records shown (export/search_index.py, render/search.py). A query shaped like a citation
// ("art 40(8)", "Article 40, paragraph 8", "Budapest 15", "BC art 27(4)", "CND 61") offers the
// provision itself first, with its words, and Enter goes there; a bare article number that both texts
// have ("article 15") offers the default text's and, below it, "Also: Budapest Convention Art 15".
// Results are paragraphs: a hit leads to the paragraph, subparagraph or commentary paragraph it is
// in, and shows that paragraph's words. A proposal is always shown as a proposal, never as the text.
//
// Keys: "/" or "s" opens search, Esc closes it, Up and Down move through the results, Enter follows
// the first result (or the one in focus). Everything a record holds is put in as text, never as HTML.
(function () {
  var PAGE_SIZE = 10;
  var WINDOW = 36; // words of a paragraph shown around its first hit
  var root = document.querySelector("[data-tc-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var list = root.querySelector(".md-search-result__list");
  var status = root.querySelector(".md-search-result__meta");
  var more = root.querySelector(".tc-search-more");
  var filterBox = root.querySelector(".tc-search-filters");
  var selects = Array.prototype.slice.call(root.querySelectorAll(".tc-search-filters select"));
  var pagefind = null;
  var shown = 0;
  var current = null; // the Pagefind search on screen
  var citeHits = [];
  var generation = 0;
  var timer = null;

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (error) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function say(text) { status.textContent = text; }

  // A result leads only to a page of this site: an address a record or a citation file holds that resolves
  // anywhere else (another host, a javascript: or data: URL) is never made a link.
  function onSite(address) {
    var base = siteBase();
    var url;
    try { url = new URL(address, base); } catch (error) { return null; }
    return url.origin === base.origin && (url.protocol === "http:" || url.protocol === "https:") ? url : null;
  }

  // ---------------------------------------------------------------- loading, when search opens
  function loadPagefind() {
    if (pagefind) return pagefind;
    var bundle = new URL("pagefind/", siteBase()).href;
    pagefind = import(bundle + "pagefind.js").then(function (module) {
      return module.options({ basePath: bundle, excerptLength: WINDOW }).then(function () {
        module.init();
        return module.filters().then(function (filters) { fillFilters(filters); return module; });
      });
    });
    pagefind.catch(function () {
      pagefind = null;
      say("Search is not available: this copy of the site has no search index (it is made by a full build, `make site`).");
    });
    return pagefind;
  }

  function fillFilters(filters) {
    selects.forEach(function (select) {
      var values = Object.keys(filters[select.name] || {}).sort(function (a, b) { return a.localeCompare(b); });
      if (select.name === "kind") values.sort(function (a, b) { return kindOrder(a) - kindOrder(b); });
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.disabled = values.length === 0;
    });
    filterBox.hidden = false;
  }

  function kindOrder(label) {
    var order = ["Treaty text", "Commentary", "Proposal", "Tracker"];
    var at = order.indexOf(label);
    return at < 0 ? order.length : at;
  }

  // ---------------------------------------------------------------- opening and closing
  function open() {
    if (!toggle.checked) toggle.checked = true;
    input.focus();
    loadPagefind();
    citations.load();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) open();
  });
  input.addEventListener("focus", function () { if (!toggle.checked) open(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });

  function editable(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!toggle.checked) {
      if ((event.key === "/" || event.key === "s") && !editable(document.activeElement)) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    var links = Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (document.activeElement !== input && at < 0) return; // a filter keeps its own arrows
      event.preventDefault();
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus();
      else if (next < links.length) links[next].focus();
    } else if (event.key === "Enter" && document.activeElement === input) {
      event.preventDefault();
      follow();
    }
  });

  function follow() {
    // A citation resolves without the index; the first result otherwise.
    var query = input.value;
    citations.resolve(query).then(function (hits) {
      if (input.value !== query) return;
      if (hits.length) { window.location.href = hits[0].href; return; }
      var first = list.querySelector("a.md-search-result__link");
      if (first) window.location.href = first.href;
    });
  }

  // ---------------------------------------------------------------- searching
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  selects.forEach(function (select) { select.addEventListener("change", run); });
  more.addEventListener("click", function () { showMore(generation); });

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) { if (select.value) filters[select.name] = select.value; });
    return filters;
  }

  function run() {
    var mine = ++generation;
    var query = input.value.trim();
    var filters = chosenFilters();
    if (!query && !Object.keys(filters).length) {
      list.textContent = "";
      more.hidden = true;
      current = null;
      say("Type to start searching");
      return;
    }
    say("Searching…");
    var cited = Object.keys(filters).length ? Promise.resolve([]) : citations.resolve(query);
    var loaded = loadPagefind();
    var found = loaded ? loaded.then(function (module) { return ranked(module, query, filters); }) : Promise.resolve(null);
    Promise.all([cited, found.catch(function () { return null; })]).then(function (both) {
      if (mine !== generation) return;
      citeHits = both[0];
      current = both[1];
      list.textContent = "";
      shown = 0;
      citeHits.forEach(function (hit, index) { list.appendChild(citationItem(hit, index > 0)); });
      return showMore(mine);
    });
  }

  // The treaty's own words before what is said about them: when no kind is chosen, a result of the treaty
  // text counts TEXT_BOOST times its score (the same search filtered to the text tells which they are; it
  // reads the chunks the first one fetched, so it costs no download).
  var TEXT_BOOST = 2.5;
  var TEXT_KIND = "Treaty text";
  function ranked(module, query, filters) {
    var all = module.search(query || null, { filters: filters });
    if (filters.kind || !query) return all;
    var textOnly = module.search(query, { filters: Object.assign({ kind: TEXT_KIND }, filters) });
    return Promise.all([all, textOnly]).then(function (both) {
      if (!both[0] || !both[1]) return both[0];
      var text = {};
      both[1].results.forEach(function (result) { text[result.id] = true; });
      var results = both[0].results.map(function (result, at) { return { result: result, at: at, score: result.score * (text[result.id] ? TEXT_BOOST : 1) }; });
      results.sort(function (a, b) { return b.score - a.score || a.at - b.at; });
      return { results: results.map(function (entry) { return entry.result; }), filters: both[0].filters };
    });
  }

  function showMore(mine) {
    if (!current) {
      more.hidden = true;
      if (!citeHits.length && pagefind) say("No results");
      return Promise.resolve();
    }
    var page = current.results.slice(shown, shown + PAGE_SIZE);
    shown += page.length;
    return Promise.all(page.map(function (result) { return result.data(); })).then(function (records) {
      if (mine !== generation) return;
      records.forEach(function (record) { var li = resultItem(record); if (li) list.appendChild(li); });
      var total = current.results.length;
      more.hidden = shown >= total;
      if (!total && !citeHits.length) say("No results");
      else if (!total) say("The provision cited; no other results");
      else say((total === 1 ? "1 result" : total + " results") + (citeHits.length ? ", after the provision cited" : ""));
    });
  }

  // ---------------------------------------------------------------- drawing a result (text only)
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function item(href, kind, parts) {
    var li = element("li", "md-search-result__item tc-hit tc-hit--" + kind);
    var link = element("a", "md-search-result__link");
    link.href = href;
    var article = element("article", "md-search-result__article md-typeset");
    parts.forEach(function (part) { if (part) article.appendChild(part); });
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function kindLine(badge, detail) {
    var line = element("p", "tc-hit-kind");
    line.appendChild(element("span", "tc-hit-badge", badge));
    if (detail) line.appendChild(element("span", "tc-hit-detail", detail));
    return line;
  }

  function citationItem(hit, also) {
    var title = element("p", "tc-hit-title", (also ? "Also: " : "") + hit.title);
    var li = item(hit.href, "citation", [kindLine(also ? "Treaty text · also" : "Treaty text · the provision cited", hit.label), title,
      hit.words ? element("p", "tc-hit-words", hit.words) : null, hit.note ? element("p", "tc-hit-note", hit.note) : null]);
    li.classList.add("tc-cite-result");
    return li;
  }

  var BADGES = { text: "Treaty text", commentary: "Commentary", proposal: "Proposal · not adopted", tracker: "Tracker", page: "Page" };

  function resultItem(record) {
    var meta = record.meta || {};
    var name = meta.name || meta.title || "";
    var kind = Object.prototype.hasOwnProperty.call(BADGES, meta.kind) ? meta.kind : "page";
    var labels = {};
    try { labels = JSON.parse(meta.anchors || "{}"); } catch (error) { labels = {}; }
    var words = (record.content || "").split(/\s+/);
    // The anchors the page has (a record's paragraphs, notes, rows), in order; a record's words start at the first.
    var anchors = (record.anchors || []).filter(function (a) { return a.id && (Object.prototype.hasOwnProperty.call(labels, a.id) || kind === "page"); })
      .sort(function (a, b) { return a.location - b.location; });
    var bodyStart = anchors.length && kind !== "page" ? anchors[0].location : 0;
    var scored = (record.weighted_locations || []).filter(function (w) { return w.location >= bodyStart; });
    if (!scored.length) scored = (record.locations || []).filter(function (at) { return at >= bodyStart; })
      .map(function (at) { return { location: at, balanced_score: 1 }; });
    var hits = scored.map(function (w) { return w.location; });
    // The paragraph that matches best (the most and rarest words), and its best word.
    var anchor = null, best = -1, first = bodyStart, start = bodyStart, end = words.length;
    var segments = anchors.length && anchors[0].location <= bodyStart ? anchors : [{ location: bodyStart }].concat(anchors);
    segments.forEach(function (a, i) {
      var to = i + 1 < segments.length ? segments[i + 1].location : words.length;
      var inside = scored.filter(function (w) { return w.location >= a.location && w.location < to; });
      var score = inside.reduce(function (sum, w) { return sum + w.balanced_score; }, 0);
      if (inside.length && score > best) {
        best = score;
        anchor = a.id ? a : null;
        start = a.location;
        end = to;
        first = inside.slice().sort(function (x, y) { return y.balanced_score - x.balanced_score; })[0].location;
      }
    });
    if (best < 0) {
      // Only the heading matched: the record from its top (an article from its first paragraph, without a fragment).
      anchor = kind === "text" || !anchors.length ? null : anchors[0];
      end = segments.length > 1 ? segments[1].location : words.length;
    }
    var href = onSite(meta.url != null ? meta.url : (record.url || "").replace(/^\//, ""));
    if (!href) return null;
    if (anchor) href.hash = anchor.id;
    var place = anchor ? (labels[anchor.id] || anchor.text || "") : "";
    var detail = [meta.text, kind === "commentary" || kind === "tracker" || kind === "proposal" ? meta.place : null].filter(Boolean).join(" · ");
    // An article's title record: where the article is, rather than its title a second time.
    if (kind === "text" && !anchors.length && meta.place) return item(href.href, kind, [kindLine(BADGES[kind], detail), element("p", "tc-hit-title", name), element("p", "tc-hit-words", meta.place)]);
    var title = kind === "text" && place ? place + " · " + name : name;
    if (kind === "commentary" && place && place !== "Commentary") title += " · " + place.replace(/^Commentary, /, "");
    return item(href.href, kind, [kindLine(BADGES[kind], detail), element("p", "tc-hit-title", title), excerpt(words, start, end, first, hits)]);
  }

  function excerpt(words, start, end, first, hits) {
    var from = start, to = end;
    if (to - from > WINDOW) {
      from = Math.max(start, Math.min(first - Math.floor(WINDOW / 3), end - WINDOW));
      to = Math.min(end, from + WINDOW);
    }
    var marked = {};
    hits.forEach(function (at) { marked[at] = true; });
    var paragraph = element("p", "tc-hit-words");
    var pending = (from > start ? "… " : "");
    for (var i = from; i < to; i++) {
      if (!words[i]) continue;
      if (marked[i]) {
        paragraph.appendChild(document.createTextNode(pending));
        paragraph.appendChild(element("mark", null, words[i]));
        pending = " ";
      } else {
        pending += words[i] + " ";
      }
    }
    paragraph.appendChild(document.createTextNode(pending.replace(/ $/, "") + (to < end ? " …" : "")));
    return paragraph;
  }

  // ---------------------------------------------------------------- citations
  var citations = (function () {
    var ROOT = "assets/treaty-commentary/citations.json";
    var index = null, loading = null, shards = {};

    function load() {
      if (index) return Promise.resolve(index);
      if (!loading) {
        loading = fetch(new URL(ROOT, siteBase())).then(function (response) { return response.json(); })
          .then(function (data) { index = data; return data; }, function () { loading = null; return null; });
      }
      return loading;
    }

    function shard(instrument, number) {
      var id = instrument.articles[number];
      if (!id) return Promise.resolve(null);
      var path = "assets/treaty-commentary/citations/" + instrument.id + "/" + id + ".json";
      if (!shards[path]) {
        shards[path] = fetch(new URL(path, siteBase())).then(function (response) { return response.ok ? response.json() : null; })
          .catch(function () { delete shards[path]; return null; });
      }
      return shards[path];
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

    // The unit of ``instrument`` that ``parts`` names, or the nearest one that exists (exact: false).
    function lookup(instrument, parts) {
      return shard(instrument, parts[0]).then(function (article) {
        if (!article) return null;
        for (var n = parts.length; n > 0; n--) {
          var unit = article.units[keyOf(parts.slice(0, n))];
          var target = unit && onSite(unit[0]);
          if (target) {
            var exact = n === parts.length;
            return { href: target.href, title: instrument.label + ", " + unit[1], label: instrument.label, words: unit[2],
              exact: exact, note: exact ? "" : keyOf(parts) + " does not exist; the nearest provision is shown" };
          }
        }
        return null;
      });
    }

    // Promise of the provisions a query cites, best first (none when it is not a citation).
    function resolve(raw) {
      var query = normalise(raw);
      if (!/\d/.test(query)) return Promise.resolve([]);
      return load().then(function (data) {
        if (!data) return [];
        var draft = null, instrument = null, name = "";
        data.drafts.forEach(function (d) { var n = startsWithName(query, d.aliases); if (n.length > name.length) { name = n; draft = d; } });
        data.instruments.forEach(function (i) { var n = startsWithName(query, i.aliases); if (n.length > name.length) { name = n; instrument = i; draft = null; } });
        var parts = labels(query.slice(name.length));
        if (!parts) return [];
        if (draft) {
          var target = draft.entries[keyOf(parts)] || draft.entries[parts[0]];
          var to = data.instruments.filter(function (i) { return i.id === draft.instrument; })[0];
          if (!target || !to) return [];
          var targetParts = labels(target[0]);
          return targetParts ? lookup(to, targetParts).then(function (hit) {
            if (!hit) return [];
            hit.title = draft.label + " art " + keyOf(parts) + " → " + hit.title;
            return [hit];
          }) : [];
        }
        if (name) return lookup(instrument, parts).then(function (hit) { return hit ? [hit] : []; });
        // No text named: the default text's provision, then any other text's of the same number.
        var texts = data.instruments.slice().sort(function (a, b) { return (b.default ? 1 : 0) - (a.default ? 1 : 0); });
        return Promise.all(texts.map(function (i) { return lookup(i, parts); })).then(function (found) {
          var first = found[0];
          var others = found.slice(1).filter(function (hit) { return hit && hit.exact; });
          return (first ? [first] : []).concat(others);
        });
      });
    }

    return { load: load, resolve: resolve };
  })();
})();
