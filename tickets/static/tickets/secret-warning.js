/* Warns while the visitor types that a field seems to hold a card number, a CVV/CVC code, a code
   from an SMS or a password: support never needs them. An enhancement only: without JavaScript
   the server masks card numbers (core/cards.py) and says so on the next page.
   The messages come translated from the page (#secret-warnings data attributes); each field
   gets its own polite live region, created empty at load so that screen readers announce it. */
(function () {
  "use strict";

  var texts = document.getElementById("secret-warnings");
  if (!texts) return;

  function luhn(digits) {
    var total = 0;
    for (var i = 0; i < digits.length; i++) {
      var value = parseInt(digits.charAt(digits.length - 1 - i), 10);
      if (i % 2) {
        value *= 2;
        if (value > 9) value -= 9;
      }
      total += value;
    }
    return total % 10 === 0;
  }

  // The same rule as core/cards.py: 13-19 digits, single spaces or dashes between groups.
  var RUN = /\d(?:[ \u00a0-]?\d){12,}/g;

  function hasCard(value) {
    var runs = value.match(RUN) || [];
    return runs.some(function (run) {
      var groups = run.match(/\d+/g);
      for (var i = 0; i < groups.length; i++) {
        var digits = "";
        for (var j = i; j < groups.length; j++) {
          digits += groups[j];
          if (digits.length > 19) break; // keeps a long run of digits linear
          if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
        }
      }
      return false;
    });
  }

  var CVV = /(cvv2?|cvc2?|код\s+безопасности|security\s+code)\D{0,15}\d{3,4}(?!\d)/i;
  // No lookbehind (older Safari cannot parse it): \D before the digits already bounds them.
  var SMS = /(смс|sms|код|code)\D{0,20}\d{4,6}(?!\d)/i;
  var PASSWORD = /(пароль|password|passwd|парол)\s*[:=\-—]?\s*\S{4,}/i;

  function problem(value, field) {
    if (hasCard(value)) return texts.dataset.card;
    // Phone and wallet fields hold long numbers by design: only card numbers matter there.
    if (field.type === "tel" || field.inputMode === "tel") return "";
    if (CVV.test(value)) return texts.dataset.cvv;
    if (SMS.test(value)) return texts.dataset.sms;
    if (PASSWORD.test(value)) return texts.dataset.password;
    return "";
  }

  var fields = document.querySelectorAll(
    "form.tickets-form textarea, form.tickets-form input[type=text], form.tickets-form input[type=tel], form.tickets-form input:not([type])"
  );
  fields.forEach(function (field) {
    if (!field.name || field.name === "homepage") return;
    var note = document.createElement("p");
    note.className = "tickets-secret-warning";
    note.id = (field.id || field.name) + "_secret";
    note.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", note);
    var shown = "";
    field.addEventListener("input", function () {
      var message = problem(field.value, field) || "";
      if (message === shown) return;
      shown = message;
      note.textContent = message;
      note.classList.toggle("tickets-secret-warning--shown", Boolean(message));
    });
  });
})();
