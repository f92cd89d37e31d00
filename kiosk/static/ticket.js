// A ticket's status page: position and wait while waiting, "silakan menuju Loket 2" with a
// chime and a vibration when called, thanks and the survey after service. An online request
// (SOP 000) is never called: "being processed" until its answer is shown here.
"use strict";
(function () {
  const body = document.body;
  const office = body.dataset.office;
  const token = body.dataset.token;
  const surveyUrl = body.dataset.surveyUrl;
  const $ = (id) => document.getElementById(id);
  const STATUS = {
    waiting: ["Menunggu dipanggil", "Waiting to be called"],
    called: ["Dipanggil", "Called"],
    serving: ["Sedang dilayani", "Being served"],
    held: ["Ditunda sebentar", "On hold"],
    escalated: ["Menunggu jawaban petugas", "Waiting for an answer"],
    done: ["Selesai dilayani", "Service complete"],
    no_show: ["Tidak hadir saat dipanggil", "Missed the call"],
    cancelled: ["Dibatalkan", "Cancelled"],
  };
  const FINISHED = ["done", "no_show", "cancelled"];
  const online = body.dataset.channel === "online";
  const ONLINE_STATUS = {
    done: ["Sudah dijawab", "Answered"],
    cancelled: STATUS.cancelled,
  };
  const PROCESSING = ["Sedang diproses", "Being processed"];
  let ticket = null;
  let audio = null;
  let lastCallKey = null;

  function label(pair) {
    const en = document.createElement("span");
    en.className = "en";
    en.textContent = " / " + pair[1];
    return [document.createTextNode(pair[0]), en];
  }

  function render(t) {
    ticket = t;
    body.dataset.status = t.status;
    const pair = online ? (ONLINE_STATUS[t.status] || PROCESSING)
      : (STATUS[t.status] || [t.status, t.status]);
    $("status-text").replaceChildren(...label(pair));
    if (online) renderOnline(t.online);
    const waiting = t.status === "waiting" && !online;
    $("waiting-facts").hidden = !waiting;
    if (waiting) {
      $("ahead").textContent = t.ahead ?? "-";
      const s = t.estimated_wait_s;
      $("wait").textContent = s ? Math.max(1, Math.ceil(s / 60)) + " menit" : "segera";
    }
    const called = t.status === "called" && t.counter && !online;
    $("called").hidden = !called;
    if (called) {
      $("called-counter").textContent = t.counter.name;
      $("called-counter-en").textContent = t.counter.name;
      const key = t.called_at + ":" + t.recall_count;
      if (key !== lastCallKey) { lastCallKey = key; alert(); } // a recall alerts again
    }
    const finished = FINISHED.includes(t.status);
    $("finished").hidden = t.status !== "done" || online;
    $("survey").hidden = !(t.status === "done" && surveyUrl);
    $("sound").hidden = finished || online;
    // "Keep this page open" matters only until the visitor is at the counter.
    $("keep").hidden = online || !["waiting", "called"].includes(t.status);
    $("live").hidden = finished;
    renderCompensation(t.compensation);
    // a walk-in who left before the answer came reads it here (an online request: renderOnline)
    $("answer-box").hidden = online || !t.answer;
    $("walkin-answer-text").textContent = online ? "" : t.answer || "";
  }

  // SOP 000: the request stays shown; the answer appears once given.
  function renderOnline(o) {
    if (!o) return;
    $("due").textContent = o.due;
    $("online-answer").hidden = !o.answer;
    $("answer-text").textContent = o.answer || "";
    $("answered-on").textContent = o.answered_on || "";
  }

  // SOP 004: the apology, or the priority re-service number, once a case gives one.
  function renderCompensation(c) {
    $("compensation").hidden = !c;
    if (!c) return;
    $("comp-kind").replaceChildren(...label([c.label.id, c.label.en]));
    $("comp-text").hidden = !c.text;
    $("comp-text").textContent = c.text || "";
    $("comp-ticket").hidden = !c.ticket;
    if (c.ticket) {
      $("comp-ticket-code").textContent = c.ticket.code;
      $("comp-ticket-link").href = c.ticket.status_url;
      $("comp-ticket-note").replaceChildren(...label(c.ticket.channel === "online"
        ? ["dijawab secara daring", "answered online"]
        : ["nomor prioritas: silakan datang, Anda dilayani di loket prioritas",
           "a priority number: come in and you are served at the priority counter"]));
    }
  }

  function chime() {
    AntrianTones.play(audio, [[880, 0, 0.65], [660, 0.35, 0.65]], 0.4);
  }

  function alert() {
    body.dataset.alerted = "1";
    window.calledAlerts = (window.calledAlerts || 0) + 1;
    chime();
    if (navigator.vibrate) navigator.vibrate([300, 150, 300, 150, 600]);
  }

  let fetchTimer = null;
  function refresh() {
    clearTimeout(fetchTimer);
    fetchTimer = setTimeout(() => {
      fetch("/api/v1/tickets/" + encodeURIComponent(token))
        .then((r) => (r.ok ? r.json() : null))
        .then((t) => { if (t) render(t); })
        .catch(() => {});
    }, 150);
  }

  $("sound").addEventListener("click", () => {
    audio = AntrianTones.turnOn($("sound"), audio);
    chime();
  });

  refresh();
  AntrianHub.connect({
    auth: {office, role: "ticket", ticket: token},
    onSnapshot() { refresh(); },
    onEvent(name, data) {
      const mine = data && data.ticket && ticket && data.ticket.id === ticket.id;
      // Places move on queue.changed and on a first call (which carries the new counts).
      if (mine || name === "queue.changed" || (data && data.waiting)) refresh();
    },
    onStatus(state) {
      const el = $("live");
      el.dataset.state = state;
      el.replaceChildren(...label(state === "connected" ? ["Terhubung langsung", "Live"]
        : ["Menghubungkan…", "Connecting…"]));
    },
  });
})();
