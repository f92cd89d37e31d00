/* The lobby board: renders the office snapshot, applies live events, speaks each call.
 *
 * Runs for days on a TV with no internet: no request leaves the LAN, every list is capped,
 * the DOM is rebuilt (never appended to without bound). The announcement queue is
 * independent of how a call is voiced (recorded clips, a local Web Speech voice, or only a
 * chime and a flash): each call is queued, started and ended in order, a new call never cuts
 * one off, and `window.antrianBoard.spoken` logs it all so a test can check the order.
 * Tests may set `window.ANTRIAN_BOARD_OPTIONS` before the page loads to shorten the timings.
 */
(function () {
  "use strict";

  const OPTS = Object.assign({
    chimeMs: 1400,          // the three-tone chime, then the words
    silentMsPerChar: 55,    // no voice at all: how long the flash lasts per character
    silentMinMs: 1500, silentMaxMs: 6000,
    speechTimeoutMs: 20000, // a voice that never says "end" must not block the queue
    clipTimeoutMs: 8000,
    maxQueue: 20, maxLog: 300, recentMax: 16, recentShown: 8, freshMs: 4000,
  }, window.ANTRIAN_BOARD_OPTIONS || {});

  const body = document.body;
  const officeCode = body.dataset.office;
  const timeZone = body.dataset.timezone || "Asia/Jakarta";
  const lang = body.dataset.lang === "en" ? "en" : "id";
  const profile = JSON.parse(body.dataset.profile || "null");
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------ profile filter
  // The same rule as shared/office/display_profiles.py (filter_snapshot, shows_call).
  function counterShown(counter) {
    if (!profile || !profile.counters.length) return true;
    return !!counter && profile.counters.indexOf(counter.number) >= 0;
  }
  function serviceShown(service) {
    return !profile || !profile.services.length || profile.services.indexOf(service) >= 0;
  }
  function filterSnapshot(s) {
    if (!profile) return s;
    const calls = s.calls.filter((row) => counterShown(row.counter)).map((row) =>
      row.ticket && !serviceShown(row.ticket.service) ? Object.assign({}, row, {ticket: null}) : row);
    return Object.assign({}, s, {
      calls,
      recent: s.recent.filter((r) => counterShown(r.counter) && serviceShown(r.service)),
      waiting: s.waiting.filter((w) => serviceShown(w.service)),
    });
  }

  // ------------------------------------------------------------ rendering
  const state = {calls: [], recent: [], waiting: [], serviceDay: null};
  let hub = null; // the AntrianHub connection, opened once the first picture is drawn

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function bilingual(parent, id, en) {
    parent.appendChild(document.createTextNode(id + " "));
    const span = el("span", null, "/ " + en);
    span.lang = "en";
    parent.appendChild(span);
    return parent;
  }
  function counterLabel(counter) {
    return counter ? counter.name || ("Loket " + counter.number) : "—";
  }
  const timeFmt = new Intl.DateTimeFormat("id-ID", {timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
  const dateFmt = new Intl.DateTimeFormat("id-ID", {timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric"});
  const dayFmt = new Intl.DateTimeFormat("en-CA", {timeZone, year: "numeric", month: "2-digit", day: "2-digit"});
  const zone = body.dataset.zone || "";

  function renderCounters() {
    const list = $("counters");
    list.replaceChildren();
    list.dataset.many = String(state.calls.length > 4);
    if (!state.calls.length) bilingual(list.appendChild(el("li", "empty")), "Tidak ada loket", "No counters");
    for (const row of state.calls) {
      const li = el("li", row.open ? "" : "closed");
      li.dataset.counter = row.counter.number;
      li.appendChild(el("span", "name", counterLabel(row.counter)));
      if (row.ticket) {
        if (row.ticket.priority) { li.classList.add("priority"); li.appendChild(el("span", "mini", "PRIORITAS")); }
        li.appendChild(el("span", "code", row.ticket.code));
      } else {
        const idle = el("span", "idle", row.open ? "—" : null);
        if (!row.open) bilingual(idle, "Tutup", "Closed");
        li.appendChild(idle);
      }
      list.appendChild(li);
    }
  }

  // The calls before the big card, one card per ticket: a recall moves its ticket up instead
  // of taking a slot of its own. Each card keeps its counter and time; a priority ticket is
  // marked by its colour and its series (PA001), so no badge crowds the time out.
  function renderRecent() {
    const list = $("recent");
    list.replaceChildren();
    const seen = new Set(state.recent.length ? [state.recent[0].code] : []);
    const older = [];
    for (const r of state.recent.slice(1)) {
      if (seen.has(r.code)) continue;
      seen.add(r.code);
      older.push(r);
      if (older.length >= OPTS.recentShown) break;
    }
    if (!older.length) bilingual(list.appendChild(el("li", "empty")), "Belum ada", "None yet");
    for (const r of older) {
      const li = el("li", r.priority ? "priority" : "");
      li.appendChild(el("span", "code", r.code));
      const to = li.appendChild(el("span", "to"));
      if (r.counter) {
        to.appendChild(el("span", "arrow", "\u2192"));
        to.appendChild(el("span", "num", String(r.counter.number)));
      }
      if (r.at) to.appendChild(el("span", "at", timeFmt.format(new Date(r.at))));
      list.appendChild(li);
    }
  }

  function renderWaiting() {
    const list = $("waiting");
    list.replaceChildren();
    const shown = state.waiting.filter((w) => w.active || w.waiting);
    if (!shown.length) bilingual(list.appendChild(el("li", "empty")), "Tidak ada layanan", "No services");
    for (const w of shown) {
      const li = el("li", w.active ? "" : "inactive");
      li.dataset.service = w.service;
      li.appendChild(el("span", "prefix", w.service));
      const svc = el("span", "svc");
      const primary = lang === "en" ? w.name.en : w.name.id;
      const secondary = lang === "en" ? w.name.id : w.name.en;
      svc.appendChild(el("b", null, primary));
      if (secondary && secondary !== primary) svc.appendChild(el("span", "en", secondary));
      li.appendChild(svc);
      const count = el("span", "count", String(w.waiting));
      count.setAttribute("aria-label", w.waiting + " menunggu / waiting");
      if (w.priority_waiting) svc.appendChild(el("small", "prio-count", w.priority_waiting + " prioritas"));
      li.appendChild(count);
      list.appendChild(li);
    }
  }

  let freshTimer = null;
  function renderNow(fresh) {
    const card = $("now"), latest = state.recent[0];
    card.dataset.empty = String(!latest);
    card.classList.toggle("priority", !!(latest && latest.priority));
    $("now-priority").hidden = !(latest && latest.priority);
    $("now-recall").hidden = !(latest && latest.recall);
    const code = $("now-code");
    code.textContent = latest ? latest.code : "—";
    code.dataset.len = latest ? String(latest.code.length) : "1";
    const where = $("now-counter");
    where.replaceChildren();
    where.parentNode.dataset.long = String(!!latest && counterLabel(latest.counter).length > 12);
    if (latest) where.textContent = counterLabel(latest.counter);
    else bilingual(where, "Belum ada panggilan", "No calls yet");
    if (fresh) {
      card.classList.remove("fresh");
      void card.offsetWidth; // restart the animation for a recall of the same code
      card.classList.add("fresh");
      clearTimeout(freshTimer);
      freshTimer = setTimeout(() => card.classList.remove("fresh"), OPTS.freshMs);
    }
  }

  function renderAll() { renderNow(false); renderCounters(); renderRecent(); renderWaiting(); }

  function tick() {
    const now = new Date();
    $("date").textContent = dateFmt.format(now);
    $("time").textContent = timeFmt.format(now) + (zone ? " " + zone : "");
    // Past the office's midnight: ask for a fresh snapshot (a new service day, empty lists).
    if (state.serviceDay && hub && hub.state === "connected" && dayFmt.format(now) > state.serviceDay) {
      state.serviceDay = dayFmt.format(now);
      hub.emit("sync");
    }
  }

  // ------------------------------------------------------------ sound
  let audio = null;
  try { audio = new (window.AudioContext || window.webkitAudioContext)(); } catch (err) { audio = null; }

  function soundBlocked() { return !!audio && audio.state === "suspended"; }
  function updateHint() { $("sound-hint").hidden = !soundBlocked(); }
  function unlock() {
    if (audio && audio.state === "suspended") audio.resume().then(updateHint, updateHint);
    if ("speechSynthesis" in window) window.speechSynthesis.getVoices();
  }
  if (audio) audio.addEventListener("statechange", updateHint);
  ["pointerdown", "keydown", "touchstart"].forEach((name) => document.addEventListener(name, unlock));
  setTimeout(updateHint, 500); // a context allowed to play moves to "running" by itself

  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // Three falling tones (E5, C5, G4), each overlapping the next.
  function chime() {
    const step = OPTS.chimeMs / 1000 / 3.4;
    if (audio && audio.state === "running") {  // not saved up for when sound is allowed
      AntrianTones.play(audio, [659.25, 523.25, 392.0].map((freq, i) => [freq, i * step, step * 2]));
    }
    return wait(OPTS.chimeMs);
  }

  let clips = {}; // stem -> URL of the installed recorded clips for this board's language
  function loadClips() {
    return fetch(body.dataset.clipsUrl, {cache: "no-store"}).then((r) => r.ok ? r.json() : {clips: {}})
      .then((data) => { clips = data.clips || {}; }, () => {});
  }

  // Only a voice on this machine: a remote voice would send the words off the LAN.
  function localVoice() {
    if (!("speechSynthesis" in window)) return null;
    const want = lang === "id" ? ["id", "in"] : ["en"];
    const voices = window.speechSynthesis.getVoices().filter((v) => v.localService && v.lang &&
      want.indexOf(v.lang.toLowerCase().replace("_", "-").split("-")[0]) >= 0);
    return voices.find((v) => v.default) || voices[0] || null;
  }

  function backendFor(item) {
    if (item.clips && item.clips.length && item.clips.every((c) => clips[c])) return "clips";
    if (item.text && localVoice()) return "speech";
    return "silent";
  }

  function playClips(item) {
    const player = new Audio();
    let i = 0;
    return new Promise((resolve, reject) => {
      let guard = null;
      const next = () => {
        clearTimeout(guard);
        if (i >= item.clips.length) { resolve(); return; }
        player.src = clips[item.clips[i++]];
        guard = setTimeout(() => reject(new Error("clip timeout")), OPTS.clipTimeoutMs);
        player.play().catch(reject);
      };
      player.onended = next;
      player.onerror = () => { clearTimeout(guard); reject(new Error("clip error")); };
      next();
    }).finally(() => { player.onended = player.onerror = null; player.removeAttribute("src"); });
  }

  function speak(item) {
    return new Promise((resolve) => {
      const voice = localVoice();
      if (!voice) { resolve(); return; }
      const u = new SpeechSynthesisUtterance(item.text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      const guard = setTimeout(() => { window.speechSynthesis.cancel(); resolve(); }, OPTS.speechTimeoutMs);
      u.onend = u.onerror = () => { clearTimeout(guard); resolve(); };
      window.speechSynthesis.speak(u);
    });
  }

  function silent(item) {
    const ms = Math.min(OPTS.silentMaxMs, Math.max(OPTS.silentMinMs, (item.text || "").length * OPTS.silentMsPerChar));
    return wait(ms);
  }

  async function voice(item, backend) {
    if (backend === "clips") {
      try { await playClips(item); return "clips"; } catch (err) { backend = localVoice() ? "speech" : "silent"; }
    }
    if (backend === "speech") { await speak(item); return "speech"; }
    await silent(item);
    return "silent";
  }

  // ------------------------------------------------------------ the announcement queue
  const spoken = []; // the log tests read: {n, phase, code, text, backend, t}
  const pending = [];
  let busy = false, serial = 0;

  function log(item, phase, extra) {
    spoken.push(Object.assign({n: item.n, phase, code: item.code, counter: item.counter,
      recall: !!item.recall, text: item.text, t: performance.now()}, extra || {}));
    if (spoken.length > OPTS.maxLog) spoken.splice(0, spoken.length - OPTS.maxLog);
  }

  function announce(item) {
    item.n = ++serial;
    if (pending.length >= OPTS.maxQueue) log(pending.shift(), "dropped"); // never the one playing
    pending.push(item);
    log(item, "queued");
    pump();
  }

  async function pump() {
    if (busy) return;
    busy = true;
    while (pending.length) {
      const item = pending.shift();
      const planned = backendFor(item);
      log(item, "start", {backend: planned});
      body.classList.add("announcing");
      $("spoken-text").textContent = item.text || item.code;
      let used = planned;
      try {
        await chime();
        used = await voice(item, planned);
      } catch (err) {
        console.error("announcement failed", err);
      }
      body.classList.remove("announcing");
      log(item, "end", {backend: used});
    }
    busy = false;
  }

  function announcementItem(code, counter, recall, ann) {
    const words = ann ? ann[lang] || ann[ann.lang] : null;
    return {code, counter: counter ? counter.number : null, recall,
      text: words ? words.text : code + ", " + counterLabel(counter),
      clips: words ? words.clips : []};
  }

  // A call made while the board was away: fetch its words (same as the live event's).
  function announceCaughtUp(r) {
    const url = body.dataset.announcementUrl + "?code=" + encodeURIComponent(r.code) +
      "&counter=" + encodeURIComponent(r.counter ? r.counter.number : "");
    fetch(url, {cache: "no-store"}).then((res) => res.ok ? res.json() : null).catch(() => null)
      .then((ann) => announce(announcementItem(r.code, r.counter, r.recall, ann)));
  }

  // ------------------------------------------------------------ snapshot and events
  const same = (a, b) => a.code === b.code && a.recall === b.recall &&
    (a.counter && a.counter.id) === (b.counter && b.counter.id);

  // How many calls at the head of `fresh` the board has not shown: align the head of what it
  // shows (up to three entries, so a recall of the same code still counts) in `fresh`.
  function unseen(fresh, known) {
    if (!known.length) return fresh.length;
    for (let k = 0; k < fresh.length; k++) {
      const m = Math.min(known.length, fresh.length - k, 3);
      let ok = true;
      for (let j = 0; j < m; j++) if (!same(fresh[k + j], known[j])) { ok = false; break; }
      if (ok) return k;
    }
    return fresh.length;
  }

  function applySnapshot(snapshot, first) {
    const s = filterSnapshot(snapshot);
    const missed = first ? 0 : unseen(s.recent, state.recent);
    state.calls = s.calls;
    state.recent = s.recent.slice(0, OPTS.recentMax + 1);
    state.waiting = s.waiting;
    state.serviceDay = s.service_day;
    renderAll();
    if (missed > 0) { // only the latest of the calls made while away: no backlog replay
      renderNow(true);
      announceCaughtUp(s.recent[0]);
    }
  }

  function placeTicket(ticket) {
    const active = ticket.status === "called" || ticket.status === "serving";
    for (const row of state.calls) {
      if (row.ticket && row.ticket.id === ticket.id) row.ticket = null;
      if (active && ticket.counter && row.counter.id === ticket.counter.id &&
          serviceShown(ticket.service)) row.ticket = ticket;
    }
  }

  function onCalled(data) {
    const t = data.ticket;
    if (data.board === false || !t || !counterShown(t.counter) || !serviceShown(t.service)) return;
    placeTicket(t);
    state.recent.unshift({code: t.code, service: t.service, priority: t.priority, counter: t.counter,
      at: new Date().toISOString(), recall: !!data.recall});
    state.recent.length = Math.min(state.recent.length, OPTS.recentMax + 1);
    renderNow(true);
    renderCounters();
    renderRecent();
    announce(announcementItem(t.code, t.counter, !!data.recall, data.announcement));
  }

  function onWaiting(waiting) {
    state.waiting = waiting.filter((w) => serviceShown(w.service));
    renderWaiting();
  }

  function onEvent(name, data) {
    // A first call carries the new waiting counts itself (no separate queue.changed).
    if (name === "ticket.called") { if (data.waiting) onWaiting(data.waiting); onCalled(data); }
    else if (name === "ticket.updated" && data.ticket) { placeTicket(data.ticket); renderCounters(); }
    else if (name === "queue.changed" && data.waiting) onWaiting(data.waiting);
    // A counter opened or closed, a service switched: the whole picture may change.
    else if (name === "office.changed") hub.emit("sync");
  }

  const STATUS = {
    reconnecting: ["Menyambung ulang…", "Reconnecting…"],
    error: ["Tidak terhubung", "Not connected"],
  };
  function onStatus(st) {
    body.dataset.state = st;
    const badge = $("status");
    badge.hidden = !STATUS[st];
    if (STATUS[st]) { badge.replaceChildren(); bilingual(badge, STATUS[st][0], STATUS[st][1]); }
  }

  // ------------------------------------------------------------ start
  const marquee = document.querySelector(".marquee p");
  if (marquee) marquee.style.setProperty("--marquee-s", Math.max(15, $("running-text").textContent.length / 6) + "s");

  applySnapshot(JSON.parse($("initial-board").textContent), true);
  tick();
  setInterval(tick, 1000);
  loadClips();

  let firstBoard = true;
  hub = AntrianHub.connect({
    auth: {office: officeCode, role: "display"},
    onSnapshot(s) {
      applySnapshot(s, false);
      if (!firstBoard) loadClips(); // a clip set installed meanwhile is picked up
      firstBoard = false;
    },
    onEvent,
    onStatus,
  });

  window.antrianBoard = {
    spoken,
    get pending() { return pending.length; },
    get busy() { return busy; },
    get state() { return state; },
    get hubState() { return hub.state; },
    get lastSeq() { return hub.lastSeq; },
    get resyncs() { return hub.resyncs; },
    audioState: () => (audio ? audio.state : "none"),
    backendFor,
    announce, // lets an installer test the voice from the console
  };
})();
