// The book's script: copy buttons, the small-screen menu, and search over
// an index built with the book (search-index.js), so it works from file://.
(function () {
  "use strict";

  function setUpCopyButtons() {
    document.querySelectorAll(".code .copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var code = button.parentElement.querySelector("code").innerText;
        var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy"; }, 1500); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(code).then(done, function () { fallbackCopy(code); done(); });
        } else {
          fallbackCopy(code);
          done();
        }
      });
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  function setUpMenu() {
    var button = document.querySelector(".menu-button");
    var nav = document.querySelector("nav.sidebar");
    if (button && nav) button.addEventListener("click", function () { nav.classList.toggle("open"); });
  }

  // Pages whose text holds every word of the query, best first: a word in
  // the title counts most, then in a heading, then in the text.
  function search(query) {
    var words = query.toLowerCase().split(/[^a-z0-9_.-]+/).filter(function (w) { return w.length > 1; });
    if (!words.length || !window.BOOK_SEARCH) return [];
    var results = [];
    window.BOOK_SEARCH.forEach(function (page) {
      var title = page.title.toLowerCase(), headings = page.headings.join(" ").toLowerCase(), text = page.text;
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        var inText = text.indexOf(w) >= 0, inTitle = title.indexOf(w) >= 0, inHeadings = headings.indexOf(w) >= 0;
        if (!inText && !inTitle && !inHeadings) return;
        score += (inTitle ? 10 : 0) + (inHeadings ? 4 : 0) + (inText ? 1 : 0);
      }
      var at = text.indexOf(words[0]);
      var snippet = at >= 0 ? text.slice(Math.max(0, at - 60), at + 90) : text.slice(0, 150);
      results.push({ page: page, score: score, snippet: snippet });
    });
    results.sort(function (a, b) { return b.score - a.score; });
    return results.slice(0, 12);
  }

  function setUpSearch() {
    var input = document.querySelector(".search input");
    var list = document.querySelector(".search-results");
    if (!input || !list) return;
    var show = function () {
      list.innerHTML = "";
      search(input.value).forEach(function (result) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = result.page.url;
        link.textContent = result.page.title;
        var small = document.createElement("small");
        small.textContent = "…" + result.snippet + "…";
        item.appendChild(link);
        item.appendChild(small);
        list.appendChild(item);
      });
    };
    input.addEventListener("input", show);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { input.value = query; show(); }
  }

  // For the book's browser tests: with #selftest, the page reports its own
  // width and search results as attributes of <body>.
  function selfTest() {
    if (window.location.hash !== "#selftest") return;
    document.body.setAttribute("data-scroll-width", String(document.documentElement.scrollWidth));
    document.body.setAttribute("data-client-width", String(document.documentElement.clientWidth));
    var links = Array.prototype.map.call(document.querySelectorAll(".search-results a"), function (a) { return a.getAttribute("href"); });
    document.body.setAttribute("data-search-results", links.join(" "));
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpCopyButtons();
    setUpMenu();
    setUpSearch();
    selfTest();
  });
})();
