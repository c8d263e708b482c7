/* The appeal form: the notices about the chosen topic appear as soon as the visitor picks it,
   before they type. The hints are in the page (<template id="topic-notice-hints">, one per
   active notice, with the ids of its topics; none = every topic): no request is made. The
   region is role="status", so the change is announced. Without JavaScript the server shows
   the hint for the topic the page was opened with, and the list of every active notice. */
(function () {
  "use strict";

  var region = document.getElementById("topic-notices");
  var hints = document.getElementById("topic-notice-hints");
  var form = region && region.closest("form");
  if (!region || !hints || !form || !("content" in hints)) return;

  function concerns(hint, topic) {
    var topics = (hint.getAttribute("data-notice-topics") || "").split(" ").filter(Boolean);
    return topics.length === 0 || topics.indexOf(topic) !== -1;
  }

  function show() {
    var chosen = form.querySelector("input[name=topic]:checked");
    region.textContent = "";
    if (!chosen) return;
    Array.prototype.forEach.call(hints.content.children, function (hint) {
      if (concerns(hint, chosen.value)) region.appendChild(hint.cloneNode(true));
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "topic") show();
  });
  show(); // a topic the browser restored (back button) gets its hint too
})();
