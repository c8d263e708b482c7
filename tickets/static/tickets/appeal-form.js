/* Online appeal forms: enhancements only; every form works the same without JavaScript.
   - one send per click: the button is disabled once the form is submitted;
   - Help articles matching the subject, fetched as the visitor types (debounced; a newer
     request aborts the older one; results announced through a polite live region);
   - the chosen files listed, with a warning for too many or too large ones. */
(function () {
  "use strict";

  var forms = document.querySelectorAll("form.tickets-form");

  function resetButtons() {
    forms.forEach(function (form) {
      delete form.dataset.sending;
      var button = form.querySelector("button[type=submit]");
      if (button && button.dataset.label) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
        button.textContent = button.dataset.label;
      }
    });
  }

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "1";
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.dataset.label = button.textContent;
        button.textContent = form.dataset.sendingText || button.textContent;
        button.setAttribute("aria-busy", "true");
        // After the submission has started, so the click still sends the form.
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  });
  // Back from the next page (back/forward cache): the form is usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) resetButtons();
  });

  // The error summary is where keyboard and screen reader users should land.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // Sizes as the server writes them (Django's filesizeformat: one decimal, 1024-based), in the
  // page's language: "1,5 МБ" on the Russian page, "1.5 MB" on the English one.
  var number = window.Intl && Intl.NumberFormat
    ? new Intl.NumberFormat(document.documentElement.lang || undefined, {
        minimumFractionDigits: 1, maximumFractionDigits: 1
      })
    : { format: function (value) { return value.toFixed(1); } };

  function formatSize(bytes, list) {
    if (bytes >= 1048576) return number.format(bytes / 1048576) + "\u00a0" + (list.dataset.unitMb || "MB");
    return number.format(Math.max(0.1, bytes / 1024)) + "\u00a0" + (list.dataset.unitKb || "KB");
  }

  forms.forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var list = form.querySelector(".tickets-chosen");
    if (!input || !list) return;
    input.addEventListener("change", function () {
      list.textContent = "";
      var maxFiles = parseInt(input.dataset.maxFiles || "0", 10);
      var maxSize = parseInt(input.dataset.maxSize || "0", 10);
      var files = Array.prototype.slice.call(input.files || []);
      files.forEach(function (file) {
        var item = document.createElement("li");
        item.textContent = file.name + " (" + formatSize(file.size, list) + ")";
        if (maxSize && file.size > maxSize) {
          item.className = "tickets-chosen__bad";
          item.textContent += " — " + (list.dataset.tooBig || "");
        }
        list.appendChild(item);
      });
      if (maxFiles && files.length > maxFiles) {
        var warning = document.createElement("li");
        warning.className = "tickets-chosen__bad";
        warning.textContent = list.dataset.tooMany || "";
        list.appendChild(warning);
      }
    });
  });

  var suggestForm = document.querySelector("form[data-suggest-url]");
  var region = document.getElementById("help-suggestions");
  if (!suggestForm || !region || !window.fetch || !window.AbortController) return;
  var subject = suggestForm.querySelector("input[name=subject]");
  if (!subject) return;
  var timer = null;
  var controller = null;
  var lastQuery = "";

  function render(results, corrected) {
    region.textContent = "";
    var items = [];
    results.forEach(function (result) {
      if (!result || typeof result.title !== "string" || typeof result.url !== "string") return;
      var url;
      try {
        url = new URL(result.url, window.location.href);
      } catch (error) {
        return;
      }
      if (url.origin !== window.location.origin) return; // only our own Help pages
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = url.href;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = result.title;
      item.appendChild(link);
      if (typeof result.summary === "string" && result.summary) {
        var summaryText = document.createElement("span");
        summaryText.className = "tickets-suggest__summary";
        summaryText.textContent = result.summary;
        item.appendChild(summaryText);
      }
      items.push(item);
    });
    if (!items.length) return;
    var heading = document.createElement("p");
    heading.className = "tickets-suggest__heading";
    heading.textContent = region.dataset.heading || "";
    if (typeof corrected === "string" && corrected && region.dataset.corrected) {
      // Found for a corrected spelling: say which, so the visitor is not puzzled.
      heading.textContent = region.dataset.corrected.replace("%s", corrected) + " " + heading.textContent;
    }
    var list = document.createElement("ul");
    items.slice(0, 5).forEach(function (item) { list.appendChild(item); });
    region.appendChild(heading);
    region.appendChild(list);
  }

  function lookup() {
    var query = subject.value.trim();
    if (query === lastQuery) return;
    lastQuery = query;
    if (controller) controller.abort();
    controller = null;
    if (query.length < 3) {
      render([]);
      return;
    }
    var mine = new AbortController();
    controller = mine;
    var url = suggestForm.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { signal: mine.signal, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (controller !== mine) return; // a newer request owns the region
        var results = data && Array.isArray(data.results) ? data.results : [];
        render(results, data && data.corrected);
        // For whoever listens (the search log): what was looked up and how much it found.
        document.dispatchEvent(new CustomEvent("spravka:suggest", {
          detail: { query: query, count: results.length }
        }));
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        if (controller === mine) render([]);
      });
  }

  subject.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 350);
  });
})();
