// The case list, live: a case opened, changed or announced overdue (case.overdue) reloads the
// list from the server, so coordinator and head see it without pressing anything.
"use strict";
(function () {
  const list = document.getElementById("case-list");
  const live = document.getElementById("live");
  if (!list || !window.AntrianHub) return;
  let timer = null;
  let connectedOnce = false;

  function reload() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      fetch(window.location.href, { headers: { Accept: "text/html" } })
        .then((r) => (r.ok ? r.text() : null))
        .then((html) => {
          if (!html) return;
          const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("case-list");
          if (fresh) list.replaceChildren(...fresh.childNodes);
          document.body.dataset.refreshed = String((+document.body.dataset.refreshed || 0) + 1);
        })
        .catch(() => {});
    }, 200);
  }

  AntrianHub.connect({
    auth: { office: list.dataset.office, role: "cases" },
    onSnapshot() { if (connectedOnce) reload(); connectedOnce = true; }, // missed while away
    onEvent(name) { if (name.startsWith("case.")) reload(); },
    onStatus(state) {
      live.dataset.state = state;
      live.textContent = state === "connected" ? "Terhubung langsung / Live" : "Menghubungkan… / Connecting…";
    },
  });
})();
