/*
 * Help center: reads the feedback block's answer out to screen readers.
 *
 * The block works without JavaScript (CSS shows the answer of the radio button
 * chosen); this only copies that answer's first sentence into the block's
 * status region, so that assistive technology announces it.
 */
(function () {
  "use strict";

  function enhance(block) {
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

  function init() {
    var blocks = document.querySelectorAll("[data-hc-feedback]");
    for (var i = 0; i < blocks.length; i++) enhance(blocks[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
