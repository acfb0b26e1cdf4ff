/* The «¿Con qué equipo debo contactar?» wizard (rendered by hooks/contact_wizard.py).
   Without this script every step is a #fragment reached by plain links. With it, each
   question becomes radio buttons and «Continuar»; the URL keeps the step's fragment
   (pushState), so reload, deep links and back/forward keep working; the answers travel in
   the history entry. Team results fill the request in as the customer types: nothing is
   stored or sent (a mailto: opens the customer's own mail client). */
(function () {
  "use strict";
  var root = document.getElementById("contact-wizard");
  if (!root || !window.history || !history.pushState) return;
  var steps = root.querySelectorAll(".cw-step");
  var start = root.getAttribute("data-start");
  var UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

  // A text of the wizard's data file, in the page's language.
  function L(key) { return root.getAttribute("data-l-" + key) || ""; }

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

  function state() { return history.state || {}; }
  function depth() { return state().cwDepth || 0; }
  function path() { return state().cwPath || null; }

  // Scroll a step's top just below Material's sticky header (and its «back to top» button).
  function reveal(el) {
    var header = document.querySelector(".md-header");
    var top = document.querySelector(".md-top");
    var off = (header ? header.getBoundingClientRect().bottom : 0) + (top ? top.offsetHeight + 16 : 8);
    window.scrollTo(0, Math.max(0, el.getBoundingClientRect().top + window.pageYOffset - off));
  }

  // The language switch opens the same step in the other language.
  function keepStep(id) {
    var links = document.querySelectorAll("a.md-select__link[hreflang]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").split("#")[0];
      links[i].setAttribute("href", id === start ? href : href + "#" + id);
    }
  }

  // Progress line of a question, and the answers given on a result (when this tab knows them).
  function describe(el, answers) {
    var line = el.querySelector(".cw-progress");
    var list = el.querySelector(".cw-answers");
    if (!answers) { if (list) list.hidden = true; return; }
    if (!list) {
      var n = answers.length + 1;
      line.textContent = L("progress").replace("{n}", n)
        .replace("{total}", n - 1 + +el.getAttribute("data-left"));
      return;
    }
    list.textContent = "";
    list.hidden = !answers.length;
    var title = document.createElement("p");
    title.className = "cw-label";
    title.textContent = L("answers");
    var ul = document.createElement("ul");
    answers.forEach(function (a) {
      var q = step(a[0]);
      var input = q && q.querySelector('input[data-option="' + a[1] + '"]');
      if (!input) return;
      var li = document.createElement("li");
      var change = document.createElement("a");
      change.href = "#" + a[0];
      change.className = "cw-change";
      change.textContent = L("change");
      change.setAttribute("aria-label", L("change") + ": " + q.querySelector("h2").textContent);
      li.textContent = q.querySelector("h2").textContent + " — " + input.labels[0].textContent + " ";
      li.appendChild(change);
      ul.appendChild(li);
    });
    list.appendChild(title);
    list.appendChild(ul);
  }

  // Show one step; move the focus to its question or result (and scroll to it) when asked.
  function show(el, focus) {
    for (var i = 0; i < steps.length; i++) steps[i].hidden = steps[i] !== el;
    describe(el, path());
    keepStep(el.id);
    if (focus) {
      reveal(el);
      el.querySelector(".cw-focus").focus({ preventScroll: true });
    }
  }

  // Go to a step, recording it in the history ("push") or in place of the current entry.
  function go(id, how, answers) {
    var el = step(id);
    if (!el) return;
    var d = how === "push" ? depth() + 1 : depth();
    history[how + "State"]({ cwDepth: d, cwPath: answers }, "", "#" + id);
    show(el, true);
  }

  // The answers before a question (those given after it are dropped when it is changed).
  function before(id) {
    var answers = path();
    if (id === start) return [];
    for (var i = 0; answers && i < answers.length; i++) if (answers[i][0] === id) return answers.slice(0, i);
    return answers;
  }

  // Copy a text, then say so on the button for a moment.
  function copy(button) {
    var box = button.closest(".cw-compose");
    var text = box ? box.querySelector(".cw-message").textContent : button.getAttribute("data-copy");
    var label = button.firstChild;
    function done() {
      var was = label.textContent;
      label.textContent = button.getAttribute("data-done");
      setTimeout(function () { label.textContent = was; }, 2000);
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
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  // Say what was found in a field (nothing while it is empty).
  function say(input, found, text) {
    var msg = input && document.getElementById(input.id + "-msg");
    if (!msg) return;
    msg.textContent = input.value.trim() ? text : "";
    msg.className = "cw-msg" + (input.value.trim() && !found ? " cw-bad" : "");
  }

  // The request of a composer, from the identifier and the ticket number typed in it.
  function compose(box) {
    var idIn = box.querySelector(".cw-id"), tIn = box.querySelector(".cw-ticket");
    var id = (idIn.value.match(UUID) || [""])[0].toLowerCase();
    var tk = tIn ? (tIn.value.match(/\d+/) || [""])[0] : "";
    say(idIn, id, id ? L("account-found").replace("{id}", id) : L("account-none"));
    say(tIn, tk, tk ? L("ticket-found").replace("{ticket}", tk) : L("ticket-none"));
    function message(esc) {
      var sid = id || L("blank-id"), stk = tk || L("blank-ticket");
      var lines = [L("id-line") + ": " + sid];
      if (esc) lines.push(L("ticket-line") + ": " + stk);
      lines.push(L("description-line") + ": " + L("blank-description"));
      var subject = L(esc ? "subject-escalation" : "subject").replace("{id}", sid).replace("{ticket}", stk);
      return [subject, lines.join("\n")];
    }
    var main = message(false);
    box.querySelector(".cw-message").textContent = main[0] + "\n\n" + main[1];
    var links = box.querySelectorAll(".cw-mailto");
    for (var i = 0; i < links.length; i++) {
      var m = message(links[i].hasAttribute("data-esc"));
      links[i].href = "mailto:" + links[i].getAttribute("data-to") + "?subject=" +
        encodeURIComponent(m[0]) + "&body=" + encodeURIComponent(m[1].replace(/\n/g, "\r\n"));
    }
  }

  root.classList.add("cw-js");
  var parts = root.querySelectorAll("[data-cw-js], [data-cw-nojs]");
  for (var i = 0; i < parts.length; i++) parts[i].hidden = parts[i].hasAttribute("data-cw-nojs");
  history.replaceState({ cwDepth: depth(), cwPath: path() }, "", location.href);
  show(current() || step(start), false);

  root.addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var chosen = form.querySelector("input:checked");
    form.querySelector(".cw-error").hidden = !!chosen;
    if (!chosen) return form.querySelector("input").focus();
    var id = form.closest(".cw-step").id, answers = before(id);
    go(chosen.value, "push", answers && answers.concat([[id, chosen.getAttribute("data-option")]]));
  });

  root.addEventListener("input", function (event) {
    var box = event.target.closest(".cw-compose");
    if (box) compose(box);
  });

  root.addEventListener("click", function (event) {
    var target = event.target.closest("button, a");
    if (!target) return;
    if (target.classList.contains("cw-back")) {
      if (depth() > 0) history.back();
      else go(target.closest(".cw-step").getAttribute("data-back") || start, "replace", null);
    } else if (target.classList.contains("cw-restart")) {
      event.preventDefault();
      go(start, "push", []);
    } else if (target.classList.contains("cw-change")) {
      event.preventDefault();
      var id = target.getAttribute("href").slice(1);
      go(id, "push", before(id));
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
