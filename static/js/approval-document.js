/* The document page (문서 보기): an approver's body edit (본문 수정) gets the same rich-text
 * editing as drafting — a contenteditable mirror of the textarea the form posts. Without
 * JavaScript the textarea itself is used. Re-initialised when htmx swaps the actions part. */
(function () {
  "use strict";

  function init(root) {
    var forms = root.querySelectorAll ? root.querySelectorAll("form[data-rich-body]") : [];
    Array.prototype.forEach.call(forms, function (form) {
      if (form.dataset.richReady) return;
      var source = form.querySelector("textarea[name=body]");
      var editor = form.querySelector(".rich-editor");
      var toolbar = form.querySelector(".rich-toolbar");
      if (!source || !editor || !toolbar) return;
      form.dataset.richReady = "1";
      editor.innerHTML = source.value;
      source.hidden = true;
      editor.hidden = false;
      toolbar.hidden = false;
      function sync() {
        source.value = editor.innerHTML;
      }
      editor.addEventListener("input", sync);
      toolbar.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-command]");
        if (!button) return;
        editor.focus();
        document.execCommand(button.dataset.command, false, null);
        sync();
      });
      form.addEventListener("submit", sync);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });
})();
