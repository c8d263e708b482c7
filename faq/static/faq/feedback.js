// "Was this helpful?" without leaving the page: the same two forms the page has without
// JavaScript (faq/views.py vote and vote_reason), posted with fetch and answered in JSON.
// After a "No" the hidden "why?" form is revealed. Any failure falls back to a normal post.
(function () {
  "use strict";
  var section = document.getElementById("feedback");
  if (!section || !window.fetch || !window.FormData) return;
  var voteForm = section.querySelector(".faq-feedback__form");
  var reasonForm = section.querySelector(".faq-reason");
  var status = section.querySelector(".faq-feedback__status");
  if (!voteForm || !status) return;

  function post(form, data) {
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    });
  }

  voteForm.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.value) return;
    event.preventDefault();
    var data = new FormData(voteForm);
    data.set("helpful", button.value);
    post(voteForm, data).then(function (result) {
      status.textContent = result.body.message;
      voteForm.querySelectorAll("button").forEach(function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
      if (reasonForm) {
        reasonForm.hidden = !(result.ok && result.body.ask_reason);
        if (!reasonForm.hidden) reasonForm.querySelector("input").focus();
      }
    }).catch(function () {
      voteForm.submit();
    });
  });

  if (reasonForm) {
    reasonForm.addEventListener("submit", function (event) {
      event.preventDefault();
      post(reasonForm, new FormData(reasonForm)).then(function (result) {
        status.textContent = result.body.message;
        if (result.ok) reasonForm.hidden = true;
      }).catch(function () {
        reasonForm.submit();
      });
    });
  }
})();
