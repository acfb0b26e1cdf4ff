/*
 * Help center, small enhancements over pages that work without JavaScript:
 * - the feedback block's answer is read out through its status region;
 * - on the home page, the header's search shows once the band's search box is scrolled past
 *   (accessibility.css hides it while the band is on screen);
 * - the 404 page, which holds every language's message, keeps the one of the language whose
 *   folder starts the address (most hosts serve the root 404.html for every address).
 */
(function () {
  "use strict";

  function enhanceFeedback(block) {
    var status = block.querySelector("[data-hc-feedback-status]");
    if (!status) return;
    block.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input[type=radio]")) return;
      var answer = document.getElementById(input.getAttribute("aria-controls"));
      var first = answer && answer.querySelector("p");
      status.textContent = first ? first.textContent.replace(/\s+/g, " ").trim() : "";
    });
  }

  function watchBand(band) {
    if (!("IntersectionObserver" in window)) {
      band.setAttribute("data-hc-passed", "");
      return;
    }
    new IntersectionObserver(function (entries) {
      var entry = entries[entries.length - 1];
      if (entry.isIntersecting) band.removeAttribute("data-hc-passed");
      else band.setAttribute("data-hc-passed", "");
    }).observe(band.querySelector("form") || band);
  }

  function pickLanguage(box) {
    var blocks = box.querySelectorAll("[data-hc-folder]");
    var path = window.location.pathname;
    var chosen = null;
    for (var i = 0; i < blocks.length; i++) {
      var folder = blocks[i].getAttribute("data-hc-folder");
      var longer = !chosen || folder.length > chosen.getAttribute("data-hc-folder").length;
      if (path.indexOf(folder) === 0 && longer) chosen = blocks[i];
    }
    if (!chosen) return;
    for (var j = 0; j < blocks.length; j++) blocks[j].hidden = blocks[j] !== chosen;
    document.documentElement.lang = chosen.lang;
    document.title = chosen.getAttribute("data-hc-title") || document.title;
  }

  function each(selector, action) {
    var found = document.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) action(found[i]);
  }

  function init() {
    each("[data-hc-feedback]", enhanceFeedback);
    each("[data-hc-band]", watchBand);
    each("[data-hc-not-found]", pickLanguage);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
