// The touch kiosk: service -> regular, priority (-> reason) or needs assistance (-> wheelchair
// or escort -> reason) -> the number, printed. Assistance raises a request on the escort desk.
// One Idempotency-Key per tap: a double tap or a retried request never makes two tickets.
"use strict";
(function () {
  const body = document.body;
  const office = body.dataset.office;
  const RETURN_S = Number(body.dataset.returnSeconds) || 20;
  const TOKEN_KEY = "antrian.kiosk." + office;
  const token = localStorage.getItem(TOKEN_KEY);
  const $ = (id) => document.getElementById(id);
  const TEXT = {
    id: {waiting: "menunggu", closed: "Tutup", quota: "Kuota habis",
         minutes: (m) => m + " menit", now: "segera", error: "Gagal terhubung ke server. Coba lagi."},
    en: {waiting: "waiting", closed: "Closed", quota: "Quota used up",
         minutes: (m) => m + " min", now: "soon", error: "Could not reach the server. Please try again."},
  };
  // The office's language: every visitor starts in it, whatever the one before chose.
  const officeLang = body.dataset.officeLang === "en" ? "en" : "id";
  let lang = officeLang;
  let menu = null;
  let choice = {service: null, priority: false, reason: null, assist: null, key: null};
  let result = null;
  let busy = false;
  let countdownTimer = null;
  let pollTimer = null;
  const printEvents = new Map(); // job id -> "done" | "failed", in case the event beats the reply

  function t(key, ...args) {
    const v = TEXT[lang][key];
    return typeof v === "function" ? v(...args) : v;
  }

  function show(name) {
    for (const s of document.querySelectorAll(".screen")) s.hidden = s.id !== "s-" + name;
    const heading = document.querySelector("#s-" + name + " h1, #s-" + name + " .result-label");
    if (heading) { heading.tabIndex = -1; heading.focus({preventScroll: true}); }
  }

  function authHeaders(extra) {
    return Object.assign({"Authorization": "Bearer " + token}, extra || {});
  }

  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // works on a plain-http office LAN, unlike randomUUID
    return "kiosk-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function waitText(seconds) {
    if (!seconds) return t("now");
    return t("minutes", Math.max(1, Math.ceil(seconds / 60)));
  }

  // ---------------------------------------------------------------- home

  function renderServices() {
    const list = $("services");
    list.textContent = "";
    for (const s of menu.services) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "service";
      b.dataset.service = s.service;
      b.disabled = Boolean(s.unavailable);
      const letter = document.createElement("span");
      letter.className = "letter";
      letter.textContent = s.service;
      letter.setAttribute("aria-hidden", "true");
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = s.name[lang];
      const other = document.createElement("span");
      other.className = "name-en";
      other.textContent = s.name[lang === "id" ? "en" : "id"];
      name.appendChild(other);
      const queue = document.createElement("span");
      queue.className = "queue";
      if (s.unavailable) {
        queue.innerHTML = '<span class="closed"></span>';
        queue.firstChild.textContent = t(s.unavailable === "quota" ? "quota" : "closed");
      } else {
        const n = document.createElement("strong");
        n.textContent = s.waiting;
        queue.appendChild(n);
        queue.appendChild(document.createTextNode(t("waiting")));
        queue.appendChild(document.createElement("br"));
        // "± 5 menit", but plainly "segera" (soon) when there is no wait to estimate.
        const wait = waitText(s.estimated_wait_s);
        queue.appendChild(document.createTextNode(s.estimated_wait_s ? "± " + wait : wait));
      }
      b.append(letter, name, queue);
      b.addEventListener("click", () => chooseService(s));
      list.appendChild(b);
    }
  }

  let menuTimer = null;
  function loadMenu() {
    clearTimeout(menuTimer);
    return fetch("/api/v1/offices/" + encodeURIComponent(office) + "/kiosk")
      .then((r) => r.json())
      .then((data) => { menu = data; renderServices(); body.dataset.menuLoaded = "1"; })
      .catch(() => { menuTimer = setTimeout(loadMenu, 5000); });
  }
  function refreshMenuSoon() { clearTimeout(menuTimer); menuTimer = setTimeout(loadMenu, 300); }

  function home() {
    clearInterval(countdownTimer);
    clearTimeout(pollTimer);
    choice = {service: null, priority: false, reason: null, assist: null, key: null};
    result = null;
    busy = false;
    if (lang !== officeLang) setLang(officeLang);
    show("home");
    loadMenu();
  }

  // ---------------------------------------------------------------- choosing

  function fillServiceName() {
    for (const el of document.querySelectorAll('[data-fill="service-name"]')) {
      el.textContent = choice.service ? choice.service.service + " · " + choice.service.name[lang] : "";
    }
  }

  function chooseService(s) {
    choice = {service: s, priority: false, reason: null, assist: null, key: null};
    fillServiceName();
    show("kind");
  }

  function chooseKind(kind) {
    choice.assist = null;
    if (kind === "assist") { show("assist"); return; }
    if (kind === "priority") { show("reason"); return; }
    issue(false, null);
  }

  // A visitor who needs help is one SOP 002 serves: a priority ticket, its reason next.
  function chooseAssist(kind) {
    choice.assist = kind;
    show("reason");
  }

  function issue(priority, reason) {
    if (busy) return; // a second tap while the first is on its way
    choice.priority = priority;
    choice.reason = reason;
    choice.key = newKey(); // one key for this tap and all its retries
    send();
  }

  function send() {
    busy = true;
    show("wait");
    fetch("/api/v1/offices/" + encodeURIComponent(office) + "/tickets", {
      method: "POST",
      headers: authHeaders({"Content-Type": "application/json", "Idempotency-Key": choice.key}),
      body: JSON.stringify({service: choice.service.service, priority: choice.priority,
                            priority_reason: choice.reason, channel: "kiosk",
                            assistance: choice.assist}),
    }).then((r) => r.json().then((data) => ({ok: r.ok, status: r.status, data})))
      .then(({ok, status, data}) => {
        busy = false;
        if (status === 401) { unpaired(); return; }
        if (!ok) { failed(data.error ? data.error.message : t("error"), status >= 500); return; }
        showResult(data);
      })
      .catch(() => { busy = false; failed(t("error"), true); });
  }

  function failed(message, retryable) {
    $("error-message").textContent = message;
    $("retry").hidden = !retryable;
    show("error");
  }

  // ---------------------------------------------------------------- the result

  function showResult(ticket) {
    result = ticket;
    $("result-code").textContent = ticket.code;
    $("result-priority").hidden = !ticket.priority;
    $("result-assist").hidden = !choice.assist;
    $("result-ahead").textContent = ticket.ahead ?? "-";
    $("result-wait").textContent = waitText(ticket.estimated_wait_s);
    $("result-qr").src = "/t/" + encodeURIComponent(ticket.token) + "/qr.svg";
    body.dataset.ticket = ticket.code;
    const job = ticket.print;
    setPrintState(job ? (printEvents.get(job.job) || stateOf(job.status, job.attempts)) : "none");
    if (job) pollTimer = setTimeout(pollPrint, 8000); // in case the hub is down
    show("result");
    startCountdown();
  }

  function stateOf(status, attempts) {
    if (status === "done") return "done";
    if (status === "failed" || attempts > 0) return "failed";
    return "pending";
  }

  function setPrintState(state) {
    $("print-state").dataset.state = state;
    body.dataset.print = state;
  }

  function pollPrint() {
    if (!result || !result.print) return;
    const current = $("print-state").dataset.state;
    if (current === "done") return;
    fetch("/api/v1/print-jobs/" + result.print.job, {headers: authHeaders()})
      .then((r) => r.json())
      .then((job) => { if (job.status) setPrintState(stateOf(job.status, job.attempts)); })
      .catch(() => {})
      .finally(() => { if (result) pollTimer = setTimeout(pollPrint, 4000); });
  }

  function onPrintEvent(name, data) {
    const state = name === "print.done" ? "done" : "failed";
    if (printEvents.get(data.job) !== "done") printEvents.set(data.job, state);
    if (printEvents.size > 50) printEvents.delete(printEvents.keys().next().value);
    if (result && result.print && result.print.job === data.job) {
      if (state === "done" || $("print-state").dataset.state !== "done") setPrintState(state);
    }
  }

  function startCountdown() {
    let left = RETURN_S;
    $("countdown").textContent = left;
    clearInterval(countdownTimer);
    countdownTimer = setInterval(() => {
      left -= 1;
      $("countdown").textContent = Math.max(left, 0);
      if (left <= 0) home();
    }, 1000);
  }

  // ---------------------------------------------------------------- pairing, language, hub

  function unpaired() {
    localStorage.removeItem(TOKEN_KEY);
    body.dataset.paired = "0";
    show("unpaired");
  }

  function setLang(next) {
    lang = next;
    body.dataset.lang = lang;
    document.documentElement.lang = lang;
    $("lang").setAttribute("aria-pressed", String(lang === "en"));
    if (menu) renderServices();
    fillServiceName();
    if (result) $("result-wait").textContent = waitText(result.estimated_wait_s);
  }

  function tick() {
    const now = new Date();
    // The office's time, not the kiosk machine's: its clock may be set to UTC.
    $("clock").textContent = now.toLocaleTimeString("id-ID", {
      hour: "2-digit", minute: "2-digit", timeZone: body.dataset.timezone || undefined});
  }

  function connectHub() {
    AntrianHub.connect({
      auth: {office, role: "kiosk", token},
      onSnapshot() { if (!result) refreshMenuSoon(); },
      onEvent(name, data) {
        if (name === "print.done" || name === "print.failed") onPrintEvent(name, data);
        // The waiting counts changed: queue.changed, or a first call (which carries them).
        else if ((name === "queue.changed" || (data && data.waiting)) && !result) refreshMenuSoon();
      },
      onStatus(state) {
        $("hub-status").hidden = state === "connected" || state === "connecting";
        body.dataset.hub = state;
      },
    });
  }

  $("lang").addEventListener("click", () => setLang(lang === "id" ? "en" : "id"));
  for (const b of document.querySelectorAll("[data-kind]")) {
    b.addEventListener("click", () => chooseKind(b.dataset.kind));
  }
  for (const b of document.querySelectorAll("[data-assist]")) {
    b.addEventListener("click", () => chooseAssist(b.dataset.assist));
  }
  for (const b of document.querySelectorAll("[data-reason]")) {
    b.addEventListener("click", () => issue(true, b.dataset.reason));
  }
  for (const b of document.querySelectorAll("[data-go]")) {
    b.addEventListener("click", () => (b.dataset.go === "home" ? home() : show(b.dataset.go)));
  }
  $("retry").addEventListener("click", () => { if (!busy) send(); });
  $("done").addEventListener("click", home);
  tick();
  setInterval(tick, 10000);

  if (!token) { unpaired(); return; }
  fetch("/api/v1/kiosk/whoami?office=" + encodeURIComponent(office), {headers: authHeaders()})
    .then((r) => {
      if (r.status === 401 || r.status === 403) { unpaired(); return; }
      body.dataset.paired = "1";
      connectHub();
      home();
    })
    .catch(() => { body.dataset.paired = "1"; connectHub(); home(); }); // server away: try on
})();
