// The agents' queue in the appeal's admin page, as an enhancement: without JavaScript the
// "Insert" button re-renders the page with the text, and presence shows as of page load.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function insertCanned(event) {
    var box = event.target.closest(".tickets-canned");
    var select = box.querySelector("select");
    var option = select.options[select.selectedIndex];
    var textarea = document.getElementById(box.dataset.target);
    if (!option || !option.value || !textarea) {
      return;
    }
    event.preventDefault();
    var text = option.dataset.text;
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    if (typeof start !== "number" || document.activeElement !== textarea && !textarea.value) {
      start = end = textarea.value.length;
    }
    var before = textarea.value.slice(0, start), after = textarea.value.slice(end);
    var glue = before && !/\n\n$/.test(before) ? "\n\n" : "";
    textarea.value = before + glue + text + after;
    textarea.focus();
    var caret = (before + glue + text).length;
    textarea.setSelectionRange(caret, caret);
  }

  function heartbeat(box) {
    fetch(box.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (!data) {
        return;
      }
      box.textContent = data.text;
      box.hidden = !data.text;
    }).catch(function () { /* the next beat tries again */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('.tickets-canned button[name="_canned_insert"]').forEach(function (button) {
      button.addEventListener("click", insertCanned);
    });
    var box = document.querySelector(".tickets-presence[data-url]");
    if (box) {
      var every = parseInt(box.dataset.every, 10) || 30000;
      window.setInterval(function () { heartbeat(box); }, every);
    }
  });
})();
