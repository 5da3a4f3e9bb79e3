// The "곧 로그아웃됩니다" warning (core/session_expiry.py decides; this only shows it).
// The server tells how many seconds are left on every signed-in response; the page counts down
// from the last figure it heard, warns before the end, and reloads at the end so the server can
// send it to the sign-in page. "로그인 유지" is a request like any other: activity.
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) {
    return;
  }
  var text = document.getElementById("session-warning-text");
  var stay = box.querySelector("[data-session-stay]");
  var warning = Number(box.dataset.warning);
  var idleEnd = 0;
  var absoluteEnd = 0;

  function heard(idleLeft, absoluteLeft) {
    var now = Date.now();
    idleEnd = now + Number(idleLeft) * 1000;
    absoluteEnd = now + Number(absoluteLeft) * 1000;
  }

  function duration(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    if (minutes && rest) {
      return minutes + "분 " + rest + "초";
    }
    return minutes ? minutes + "분" : rest + "초";
  }

  function tick() {
    var now = Date.now();
    var idle = Math.ceil((idleEnd - now) / 1000);
    var absolute = Math.ceil((absoluteEnd - now) / 1000);
    var left = Math.min(idle, absolute);
    if (left <= 0) {
      window.location.assign(window.location.href);
      return;
    }
    if (left > warning) {
      box.hidden = true;
      return;
    }
    var lastsUntilAbsolute = absolute <= idle;
    var template = lastsUntilAbsolute ? text.dataset.absoluteText : text.dataset.idleText;
    text.textContent = " " + template.replace("%s", duration(left));
    stay.hidden = lastsUntilAbsolute;
    if (box.hidden) {
      box.hidden = false;
      if (!stay.hidden) {
        stay.querySelector("button").focus();
      }
    }
  }

  function readHeaders(getHeader) {
    var idle = getHeader("X-Session-Idle-Left");
    var absolute = getHeader("X-Session-Absolute-Left");
    if (idle !== null && absolute !== null) {
      heard(idle, absolute);
      tick();
    }
  }

  stay.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(stay.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": stay.querySelector("[name=csrfmiddlewaretoken]").value },
    }).then(function (response) {
      if (response.headers.get("X-Session-Idle-Left") === null) {
        window.location.assign(window.location.href); // signed out meanwhile: the server decides
        return;
      }
      readHeaders(function (name) { return response.headers.get(name); });
    });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (xhr) {
      readHeaders(function (name) { return xhr.getResponseHeader(name); });
    }
  });

  heard(box.dataset.idleLeft, box.dataset.absoluteLeft);
  tick();
  window.setInterval(tick, 1000);
})();
