/* The search log (insights): reports searches to /insights/beacon without any cookie or visitor
   id. The tab keeps, in sessionStorage (gone when the tab closes), the signed tokens of its own
   searches, where the last search was typed, and the last few articles read; the appeal form
   carries them when it is sent. Enhancement only: nothing on the page depends on it. */
(function () {
  "use strict";

  var BEACON = "/insights/beacon";
  var KEY = "spravka.insights";
  var MAX_SEARCHES = 10;
  var MAX_READ = 5;
  var store;
  try {
    store = window.sessionStorage;
    store.getItem(KEY);
  } catch (error) {
    return; // storage off (privacy mode): no log
  }
  if (!window.fetch || !JSON) return;

  function state() {
    try {
      var value = JSON.parse(store.getItem(KEY) || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (error) {
      return {};
    }
  }
  function save(value) {
    try { store.setItem(KEY, JSON.stringify(value)); } catch (error) { /* full: skip */ }
  }
  function remember(name, item, max) {
    var value = state();
    var list = Array.isArray(value[name]) ? value[name].filter(function (x) { return x !== item; }) : [];
    list.push(item);
    value[name] = list.slice(-max);
    save(value);
  }

  var language = document.documentElement.lang || "ru";

  function post(body, keepalive) {
    var text = JSON.stringify(body);
    if (keepalive && navigator.sendBeacon) {
      navigator.sendBeacon(BEACON, new Blob([text], { type: "text/plain" }));
      return null;
    }
    return fetch(BEACON, {
      method: "POST", body: text, credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Content-Type": "text/plain" }
    }).then(function (response) {
      return response.status === 200 ? response.json() : null;
    }).catch(function () { return null; });
  }

  function logSearch(query, count, source, previous) {
    var request = post({ e: "search", q: query, n: count, src: source, lang: language, prev: previous || null });
    if (!request) return Promise.resolve(null);
    return request.then(function (data) {
      var token = data && typeof data.record === "string" ? data.record : null;
      if (token) remember("searches", token, MAX_SEARCHES);
      return token;
    });
  }

  function opened(token, href) {
    if (!token) return;
    var url;
    try { url = new URL(href, window.location.href); } catch (error) { return; }
    if (url.origin !== window.location.origin) return;
    post({ e: "open", record: token, path: url.pathname }, true);
  }

  // Where the next search page was asked from: the header box or the Help page's box.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.classList) return;
    var value = state();
    if (form.classList.contains("site-search")) value.source = "header";
    else if (form.classList.contains("faq-search")) value.source = "help";
    else return;
    save(value);
  }, true);

  // The search page: one record per search shown, opened results reported.
  var results = document.querySelector("[data-search-results]");
  if (results) {
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var value = state();
    var source = value.source || "other";
    delete value.source;
    save(value);
    var pending = query.trim() ? logSearch(query, parseInt(results.dataset.searchResults, 10) || 0, source) : Promise.resolve(null);
    var token = null;
    pending.then(function (t) { token = t; });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".faq-results a");
      if (link) opened(token, link.href);
    });
  }

  // An article page: remembered as read in this visit.
  if (/^(\/[a-z]{2})?\/help\/[-\w]+\/[-\w]+\/$/.test(window.location.pathname)) {
    remember("read", window.location.pathname, MAX_READ);
  }

  // The appeal form's suggestions (tickets/static/tickets/appeal-form.js announces each one):
  // as-you-type steps fold into one record on the server.
  var lastSuggest = null;
  var suggestChain = Promise.resolve(null);
  document.addEventListener("spravka:suggest", function (event) {
    var detail = event.detail || {};
    if (typeof detail.query !== "string") return;
    suggestChain = suggestChain.then(function (previous) {
      return logSearch(detail.query, detail.count | 0, "appeal", previous).then(function (token) {
        lastSuggest = token || previous;
        return lastSuggest;
      });
    });
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#help-suggestions a");
    if (link) {
      opened(lastSuggest, link.href);
      try { remember("read", new URL(link.href).pathname, MAX_READ); } catch (error) { /* bad URL */ }
    }
  });

  // The appeal form: this visit's searches and read articles go with it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form.tickets-form[data-suggest-url]")) return;
    var value = state();
    [["insights_searches", value.searches], ["insights_read", value.read]].forEach(function (pair) {
      if (!Array.isArray(pair[1]) || !pair[1].length) return;
      var input = form.querySelector("input[name=" + pair[0] + "]") || document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1].join(" ");
      form.appendChild(input);
    });
  }, true);
})();
