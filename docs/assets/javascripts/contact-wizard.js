/* The «¿Con qué equipo debo contactar?» wizard (rendered by hooks/contact_wizard.py).
   Without this script every step is a #fragment reached by plain links. With it, each
   question becomes radio buttons and «Continuar»; the URL keeps the step's fragment
   (pushState), so reload, deep links and back/forward keep working. */
(function () {
  "use strict";
  var root = document.getElementById("contact-wizard");
  if (!root || !window.history || !history.pushState) return;
  var steps = root.querySelectorAll(".cw-step");
  var start = root.getAttribute("data-start");

  // The step with this id, or null.
  function step(id) {
    var el = id && document.getElementById(id);
    return el && el.classList.contains("cw-step") && root.contains(el) ? el : null;
  }

  // The step named by the URL's fragment; the start when there is none; null for other ids.
  function current() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* keep it raw */ }
    return id ? step(id) : step(start);
  }

  // How many wizard steps this tab has pushed before the current entry.
  function depth() {
    return (history.state && history.state.cwDepth) || 0;
  }

  // Show one step; move the focus to its question or result when asked.
  function show(el, focus) {
    for (var i = 0; i < steps.length; i++) steps[i].hidden = steps[i] !== el;
    if (focus) el.querySelector(".cw-focus").focus();
  }

  // Go to a step, recording it in the history ("push") or in place of the current entry.
  function go(id, how) {
    var el = step(id);
    if (!el) return;
    var d = how === "push" ? depth() + 1 : depth();
    history[how + "State"]({ cwDepth: d }, "", "#" + id);
    show(el, true);
  }

  // Copy an e-mail address, then say so on the button for a moment.
  function copy(button) {
    var text = button.getAttribute("data-copy");
    var label = button.firstChild;
    function done() {
      var before = label.textContent;
      label.textContent = button.getAttribute("data-done");
      setTimeout(function () { label.textContent = before; }, 2000);
    }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "cw-vh";
      document.body.appendChild(area);
      area.select();
      try { if (document.execCommand("copy")) done(); } catch (e) { /* nothing to do */ }
      document.body.removeChild(area);
      button.focus();
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  root.classList.add("cw-js");
  var parts = root.querySelectorAll("[data-cw-js], [data-cw-nojs]");
  for (var i = 0; i < parts.length; i++) parts[i].hidden = parts[i].hasAttribute("data-cw-nojs");
  history.replaceState({ cwDepth: depth() }, "", location.href);
  show(current() || step(start), false);

  root.addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var chosen = form.querySelector("input:checked");
    var error = form.querySelector(".cw-error");
    error.hidden = !!chosen;
    if (chosen) go(chosen.value, "push");
    else form.querySelector("input").focus();
  });

  root.addEventListener("click", function (event) {
    var target = event.target.closest("button, a");
    if (!target) return;
    if (target.classList.contains("cw-back")) {
      if (depth() > 0) history.back();
      else go(target.closest(".cw-step").getAttribute("data-back") || start, "replace");
    } else if (target.classList.contains("cw-restart")) {
      event.preventDefault();
      go(start, "push");
    } else if (target.classList.contains("cw-copy")) {
      copy(target);
    }
  });

  // Back/forward: show the step of the URL. The browser then moves the focus to the page
  // when the fragment changes (hashchange comes after), so the focus is set again there.
  window.addEventListener("popstate", function () {
    var el = current();
    if (el && el.hidden) show(el, true);
  });
  window.addEventListener("hashchange", function () {
    var el = current();
    if (el && (el.hidden || !root.contains(document.activeElement))) show(el, true);
  });
})();
