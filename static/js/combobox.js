// Suggestions as one types a name into the path finder: every input with data-suggest becomes
// a combobox (WAI-ARIA 1.2 pattern, list autocomplete): the list of organisations comes from
// the JSON at data-suggest (?q=...), arrow keys move through it, Enter takes the highlighted
// one, Escape closes it, and the number of suggestions is announced in the form's status
// region. Without this script the fields are plain text inputs and the server matches the
// name as typed (directory/names.py).
(function () {
  "use strict";

  var DELAY_MS = 200;
  var MIN_CHARS = 2;

  function element(tag, text, attrs) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    Object.keys(attrs || {}).forEach(function (key) { el.setAttribute(key, attrs[key]); });
    return el;
  }

  function init(input, status, texts) {
    if (!input.id) { return; }
    var listId = input.id + "-vorschlaege";
    var label = document.querySelector("label[for='" + input.id + "']");
    var list = element("ul", "", { id: listId, role: "listbox", "class": "combobox__list" });
    if (label) { list.setAttribute("aria-label", label.textContent.trim()); }
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var results = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var answers = {};  // query -> results, for the backspace after a typo

    function announce(count) {
      var text = count === 0 ? texts.none : count === 1 ? texts.one : texts.many.replace("__N__", String(count));
      status.textContent = text;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.children;
      if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      options[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var result = results[index];
      if (!result) { return; }
      input.value = result.value;
      close();
      status.textContent = "";
    }

    function show(found) {
      results = found;
      list.textContent = "";
      active = -1;
      found.forEach(function (result, index) {
        var option = element("li", "", {
          id: listId + "-" + index, role: "option", "aria-selected": "false", "class": "combobox__option"
        });
        option.appendChild(element("span", result.name));
        var detail = [result.kind_label, result.city].filter(Boolean).join(", ");
        if (detail) { option.appendChild(element("span", " " + detail, { "class": "muted small" })); }
        // mousedown would take the focus from the input (and close the list) before the click.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(index); });
        list.appendChild(option);
      });
      input.removeAttribute("aria-activedescendant");
      if (found.length && document.activeElement === input) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      announce(found.length);
    }

    function fetchFor(query) {
      if (answers[query]) { show(answers[query]); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var url = input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          answers[query] = data.results || [];
          if (input.value.trim() === query) { show(answers[query]); }
        })
        .catch(function () { /* aborted or offline: the form still works without suggestions */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < MIN_CHARS) {
        results = [];
        close();
        return;
      }
      timer = window.setTimeout(function () { fetchFor(query); }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open && results.length) { show(results); }
        if (results.length) { highlight(active + 1 < results.length ? active + 1 : 0); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!open && results.length) { show(results); }
        if (results.length) { highlight(active > 0 ? active - 1 : results.length - 1); }
      } else if (event.key === "Enter") {
        // Enter takes the highlighted suggestion; with none highlighted it submits the form.
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          input.value = "";
          results = [];
        }
      }
    });

    input.addEventListener("blur", close);
  }

  var form = document.querySelector("form[data-t-none]");
  var status = form && form.querySelector("[data-combobox-status]");
  if (!form || !status || !window.fetch) { return; }
  var texts = {
    none: form.getAttribute("data-t-none"),
    one: form.getAttribute("data-t-one"),
    many: form.getAttribute("data-t-many")
  };
  Array.prototype.forEach.call(form.querySelectorAll("input[data-suggest]"), function (input) {
    init(input, status, texts);
  });
})();
