// The counter console: call, serve and finish tickets; everything it shows comes from
// GET /api/v1/counters/<id>/console and is refreshed on every hub event.
(function () {
  "use strict";
  var D = window.Desk, el = D.el;
  var root = document.getElementById("console");
  var counterId = Number(root.dataset.counter);
  var state = null, skew = 0, shownTicket = null, busy = false;
  var waitingOffset = 0;  // the page of the waiting list on screen
  var $ = function (id) { return document.getElementById(id); };

  function say(text, kind) {
    var box = $("message");
    box.textContent = text;
    box.className = "message " + (kind || "info");
  }

  function act(promise, okText) {
    busy = true;
    return promise.then(function (res) {
      if (okText) say(okText, "ok");
      return res;
    }, function (err) {
      D.toast(err.message);
      say(err.message, "error");
    }).then(function (res) { busy = false; refresh(); return res; });
  }

  function callNext() {
    if (busy || $("call-next").disabled) return;
    say("Memanggil… / Calling…", "info");
    act(D.api("POST", "/api/v1/counters/" + counterId + "/call-next")).then(function (res) {
      if (!res) return;
      if (res.status === 204) say("Tidak ada yang menunggu. / No one waiting.", "info");
      else say("Memanggil " + res.data.code + " / Calling " + res.data.code, "ok");
    });
  }

  // SOP 002: the escort desk's answer to this visitor's request, for the counter to see.
  function helpNotice(a) {
    if (!a || a.status === "done") return null;
    if (a.status === "acknowledged") {
      return el("span", { class: "help-coming", id: "cur-help", role: "status", text: "Bantuan sedang menuju / Help is on the way" });
    }
    return el("span", { class: "help-waiting", id: "cur-help", role: "status", text: "Menunggu petugas pendamping / Waiting for an escort" });
  }

  function ticketAction(action, body) {
    var t = state && state.current;
    if (!t) return;
    var url = action === "recall" ? "/api/v1/counters/" + counterId + "/recall"
                                  : "/api/v1/tickets/" + t.id + "/" + action;
    return act(D.api("POST", url, body || {}), t.code + ": " + labels[action]);
  }

  var labels = {
    recall: "dipanggil ulang / recalled", serve: "dilayani / serving",
    complete: "selesai / completed", "no-show": "tidak hadir / no-show",
    requeue: "kembali ke antrean / returned to queue", hold: "ditunda / on hold",
    resume: "dilanjutkan / resumed", transfer: "dialihkan / transferred",
    escalate: "diteruskan / escalated",
  };

  // ---------------------------------------------------------------- rendering

  function render() {
    var t = state.current;
    $("call-next").disabled = !!(t && (t.status === "called" || t.status === "serving"));
    $("cur-code").textContent = t ? t.code : "—";
    $("current").dataset.status = t ? t.status : "none";
    if (t) {
      $("cur-service").textContent = t.service + " · " + t.service_name.id + " / " + t.service_name.en;
    } else {
      $("cur-service").textContent = "Loket kosong: tekan Panggil berikutnya / Desk free: press Call next";
    }
    $("cur-status").textContent = t ? statusLabel(t.status) : "";
    $("cur-status").hidden = !t;
    var flags = $("cur-flags");
    flags.textContent = "";
    if (t && t.priority) flags.appendChild(el("span", { class: "tag prio", text: "Prioritas / priority" + (t.priority_reason ? " · " + t.priority_reason.replace("_", " ") : "") }));
    if (t && t.needs_assistance) flags.appendChild(el("span", { class: "tag assist", text: "Perlu pendampingan / needs assistance" + (t.assistance ? " · " + t.assistance.kind_label.id + " / " + t.assistance.kind_label.en : "") }));
    var help = helpNotice(t && t.assistance);
    if (help) flags.appendChild(help);
    $("cur-timeline").hidden = !t;  // the ticket's SOP steps against their standards
    if (t) $("cur-timeline").href = "/admin/tickets/" + t.id + "/timeline";
    $("cur-note").hidden = !(t && t.note);
    $("cur-note").textContent = t && t.note ? "Catatan / note: " + t.note : "";
    var answer = t && t.answer;
    $("cur-answer").hidden = !answer;
    $("cur-answer-q").textContent = answer ? answer.question : "";
    $("cur-answer-a").textContent = answer ? answer.answer : "";

    // The server says which actions the ticket's status allows (states.py): no copy here.
    var allowed = t ? (t.actions || []) : [];
    Array.prototype.forEach.call(document.querySelectorAll("#actions button"), function (b) {
      var act = b.dataset.act || (b.id === "btn-transfer" ? "transfer" : "escalate");
      b.hidden = allowed.indexOf(act) < 0;
    });
    if (t) {
      $("recall-count").textContent = t.recall_count ? "×" + t.recall_count : "";
      var need = state.recalls_before_no_show;
      var noshow = $("btn-noshow");
      noshow.disabled = t.recall_count < need;
      noshow.title = noshow.disabled ? "Panggil ulang " + need + "× dulu / recall " + need + "× first" : "";
    }
    renderVisit(t);
    renderStats();
    renderWaiting();
    renderReturned();
    renderOnline();
    tick();
  }

  function statusLabel(status) {
    return { called: "Dipanggil · called", serving: "Sedang dilayani · serving",
             held: "Ditunda · on hold" }[status] || status;
  }

  function tick() {
    var t = state && state.current;
    var box = $("timer-box");
    if (!t || !(t.status === "serving" || t.status === "held" || t.status === "called")) { box.hidden = true; return; }
    box.hidden = false;
    var now = Date.now() + skew;
    var from = t.status === "called" ? t.called_at : (t.served_at || t.called_at);
    var elapsed = (now - Date.parse(from)) / 1000;
    var target = t.status === "called" ? t.target_call_s : t.target_service_s;
    $("timer").textContent = D.duration(elapsed);
    $("timer-target").textContent = D.duration(target);
    var ratio = Math.min(elapsed / target, 1);
    $("timer-bar").style.width = (ratio * 100).toFixed(1) + "%";
    box.dataset.level = elapsed > target ? "over" : (elapsed > target * 0.8 ? "near" : "ok");
  }

  function renderStats() {
    $("st-served").textContent = state.stats.served;
    $("st-noshow").textContent = state.stats.no_shows;
    $("st-avg").textContent = D.duration(state.stats.average_service_s);
  }

  function serviceText(w) {
    return w.service + " · " + (w.service_name ? w.service_name.id : "");
  }

  // The server sends one page of the waiting list (waiting_page: total, offset, limit).
  function renderWaiting() {
    var list = $("waiting"), page = state.waiting_page;
    list.textContent = "";
    $("waiting-count").textContent = page.total;
    if (!state.waiting.length) {
      list.appendChild(el("li", { class: "empty", text: "Tidak ada yang menunggu / no one waiting" }));
      return;
    }
    state.waiting.forEach(function (w) {
      var over = w.waited_s > w.target_wait_s;
      list.appendChild(el("li", { class: w.priority ? "prio" : "" }, [
        el("span", { class: "qcode", text: w.code }),
        el("span", { class: "qservice" + (w.transferred ? " moved" : ""), text: (w.transferred ? "➜ " : "") + serviceText(w),
                     title: w.transferred ? "Dialihkan ke layanan ini / transferred to this service" : "" }),
        w.priority ? el("span", { class: "tag prio", text: "Prioritas", title: w.priority_reason || "" }) : null,
        w.needs_assistance ? el("span", { class: "tag assist", text: "Bantuan", title: "Perlu pendampingan / needs assistance" }) : null,
        w.assistance && w.assistance.status === "acknowledged" ? el("span", { class: "tag help-on-way", text: "Bantuan menuju", title: "Bantuan sedang menuju / Help is on the way" }) : null,
        w.for_other_counter ? el("span", { class: "tag", text: "loket lain" }) : null,
        w.sent_from_here ? el("span", { class: "tag", text: "dari loket ini",
          title: "Dialihkan dari loket ini; loket lain yang memanggilnya / sent on from this counter; another counter calls it" }) : null,
        el("span", { class: "waited" + (over ? " over" : ""), text: D.duration(w.waited_s) }),
      ]));
    });
    var after = page.total - page.offset - state.waiting.length;
    if (page.offset > 0 || after > 0) {
      list.appendChild(el("li", { class: "more" }, [
        page.offset > 0 ? el("button", { type: "button", id: "waiting-prev",
          text: "\u2039 Sebelumnya / previous",
          onclick: function () { showWaitingFrom(Math.max(page.offset - page.limit, 0)); } }) : null,
        el("span", { text: (page.offset + 1) + "\u2013" + (page.offset + state.waiting.length) +
          " dari / of " + page.total }),
        after > 0 ? el("button", { type: "button", id: "waiting-next",
          text: "Berikutnya / next \u203a",
          onclick: function () { showWaitingFrom(page.offset + page.limit); } }) : null,
      ]));
    }
  }

  // Held and escalated tickets of this counter: always listed, each with its state, the
  // question and the whole answer, and Lanjutkan once it can go on.
  var ANSWER_BY = { callback: "Pengunjung pergi: telepon balik / left: call-back",
                    status_page: "Pengunjung pergi: jawaban di halaman status / left: status page" };
  function parkedState(r) {
    if (r.status === "held") return "Ditunda / on hold";
    if (r.answer_by) return ANSWER_BY[r.answer_by] + (r.answer ? "" : " · menunggu jawaban / awaiting answer");
    if (r.answer) return "Jawaban sudah ada / answered";
    return "Menunggu jawaban sampai " + D.clockTime(r.due_at) + " / awaiting answer";
  }

  function showWaitingFrom(offset) {
    waitingOffset = offset;
    refresh();
  }

  function renderReturned() {
    var list = $("returned");
    list.textContent = "";
    $("returned-count").textContent = state.returned.length;
    if (!state.returned.length) {
      list.appendChild(el("li", { class: "empty", text: "Tidak ada yang ditunda / nothing set aside" }));
      return;
    }
    var busyNow = !!state.current;
    state.returned.forEach(function (r) {
      var ready = (r.actions || []).indexOf("resume") >= 0;
      list.appendChild(el("li", { class: "parked " + r.status + (r.answer ? " answered" : "") }, [
        el("div", { class: "parked-head" }, [
          el("span", { class: "qcode", text: r.code }),
          el("span", { class: "parked-state", text: parkedState(r) }),
          ready ? el("button", { type: "button", class: "go small", text: "Lanjutkan / Resume",
            disabled: busyNow, title: busyNow ? "Selesaikan nomor saat ini dulu / finish the current ticket first" : "",
            "aria-label": "Lanjutkan " + r.code + " / resume " + r.code,
            onclick: function () { act(D.api("POST", "/api/v1/tickets/" + r.id + "/resume", {}), r.code + ": " + labels.resume); } }) : null,
        ]),
        r.question ? el("p", { class: "parked-q", text: "T / Q: " + r.question }) : null,
        r.answer ? el("p", { class: "answer", text: r.answer }) : null,
        (r.actions || []).indexOf("answer-later") >= 0 ? el("p", { class: "parked-later" }, [
          el("button", { type: "button", class: "small",
            text: "Pengunjung sudah pergi? / Visitor left?",
            "aria-label": "Pengunjung " + r.code + " sudah pergi / visitor " + r.code + " left",
            onclick: function () { openLater(r); } })]) : null,
      ]));
    });
  }

  function renderOnline() {
    var list = $("online");
    list.textContent = "";
    $("online-count").textContent = state.online.length;
    if (!state.online.length) {
      list.appendChild(el("li", { class: "empty", text: "Tidak ada permintaan / none open" }));
      return;
    }
    state.online.slice(0, 8).forEach(function (o) {
      // escalated: with the back office (or main unit) until its answer is back
      var away = o.escalated && !o.ready;
      list.appendChild(el("li", { class: "online-item" + (o.escalated ? " escalated" : "") }, [
        el("span", { class: "qcode", text: o.code }),
        el("span", { class: "who", text: (o.name || "–") + (o.institution ? " · " + o.institution : "") }),
        el("span", { class: "due" + (o.overdue ? " over" : ""), text: "batas / due " + D.clockTime(o.due_at) }),
        // its state and buttons on a line of their own: the name keeps its room
        el("span", { class: "online-actions" }, [
          o.escalated ? el("span", { class: "tag", text: away ? "di back office / with the back office"
                                                              : "jawaban kembali / answer back" }) : null,
          away ? null : el("button", { type: "button", class: "small", text: "Jawab / Answer",
                         "aria-label": "Jawab " + o.code + " / answer " + o.code,
                         onclick: function () { openOnline(o); } }),
          o.escalated ? null : el("button", { type: "button", class: "small", text: "Teruskan / Escalate",
                         "aria-label": "Teruskan " + o.code + " / escalate " + o.code,
                         onclick: function () { openEscalate(o); } }),
        ]),
      ]));
    });
  }

  // ---------------------------------------------------------------- visit record

  function renderVisit(t) {
    var form = $("visit-form");
    var id = t ? t.id : null;
    $("visit").hidden = !t || t.status === "called";
    if (id === shownTicket) return; // never overwrite what staff are typing
    shownTicket = id;
    form.reset();
    D.markInvalid(form, null);
    var v = t && t.visit;
    $("nik-now").textContent = v && v.nik_masked ? "tersimpan / on file: " + v.nik_masked : "";
    $("visit-state").textContent = v && v.exists ? "· tersimpan / saved" : "";
    if (!v || !v.exists) return;
    ["name", "institution", "regency", "phone", "purpose_category", "purpose_detail",
     "authority_doc", "outcome"].forEach(function (key) {
      if (form.elements[key]) form.elements[key].value = v[key] || "";
    });
    form.elements.on_behalf.checked = !!v.on_behalf;
  }

  $("visit-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var t = state.current;
    if (!t) return;
    var form = ev.target;
    var body = D.formValues(form);
    D.api("PUT", "/api/v1/tickets/" + t.id + "/visit", body).then(function (res) {
      D.markInvalid(form, null);
      form.elements.nik.value = "";
      $("nik-now").textContent = res.data.nik_masked ? "tersimpan / on file: " + res.data.nik_masked : "";
      $("visit-state").textContent = "· tersimpan / saved";
      say(t.code + ": data kunjungan tersimpan / visit record saved", "ok");
    }, function (err) { D.markInvalid(form, err.field); D.toast(err.message); });
  });

  // ---------------------------------------------------------------- dialogs

  function openDialog(id) {
    var dlg = $(id);
    if (id === "dlg-transfer") {
      var sel = $("tr-service");
      sel.textContent = "";
      state.services.forEach(function (s) { sel.appendChild(el("option", { value: s.prefix, text: s.prefix + " · " + s.name })); });
      var ctr = $("tr-counter");
      ctr.length = 1;
      state.counters.forEach(function (c) { if (c.number !== state.counter.number) ctr.appendChild(el("option", { value: c.number, text: c.name })); });
    }
    dlg.querySelector("form").reset && id !== "dlg-transfer" && dlg.querySelector("form").reset();
    dlg.showModal();
  }

  document.querySelectorAll("[data-dialog]").forEach(function (b) {
    b.addEventListener("click", function () { openDialog(b.dataset.dialog); });
  });

  $("transfer-form").addEventListener("submit", function (ev) {
    var v = D.formValues(ev.target);
    ticketAction("transfer", { service: v.service, counter: v.counter ? Number(v.counter) : null, note: v.note });
  });
  // The escalate dialog serves the current ticket, or an online request from the list.
  var escalateOnline = null;
  function openEscalate(o) {
    openDialog("dlg-escalate");
    escalateOnline = o;
    $("escalate-form").elements.question.value = o.request_text || "";
  }
  document.querySelectorAll('[data-dialog="dlg-escalate"]').forEach(function (b) {
    b.addEventListener("click", function () { escalateOnline = null; });
  });
  $("escalate-form").addEventListener("submit", function (ev) {
    var v = D.formValues(ev.target);
    var body = { question: v.question || "", level: v.level };
    if (escalateOnline) {
      var o = escalateOnline;
      escalateOnline = null;
      act(D.api("POST", "/api/v1/tickets/" + o.ticket_id + "/escalate", body), o.code + ": " + labels.escalate);
      return;
    }
    ticketAction("escalate", body);
  });

  // A walk-in who left while the question was out: a call-back, or the status page.
  var laterTicket = null;
  function openLater(r) {
    laterTicket = r;
    $("later-code").textContent = r.code;
    $("later-form").reset();
    $("later-form").elements.phone.value = r.phone || "";
    $("dlg-later").showModal();
  }
  $("later-form").addEventListener("submit", function (ev) {
    var v = D.formValues(ev.target);
    var by = (ev.target.querySelector("input[name=by]:checked") || {}).value;
    if (!laterTicket || !by) return;
    var r = laterTicket;
    act(D.api("POST", "/api/v1/tickets/" + r.id + "/answer-later", { by: by, phone: v.phone || null }),
        r.code + ": " + ANSWER_BY[by]);
  });

  var onlineTicket = null;
  function openOnline(o) {
    onlineTicket = o;
    $("online-code").textContent = o.code;
    var box = $("online-request");
    box.textContent = "";
    box.appendChild(el("p", { class: "who", text: [o.name, o.institution, o.phone, o.email].filter(Boolean).join(" · ") }));
    box.appendChild(el("p", { text: o.request_text || "" }));
    $("online-form").reset();
    if (o.answer) {  // the back office's answer, back: the front office sends it on
      box.appendChild(el("p", { class: "answer", text: "Jawaban back office / back office's answer: " + o.answer }));
      $("online-form").elements.answer.value = o.answer;
    }
    $("dlg-online").showModal();
  }
  $("online-form").addEventListener("submit", function (ev) {
    var v = D.formValues(ev.target);
    if (!onlineTicket) return;
    var code = onlineTicket.code;
    act(D.api("POST", "/api/v1/tickets/" + onlineTicket.ticket_id + "/answer-online",
              { answer: v.answer || "", counter: counterId }), code + ": dijawab / answered");
  });

  // ---------------------------------------------------------------- wiring

  document.querySelectorAll("#actions button[data-act]").forEach(function (b) {
    b.addEventListener("click", function () { ticketAction(b.dataset.act); });
  });
  $("call-next").addEventListener("click", callNext);
  $("call-number").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var code = $("call-code").value.trim().toUpperCase();
    if (!code) { $("call-code").focus(); return; }
    act(D.api("POST", "/api/v1/counters/" + counterId + "/call", { code: code }), "Memanggil " + code + " / calling " + code)
      .then(function (res) { if (res) $("call-code").value = ""; });
  });

  document.addEventListener("keydown", function (ev) {
    if (document.querySelector("dialog[open]")) return;
    var tag = (ev.target.tagName || "").toLowerCase();
    var typing = ["input", "textarea", "select"].indexOf(tag) >= 0 || ev.target.isContentEditable;
    if (ev.key === "F1" || (ev.key === " " && !typing && (tag === "body" || ev.target.id === "call-next"))) {
      ev.preventDefault();
      callNext();
    }
  });

  function refresh() {
    var url = "/api/v1/counters/" + counterId + "/console?waiting_offset=" + waitingOffset;
    return D.api("GET", url).then(function (res) {
      var page = res.data.waiting_page;
      if (page.offset > 0 && page.offset >= page.total) {  // the page was called empty
        waitingOffset = Math.max(page.total - page.limit, 0);
        return refresh();
      }
      state = res.data;
      skew = Date.parse(state.now) - Date.now();
      render();
    }, function (err) { D.toast(err.message); });
  }

  setInterval(tick, 1000);
  D.live({ office: root.dataset.office, role: "counter", counter: counterId }, refresh);
  $("call-next").focus();
})();
