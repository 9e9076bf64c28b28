// The directory list pages update in place: a filter change, a chip or a page link fetches the
// same URL with the header X-Requested-With: fetch, the view answers with the part below the
// search box, and the address bar follows (history.pushState), so every state can be shared.
// Without this script the form submits as a plain GET and the links are ordinary links.
(function () {
  "use strict";

  var form = document.getElementById("verzeichnis");
  var body = document.getElementById("verzeichnis-teil");
  var status = document.getElementById("verzeichnis-status");
  if (!form || !body || !window.fetch || !window.history.pushState) { return; }

  var pending = null;

  function urlFromForm() {
    var params = new URLSearchParams();
    var data = new FormData(form);
    var plz = (data.get("plz") || "").trim();
    data.forEach(function (value, name) {
      value = String(value).trim();
      if (value === "") { return; }
      // A radius means nothing without a postcode; keep the address short.
      if (name === "umkreis" && !plz) { return; }
      params.append(name, value);
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function focusKey(element) {
    if (!element || !body.contains(element)) { return null; }
    return { name: element.getAttribute("name"), value: element.getAttribute("value"), href: element.getAttribute("href") };
  }

  function restoreFocus(key) {
    var target = null;
    if (key && key.name) {
      var candidates = body.querySelectorAll("[name='" + key.name + "']");
      for (var i = 0; i < candidates.length; i++) {
        if (key.value === null || candidates[i].getAttribute("value") === key.value) { target = candidates[i]; break; }
      }
    }
    if (!target) {
      // The clicked chip or page link is gone: continue at the result count.
      target = body.querySelector("[data-result-count]");
      if (target) { target.setAttribute("tabindex", "-1"); }
    }
    if (target) { target.focus({ preventScroll: !key || !key.href }); }
  }

  function load(url, push) {
    var key = focusKey(document.activeElement);
    if (pending) { pending.abort(); }
    pending = new AbortController();
    body.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: pending.signal, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        body.innerHTML = html;
        body.removeAttribute("aria-busy");
        if (push) { window.history.pushState({ directory: true }, "", url); }
        syncSearchBox(url);
        syncLanguageLinks();
        var count = body.querySelector("[data-result-count]");
        if (status && count) { status.textContent = count.textContent.trim(); }
        restoreFocus(key);
        // The map (static/js/map.js) follows the list.
        document.dispatchEvent(new CustomEvent("directory:updated", { detail: { url: url } }));
      })
      .catch(function (error) {
        if (error.name === "AbortError") { return; }
        // Anything unexpected: fall back to an ordinary page load.
        window.location.href = url;
      });
  }

  function syncSearchBox(url) {
    var input = form.querySelector("input[name='q']");
    if (input && !body.contains(input)) {
      input.value = new URL(url, window.location.href).searchParams.get("q") || "";
    }
  }

  // The language switch links to this page in the other language, filters included; the
  // address just changed, so the links follow it (the path minus this language's prefix).
  function syncLanguageLinks() {
    var own = document.querySelector(".language-switch [aria-current]");
    var links = document.querySelectorAll(".language-switch a[data-language-prefix]");
    var ownPrefix = own ? own.getAttribute("data-language-prefix") : "";
    var path = window.location.pathname;
    if (ownPrefix && path.indexOf(ownPrefix + "/") === 0) { path = path.slice(ownPrefix.length); }
    for (var i = 0; own && i < links.length; i++) {
      links[i].setAttribute("href", links[i].getAttribute("data-language-prefix") + path + window.location.search);
    }
  }

  form.addEventListener("change", function (event) {
    // The search box and the postcode wait for Enter or the button.
    var name = event.target.getAttribute("name");
    if (name === "q" || name === "plz") { return; }
    load(urlFromForm(), true);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(urlFromForm(), true);
  });

  body.addEventListener("click", function (event) {
    var link = event.target.closest("a.chip, .directory__pages a, .directory__empty a");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    load(link.getAttribute("href"), true);
  });

  window.history.replaceState({ directory: true }, "", window.location.href);
  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.directory) { load(window.location.href, false); }
  });
})();
