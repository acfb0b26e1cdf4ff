/*
 * What to do when a search finds nothing: shows the block under the search dialog's
 * results (overrides/partials/search-none.html) when the query in the box found no page.
 *
 * The search worker (worker.js) answers Material's search box, then says on the
 * BroadcastChannel "hc-search" how many pages a query found: { lang, query, count }. An
 * answer counts here only if it is in the page's language and for the query in the box now
 * (an older answer, or another tab's, is ignored). The texts are the template's; this
 * only fills in the query and shows or hides the block.
 */
(function () {
  "use strict";

  var CHANNEL = "hc-search";

  function init() {
    var block = document.querySelector("[data-hc-search-none]");
    var input = document.querySelector("input.md-search__input");
    if (!block || !input || typeof BroadcastChannel !== "function") return;
    var query = block.querySelector("[data-hc-search-query]");
    var title = block.querySelector(".hc-search-none__title");
    var status = document.querySelector("[data-hc-search-status]");
    var language = block.getAttribute("data-hc-search-lang");

    function show(none) {
      block.hidden = !none;
      if (status) status.textContent = none && title ? title.textContent : "";
    }

    new BroadcastChannel(CHANNEL).addEventListener("message", function (event) {
      var answer = event.data || {};
      if (answer.lang !== language || answer.query !== input.value) return;
      var none = answer.count === 0 && answer.query.trim() !== "";
      if (none) query.textContent = answer.query.trim();
      show(none);
    });
    input.addEventListener("input", function () {
      if (!input.value.trim()) show(false);
    });
    if (input.form) input.form.addEventListener("reset", function () {
      show(false);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
