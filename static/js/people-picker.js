/* The people picker (templates/components/people_picker.html, org.forms.PeoplePicker and
 * PersonPicker). The field is a plain <select>, which posts without JavaScript. Here it is hidden
 * and driven by a search box: a combobox whose listbox shows the people org:people finds (by name,
 * department, position), the chosen people as chips with a remove button, and a polite live
 * region that says in Korean what was found, added or removed. Only people the <select> offers can
 * be picked, so each field keeps its own rule about whom it accepts.
 *
 * Keyboard: type to search; ↑/↓ move through what was found, Enter picks (it never submits the
 * form from here), Esc closes the list or clears the box; Backspace in an empty box goes to the
 * last chip, where Backspace/Delete removes and ←/→ move between chips and back to the box.
 *
 * The component includes this file once per picker: it runs once, and enhances every picker on
 * the page and any that htmx swaps in later. */
(function () {
  "use strict";

  var html = document.documentElement;
  if (html.hasAttribute("data-people-picker-loaded")) return;
  html.setAttribute("data-people-picker-loaded", "");

  var SEARCH_DELAY_MS = 200;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function make(tag, className) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    return element;
  }

  function enhance(box) {
    var select = box.querySelector("select");
    if (!select || box.hasAttribute("data-enhanced")) return;
    box.setAttribute("data-enhanced", "");
    var msg = box.dataset;
    var multiple = select.multiple;
    var fieldId = select.id;

    /* The box takes the select's id, so the field's <label for> names it and the help text the
     * field points at (aria-describedby) describes it. */
    select.id = fieldId + "_select";
    select.hidden = true;
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    box.querySelectorAll("[data-picker-fallback]").forEach(function (hint) {
      hint.hidden = true;
    });

    var chips = make("ul", "picker-chips");
    chips.setAttribute("aria-label", msg.msgChosen);
    var input = make("input", "picker-input");
    input.type = "text";
    input.id = fieldId;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = msg.msgPlaceholder;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var described = [select.getAttribute("aria-describedby")];
    if (document.getElementById(fieldId + "_keys")) described.push(fieldId + "_keys");
    input.setAttribute("aria-describedby", described.filter(Boolean).join(" "));
    if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
    /* The server says what is missing; a hidden required select would only stop the browser
     * from submitting, without a word. */
    if (select.required) {
      select.required = false;
      input.setAttribute("aria-required", "true");
    }
    var list = make("ul", "picker-results");
    list.id = fieldId + "_results";
    list.hidden = true;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", msg.msgResults);
    input.setAttribute("aria-controls", list.id);
    var note = make("p", "picker-note help");
    note.setAttribute("aria-hidden", "true"); /* the live region says the same */
    var status = make("p", "sr-only");
    status.setAttribute("role", "status");
    [chips, input, list, note, status].forEach(function (part) {
      box.insertBefore(part, select);
    });

    var results = [];
    var active = -1;
    var timer = null;
    var request = null;

    function say(text) {
      /* Cleared first, so the same words said twice are announced twice. */
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = text;
      }, 50);
    }

    function option(value) {
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === value) return select.options[i];
      }
      return null;
    }

    function chosen() {
      return Array.prototype.filter.call(select.options, function (o) {
        return o.selected && o.value !== "";
      });
    }

    function renderChips() {
      chips.replaceChildren();
      chosen().forEach(function (o) {
        var chip = make("li", "picker-chip");
        var label = make("span", "picker-chip-label");
        label.textContent = o.text;
        var remove = make("button", "picker-remove");
        remove.type = "button";
        remove.dataset.value = o.value;
        remove.setAttribute("aria-label", fill(msg.msgRemove, { label: o.text }));
        remove.textContent = "×";
        chip.append(label, remove);
        chips.append(chip);
      });
      chips.hidden = chips.children.length === 0;
    }

    function setActive(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, n) {
        item.setAttribute("aria-selected", n === index ? "true" : "false");
        item.classList.toggle("active", n === index);
      });
      if (index >= 0 && list.children[index]) {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function show(found, more) {
      var taken = {};
      chosen().forEach(function (o) {
        taken[o.value] = true;
      });
      results = found.filter(function (person) {
        var value = String(person.id);
        return option(value) !== null && !taken[value];
      });
      list.replaceChildren();
      results.forEach(function (person, n) {
        var item = make("li", "picker-option");
        item.id = list.id + "_" + n;
        item.dataset.index = String(n);
        item.setAttribute("role", "option");
        var name = make("span", "picker-name");
        name.textContent = person.name;
        var meta = make("span", "picker-meta");
        meta.textContent = [person.department, person.position].filter(Boolean).join(" · ");
        item.append(name, " ", meta);
        list.append(item);
      });
      if (results.length === 0) {
        close();
        note.textContent = msg.msgNone;
        say(msg.msgNone);
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(0);
      var said = fill(msg.msgFound, { n: results.length });
      note.textContent = more ? fill(msg.msgMore, { n: results.length }) : "";
      say(more ? said + " " + note.textContent : said);
    }

    function search(query) {
      window.clearTimeout(timer);
      if (request) request.abort();
      request = new AbortController();
      var url = new URL(box.dataset.searchUrl, window.location.href);
      url.searchParams.set("q", query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal: request.signal })
        .then(function (response) {
          if (!response.ok) throw new Error("people search answered " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (input.value.trim() === query) show(data.results || [], Boolean(data.more));
        })
        .catch(function (error) {
          if (error.name === "AbortError" || input.value.trim() !== query) return;
          close();
          note.textContent = msg.msgFailed;
          say(msg.msgFailed);
        });
    }

    function changed() {
      select.dispatchEvent(new Event("change", { bubbles: true }));
      renderChips();
    }

    function pick(index) {
      var person = results[index];
      var picked = person ? option(String(person.id)) : null;
      if (!picked) return;
      if (multiple) {
        picked.selected = true;
        /* The form posts the chosen people in the select's order: moving the option to the end
         * keeps the order they were picked in (the order of recipients, of review steps). */
        select.appendChild(picked);
      } else {
        select.value = picked.value;
      }
      changed();
      input.value = "";
      note.textContent = "";
      close();
      say(fill(multiple ? msg.msgAdded : msg.msgChose, { label: picked.text, n: chosen().length }));
      input.focus();
    }

    function remove(button, backwards) {
      var buttons = Array.prototype.slice.call(chips.querySelectorAll("button.picker-remove"));
      var index = buttons.indexOf(button);
      var removed = option(button.dataset.value);
      if (!removed) return;
      if (multiple) removed.selected = false;
      else select.selectedIndex = -1; /* a single select would otherwise fall back to its first person */
      changed();
      say(fill(msg.msgRemoved, { label: removed.text, n: chosen().length }));
      /* Focus goes to a neighbouring chip, else back to the search box: never lost to the page. */
      var left = chips.querySelectorAll("button.picker-remove");
      var next = backwards ? left[index - 1] || left[index] : left[index] || left[index - 1];
      (next || input).focus();
    }

    input.addEventListener("input", function () {
      /* What is listed belongs to the words before this keystroke: Enter must not pick from it. */
      setActive(-1);
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (!query) {
        if (request) request.abort();
        close();
        note.textContent = "";
        return;
      }
      timer = window.setTimeout(function () {
        search(query);
      }, SEARCH_DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && results.length > 0;
      var query = input.value.trim();
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (open) setActive((active + 1) % results.length);
          else if (query) search(query);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (open) setActive(active <= 0 ? results.length - 1 : active - 1);
          break;
        case "Enter":
          event.preventDefault();
          if (open && active >= 0) pick(active);
          else if (query) search(query);
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            note.textContent = "";
          }
          break;
        case "Backspace":
          if (!input.value) {
            var buttons = chips.querySelectorAll("button.picker-remove");
            if (buttons.length) {
              event.preventDefault();
              buttons[buttons.length - 1].focus();
            }
          }
          break;
        case "Tab":
          close();
          break;
      }
    });

    chips.addEventListener("click", function (event) {
      var button = event.target.closest("button.picker-remove");
      if (button) remove(button, false);
    });
    chips.addEventListener("keydown", function (event) {
      var button = event.target.closest("button.picker-remove");
      if (!button) return;
      var buttons = Array.prototype.slice.call(chips.querySelectorAll("button.picker-remove"));
      var index = buttons.indexOf(button);
      if (event.key === "Backspace" || event.key === "Delete") {
        event.preventDefault();
        remove(button, event.key === "Backspace");
      } else if (event.key === "ArrowLeft") {
        event.preventDefault();
        (buttons[index - 1] || button).focus();
      } else if (event.key === "ArrowRight") {
        event.preventDefault();
        (buttons[index + 1] || input).focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.focus();
      }
    });

    /* A click on a result must not take the focus out of the box before the pick. */
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) pick(Number(item.dataset.index));
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) close();
    });
    if (select.form) {
      /* form.reset() puts the select back as the page had it: show that. */
      select.form.addEventListener("reset", function () {
        window.setTimeout(function () {
          renderChips();
          note.textContent = "";
          close();
        }, 0);
      });
    }

    renderChips();
  }

  function enhanceAll(scope) {
    if (!scope || !scope.querySelectorAll) return;
    if (scope.matches("[data-people-picker]")) enhance(scope);
    scope.querySelectorAll("[data-people-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhanceAll(document.documentElement);
    });
  } else {
    enhanceAll(document.documentElement);
  }
  document.addEventListener("htmx:load", function (event) {
    enhanceAll(event.detail.elt);
  });
  /* A form marked data-picker-reset (the line editor's 추가) starts empty again once what it
   * posted was taken; on a refusal (422) the people stay chosen, to be corrected. */
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var answered = event.detail.xhr && event.detail.xhr.status === 200;
    if (answered && form && form.matches && form.matches("form[data-picker-reset]")) {
      form.reset();
    }
  });
})();
