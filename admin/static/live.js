// The supervisor's live view: ages tick every second against their standards, a breach of a
// standard (sla.breached, from the supervisor socket) shows at once, and every other office
// event reloads the view's part from the server, at most once a second.
"use strict";
(function () {
  const view = document.getElementById("live-view");
  const live = document.getElementById("live");
  const alertBox = document.getElementById("breach-alert");
  if (!view || !window.AntrianHub) return;
  let skew = Date.parse(view.dataset.now) - Date.now(); // the server's clock minus ours
  let timer = null;
  let connectedOnce = false;

  function clockText(seconds) { // as the page's "duration": m:ss, h:mm:ss past an hour
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const two = (n) => String(n).padStart(2, "0");
    return h ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
  }

  function tick() {
    const now = Date.now() + skew;
    view.querySelectorAll(".age[data-ticks='1']").forEach((el) => {
      const elapsed = Math.floor((now - Date.parse(el.dataset.started)) / 1000);
      const over = elapsed > Number(el.dataset.standard); // whole seconds, as the server counts
      el.querySelector(".elapsed").textContent = clockText(elapsed);
      el.classList.toggle("over", over);
      el.querySelector(".late-mark").hidden = !over;
    });
  }

  function reload() { // at most once a second: a busy office sends events all the time
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fetch(window.location.href, { headers: { Accept: "text/html" } })
        .then((r) => (r.ok ? r.text() : null))
        .then((html) => {
          if (!html) return;
          const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live-view");
          if (!fresh) return;
          skew = Date.parse(fresh.dataset.now) - Date.now();
          view.replaceChildren(...fresh.childNodes);
          tick();
          document.body.dataset.refreshed = String((+document.body.dataset.refreshed || 0) + 1);
        })
        .catch(() => {});
    }, 1000);
  }

  function localClock(moment) { // "10:15" in the office's zone, as the page's own times
    try {
      return new Date(moment).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit",
        timeZone: view.dataset.timezone });
    } catch (err) { return ""; }
  }

  function text(tag, content, cls) {
    const el = document.createElement(tag);
    el.textContent = content;
    if (cls) el.className = cls;
    return el;
  }

  function showBreach(b) {
    const list = document.getElementById("breach-list");
    const none = document.getElementById("no-breaches");
    const where = [b.counter, b.staff].filter(Boolean).join(" · ");
    const label = b.step_label || { id: b.step, en: b.step };
    if (list) {
      const li = document.createElement("li");
      li.dataset.breach = String(b.id);
      li.className = "fresh";
      const en = text("span", label.en);
      en.lang = "en";
      li.append(text("strong", b.code, "code"), ` ${label.id} `, en,
        ` · ${clockText(b.elapsed_s)} / ${clockText(b.standard_s)}${where ? " · " + where : ""} `,
        text("span", localClock(b.breached_at), "muted"));
      list.prepend(li);
      if (none) none.hidden = true;
    }
    alertBox.textContent = `Lewat standar / Over the standard: ${b.code} · ${label.id} / ${label.en}` +
      ` · ${clockText(b.elapsed_s)} / ${clockText(b.standard_s)}${where ? " · " + where : ""}`;
    alertBox.hidden = false;
    document.body.dataset.breaches = String((+document.body.dataset.breaches || 0) + 1);
  }

  setInterval(tick, 1000);
  tick();
  AntrianHub.connect({
    auth: { office: view.dataset.office, role: "supervisor" },
    onSnapshot() { if (connectedOnce) reload(); connectedOnce = true; }, // missed while away
    onEvent(name, data) {
      if (name === "sla.breached") showBreach(data);
      reload();
    },
    onStatus(state) {
      live.dataset.state = state;
      live.textContent = state === "connected" ? "Terhubung langsung / Live" : "Menghubungkan… / Connecting…";
    },
  });
})();
