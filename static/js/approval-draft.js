/* The draft editor (기안문 작성): autosave, the unit-task picker, amount formatting and showing
 * only the fields that apply; the body's editor is approval-editor.js, which keeps the textarea
 * the form posts up to date. Plain JavaScript on top of htmx; the page works without it (the body
 * is then a plain HTML textarea and 임시 저장 posts the form). Messages come translated from the
 * page (data-msg-* on the form). */
(function () {
  "use strict";

  var AUTOSAVE_MS = 20000;

  function init() {
    var form = document.getElementById("draft-form");
    if (!form) return;
    /* A refused 상신 comes back as this page with a summary of what to fix: start there, so a
     * keyboard or screen-reader user hears why and can follow its links to each field. */
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
    var status = document.getElementById("autosave-status");
    var dirty = false;
    var saving = false;
    var pending = false; /* a save asked for while one is on its way: run it after */
    var leaving = false;

    function say(text, isError) {
      var span = document.createElement("span");
      span.className = isError ? "error" : "muted";
      span.textContent = text;
      status.replaceChildren(span);
    }

    function markDirty() {
      dirty = true;
    }

    function save() {
      if (saving) {
        pending = true;
        return;
      }
      dirty = false;
      saving = true;
      htmx.trigger(form, "draft-save");
    }

    /* --- autosave: every 20 s when something changed, and when focus leaves a field ---------- */
    /* Typing in the unit-task search box changes nothing of the draft. */
    function changed(event) {
      if (event.target.id !== "unit-task-q") markDirty();
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("focusout", function () {
      if (dirty) save();
    });
    window.setInterval(function () {
      if (dirty) save();
    }, AUTOSAVE_MS);

    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) return;
      saving = false;
      if (!event.detail.successful) {
        dirty = true; /* keep trying: nothing typed is dropped */
        if (!(event.detail.xhr && event.detail.xhr.status === 422)) {
          /* 422 carries the server's own message; anything else gets ours */
          say(event.detail.xhr && event.detail.xhr.status ? form.dataset.msgFailed : form.dataset.msgOffline, true);
        }
      }
      if (pending) {
        pending = false;
        save();
      }
    });
    form.addEventListener("htmx:sendError", function () {
      saving = false;
      dirty = true;
      say(form.dataset.msgOffline, true);
    });

    var saveNow = document.querySelector("[data-save-now]");
    if (saveNow) {
      saveNow.addEventListener("click", function (event) {
        event.preventDefault();
        save();
      });
    }
    var submit = document.querySelector("[data-submit]");
    if (submit) {
      submit.addEventListener("click", function () {
        leaving = true;
      });
    }
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !leaving) event.preventDefault();
    });

    /* --- 결재 금액: plain figures get their thousands separators; anything else ("500만원",
     * "5000000.5", "abc") stays exactly as typed, and the server's reading of it is shown beside
     * the field (approval:amount_preview) and checked again on save. */
    var amount = form.querySelector("input[name=decision_amount]");
    var PLAIN_FIGURES = /^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)$/;
    function formatAmount() {
      var typed = amount.value.trim();
      if (!PLAIN_FIGURES.test(typed)) return;
      var digits = typed.replace(/,/g, "");
      /* Past 15 digits a JavaScript number is no longer exact: leave such a typo for the server. */
      if (digits.length > 15) return;
      amount.value = Number(digits).toLocaleString("ko-KR");
    }
    if (amount) {
      amount.addEventListener("blur", formatAmount);
    }

    /* --- fields that apply: 비공개 근거 unless 공개, recipients unless 내부결재 ----------------- */
    var disclosure = form.querySelector("select[name=disclosure]");
    var groundField = form.querySelector("[data-ground-field]");
    var recipients = form.querySelector("[data-recipients]");
    function toggle() {
      if (disclosure && groundField) groundField.hidden = disclosure.value === "public";
      var external = form.querySelector("input[name=delivery][value=external]");
      if (external && recipients) recipients.hidden = !external.checked;
    }
    form.addEventListener("change", toggle);
    toggle();

    /* --- 단위과제: picking one defaults 보존기간 and 공개구분 from its 기록관리기준표 entry ------ */
    form.addEventListener("click", function (event) {
      var pick = event.target.closest(".pick-unit-task");
      if (!pick) return;
      form.querySelector("input[name=unit_task]").value = pick.dataset.id;
      document.getElementById("unit-task-current").textContent = pick.dataset.label;
      form.querySelector("select[name=retention_period]").value = pick.dataset.retention;
      if (disclosure) disclosure.value = pick.dataset.disclosure;
      form.querySelector("input[name=disclosure_ground]").value = pick.dataset.ground;
      document.getElementById("unit-task-results").replaceChildren();
      var search = document.getElementById("unit-task-q");
      search.value = "";
      search.dataset.picked = "1";
      toggle();
      markDirty();
      save();
      search.focus();
    });
  }

  /* A search answer that arrives after the pick (typed just before it) must not reopen the list. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var search = document.getElementById("unit-task-q");
    if (!search || event.detail.target.id !== "unit-task-results") return;
    if (search.dataset.picked === "1") event.detail.shouldSwap = false;
  });
  document.addEventListener("input", function (event) {
    if (event.target.id === "unit-task-q") delete event.target.dataset.picked;
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
