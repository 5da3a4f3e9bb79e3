/* Length limits said as one types: under each field with data-max-chars (core.fields.
 * LimitedCharField) a counter "12/300자" that turns into a warning past the limit. Nothing typed
 * is cut; the server refuses a save past the limit with the same words. Re-run on htmx swaps. */
(function () {
  "use strict";

  function attach(input) {
    if (input.dataset.counterReady) return;
    input.dataset.counterReady = "1";
    var limit = parseInt(input.dataset.maxChars, 10);
    var counter = document.createElement("p");
    counter.className = "char-count";
    counter.id = input.id + "-count";
    input.insertAdjacentElement("afterend", counter);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
    var over = false;
    /* When the server has already said it under the field, the counter only counts. */
    var field = input.closest(".field");
    var serverSaid = !!(field && field.querySelector("p.error"));
    function update() {
      var length = Array.from(input.value).length; /* characters as people count them, not UTF-16 units */
      var now = length > limit;
      if (now && !serverSaid) {
        counter.textContent = input.dataset.msgOver
          .replace("%(limit)s", limit)
          .replace("%(n)s", length);
      } else {
        counter.textContent = length + "/" + limit + "자";
      }
      counter.classList.toggle("error", now);
      /* Said aloud when the limit is crossed, not at every key below it. */
      if (now !== over) {
        if (now) counter.setAttribute("role", "alert");
        else counter.removeAttribute("role");
      }
      over = now;
    }
    input.addEventListener("input", update);
    update();
  }

  function init(root) {
    if (!root.querySelectorAll) return;
    Array.prototype.forEach.call(root.querySelectorAll("input[data-max-chars], textarea[data-max-chars]"), attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });
})();
