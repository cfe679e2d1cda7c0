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
