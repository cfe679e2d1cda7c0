// The controls of each numbered paragraph (treaty text and commentary), one Tab stop per run of text.
// Every paragraph number is a permalink carrying its citation in data-cite, so the page works without
// this script. The script adds a "cite" button at the end of the paragraph's first line (shown on
// hover and focus, always on touch screens) and makes the numbers of one run of text a single Tab
// stop (a roving tabindex): Up and Down move between paragraphs, Home and End to the first and last,
// Right to the paragraph's cite button and Left back. Screen readers in browse mode reach every
// number and button as before.
(function () {
  var NUMBERS = "a.tc-num[data-cite], a.tc-para-num[data-cite]";
  var HINT_ID = "tc-number-keys";

  function hint() {
    var existing = document.getElementById(HINT_ID);
    if (existing) return existing;
    var note = document.createElement("p");
    note.id = HINT_ID;
    note.className = "tc-keys-hint";
    note.textContent = "Up and down arrows: other paragraphs. Right arrow: copy the citation.";
    document.body.appendChild(note);
    return note;
  }

  function copy(button, text) {
    var label = button.textContent;
    var done = function () { button.textContent = "copied"; setTimeout(function () { button.textContent = label; }, 1500); };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { window.prompt("Citation", text); });
    else window.prompt("Citation", text);
  }

  function citationOf(link) {
    // Commentary is cited as a web page, with its address and the date it was consulted (OSCOLA); the treaty text by its own citation.
    if (!link.hasAttribute("data-cite-link")) return link.dataset.cite;
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    return link.dataset.cite + " <" + link.href + "> accessed " + today;
  }

  function addButton(link) {
    var line = link.closest("p") || link.parentElement;
    if (line.querySelector(":scope > .tc-copy-cite")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tc-copy-cite";
    button.tabIndex = -1;
    button.textContent = "cite";
    // The name starts with the visible word, as speech input users say it.
    button.setAttribute("aria-label", "cite: copy the citation " + citationOf(link));
    button.setAttribute("data-search-exclude", "");
    button.tcNumber = link;
    link.tcButton = button;
    button.addEventListener("click", function () { copy(button, citationOf(link)); });
    line.appendChild(button);
  }

  function visible(element) { return element.offsetParent !== null || element.getClientRects().length > 0; }

  function numbersOf(run) {
    return Array.prototype.filter.call(run.querySelectorAll(NUMBERS), function (link) {
      return link.closest(".tc-text, .tc-note-body") === run && visible(link);
    });
  }

  function makeCurrent(run, link) {
    run.querySelectorAll(NUMBERS).forEach(function (other) {
      if (other.closest(".tc-text, .tc-note-body") !== run) return;
      other.tabIndex = -1;
      other.removeAttribute("aria-describedby");
    });
    link.tabIndex = 0;
    link.setAttribute("aria-describedby", HINT_ID);
  }

  function move(run, from, step) {
    var numbers = numbersOf(run);
    var at = numbers.indexOf(from);
    var next = step === "first" ? numbers[0] : step === "last" ? numbers[numbers.length - 1] : numbers[at + step];
    if (!next) return;
    makeCurrent(run, next);
    next.focus();
  }

  function enhance(root) {
    hint();
    root.querySelectorAll(".tc-text, .tc-note-body").forEach(function (run) {
      if (run.dataset.tcRoving) return;
      run.dataset.tcRoving = "1";
      var numbers = run.querySelectorAll(NUMBERS);
      if (!numbers.length) return;
      numbers.forEach(function (link) { if (link.closest(".tc-text, .tc-note-body") === run) addButton(link); });
      var first = numbersOf(run)[0] || numbers[0];
      makeCurrent(run, first);
      run.addEventListener("focusin", function (event) {
        if (event.target.matches && event.target.matches(NUMBERS) && event.target.closest(".tc-text, .tc-note-body") === run) makeCurrent(run, event.target);
      });
      run.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
        var target = event.target;
        var link = target.matches(NUMBERS) ? target : target.classList.contains("tc-copy-cite") ? target.tcNumber : null;
        if (!link || link.closest(".tc-text, .tc-note-body") !== run) return;
        var steps = { ArrowDown: 1, ArrowUp: -1, Home: "first", End: "last" };
        if (event.key in steps) move(run, link, steps[event.key]);
        else if (event.key === "ArrowRight" && target === link && link.tcButton) link.tcButton.focus();
        else if ((event.key === "ArrowLeft" || event.key === "Escape") && target !== link) link.focus();
        else return;
        event.preventDefault();
      });
    });
  }
  if (window.document$) window.document$.subscribe(function () { enhance(document); });
  else document.addEventListener("DOMContentLoaded", function () { enhance(document); });

  // Paragraphs folded into one line (a comparison's unmatched paragraphs) print in full.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.tc-unmatched:not([open])").forEach(function (details) { details.open = true; details.dataset.tcPrinted = "1"; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.tc-unmatched[data-tc-printed]").forEach(function (details) { details.open = false; delete details.dataset.tcPrinted; });
  });
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

  function siteHome() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (error) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href).href;
  }

  function today() { return new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }); }

  function citeAddress(root) {
    root.querySelectorAll("[data-tc-cite-where]").forEach(function (where) {
      where.textContent = " <" + siteHome() + "> accessed " + today();
    });
  }

  // An article's "Cite this article": the page's full address (the build may not know the site's) and today's date.
  function citePage(root) {
    root.querySelectorAll("[data-tc-page-url]").forEach(function (where) {
      where.textContent = new URL(where.textContent, siteHome()).href;
    });
    root.querySelectorAll("[data-tc-accessed]").forEach(function (when) { when.textContent = today(); });
  }

  // An article's jump row (article/header.html) is one tab stop, like the paragraph numbers: the arrow keys
  // (and Home, End) move between its numbers, so a keyboard reader reaches the text without 30 stops.
  var JUMP_KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  function jumpRow(root) {
    root.querySelectorAll("nav.tc-jump").forEach(function (row) {
      var links = Array.prototype.slice.call(row.querySelectorAll("a:not(.tc-jump-section)"));
      if (row.dataset.tcReady || links.length < 2) return;
      row.dataset.tcReady = "1";
      links.forEach(function (link, index) { link.tabIndex = index === 0 ? 0 : -1; });
      row.addEventListener("keydown", function (event) {
        var index = links.indexOf(document.activeElement);
        if (index < 0) return;
        var next = event.key === "Home" ? 0 : event.key === "End" ? links.length - 1
          : JUMP_KEYS[event.key] ? Math.max(0, Math.min(links.length - 1, index + JUMP_KEYS[event.key])) : null;
        if (next === null) return;
        event.preventDefault();
        links[index].tabIndex = -1;
        links[next].tabIndex = 0;
        links[next].focus();
      });
    });
  }

  function enhance() {
    citePage(document);
    jumpRow(document);
    trackerFilter(document);
    scrollFrames(document);
    citeAddress(document);
  }
  if (window.document$) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();

// ======================================================================================
// The adopted text first. A paragraph with drafting proposals shows three views (adopted text, blackline,
// proposed text) as tabs. A choice of view belongs to that widget and that moment: never linked to the
// other widgets or pages (mkdocs.yml leaves out Material's content.tabs.link), never kept in the address
// (Material writes the tab's id there on a click; partials/early.js.html undoes one found on arrival),
// never restored by the browser (on arrival and on every pageshow, which follows the browser's own
// restoring of form state and a return from the back-forward cache, every set shows its first view). A link to a paragraph that sits in a hidden view opens that view and
// scrolls there; the paragraph's scroll margin leaves room for the header, the caption that names the
// proposal and the tab labels, so the caption never lands under the sticky header.
// ======================================================================================
(function () {
  var VIEWS = ".tc-redline-views";

  function firstViews(root) {
    root.querySelectorAll(VIEWS + " > .tabbed-set, :scope > .tabbed-set").forEach(function (set) {
      var first = set.querySelector(":scope > input");
      // A click, not .checked: Material moves the tab's underline on the input's change event.
      if (first && !first.checked) first.click();
    });
  }

  function roomAbove(root) {
    root.querySelectorAll(VIEWS).forEach(function (views) {
      var content = views.querySelector(".tabbed-content");
      if (!content) return;
      var above = content.getBoundingClientRect().top - views.getBoundingClientRect().top;
      views.style.setProperty("--tc-views-head", Math.max(0, Math.round(above)) + "px");
    });
  }

  function target() {
    var id = window.location.hash.slice(1);
    if (!id) return null;
    try { id = decodeURIComponent(id); } catch (error) { /* keep it as written */ }
    return document.getElementById(id);
  }

  // The view holding the address's target, if it is not the one shown. An address naming a proposal's tab
  // (arrived at without a reload, so partials/early.js.html did not see it) leads to the paragraph.
  function reveal() {
    var element = target();
    // What is folded on screen (a comparison with another treaty, a proposal's rationale): an address inside it opens it.
    var fold = element && element.closest("details.tc-fold:not([open])");
    if (fold) {
      fold.open = true;
      element.scrollIntoView();
    }
    var views = element && element.matches("input") && element.closest(VIEWS);
    if (views) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search + "#" + views.dataset.unit);
      firstViews(views);
      element = target();
      if (element) element.scrollIntoView();
      return;
    }
    var block = element && element.closest(".tabbed-block");
    if (!block) return;
    var set = block.closest(".tabbed-set");
    var index = Array.prototype.indexOf.call(block.parentElement.children, block);
    var input = set && set.querySelectorAll(":scope > input")[index];
    if (!input || input.checked) return;
    input.click();
    element.scrollIntoView();
  }

  // A click on a tab's label selects the view without writing its id into the address.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".tabbed-labels > label > a[href^='#__tc_']");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();
    link.parentElement.click();
  }, true);

  function arrive() {
    firstViews(document);
    roomAbove(document);
    reveal();
    var element = target();
    // Scrolled by the browser before the room above was known: scroll again with it.
    if (element && element.closest(VIEWS)) element.scrollIntoView();
  }

  if (window.document$) window.document$.subscribe(arrive);
  else document.addEventListener("DOMContentLoaded", arrive);
  // After Material's own handling of the new address, which checks a tab input the address names.
  window.addEventListener("hashchange", function () { window.setTimeout(reveal, 0); });
  window.addEventListener("resize", function () { roomAbove(document); });
  // The browser puts back the inputs' state of an earlier visit (back, forward, reload) just before
  // pageshow, after the page has loaded, and a page from the back-forward cache comes back as it was left.
  window.addEventListener("pageshow", function () { firstViews(document); reveal(); });
})();
