// Phone desk (SOP 003): log the call, answer or forward it, then call back with the answer.
(function () {
  "use strict";
  var D = window.Desk, el = D.el;
  var root = document.getElementById("phone");
  var office = root.dataset.office;
  var $ = function (id) { return document.getElementById(id); };
  var active = null;

  $("call-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var form = ev.target;
    D.api("POST", "/api/v1/offices/" + office + "/calls", D.formValues(form)).then(function (res) {
      D.markInvalid(form, null);
      active = res.data;
      $("active").hidden = false;
      $("active-code").textContent = active.code;
      $("answer-form").reset();
      form.reset();
      $("answer-form").elements.answer.focus();
      refresh();
    }, function (err) { D.markInvalid(form, err.field); D.toast(err.message); });
  });

  function finishActive(promise, text) {
    promise.then(function () {
      D.toast(text, "ok");
      active = null;
      $("active").hidden = true;
      refresh();
    }, function (err) { D.toast(err.message); });
  }

  $("answer-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!active) return;
    var v = D.formValues(ev.target);
    finishActive(D.api("POST", "/api/v1/calls/" + active.id + "/answer", { answer: v.answer || "" }),
                 active.code + ": dijawab / answered");
  });
  $("forward").addEventListener("click", function () {
    if (!active) return;
    var v = D.formValues($("answer-form"));
    finishActive(D.api("POST", "/api/v1/calls/" + active.id + "/forward", { level: v.level }),
                 active.code + ": diteruskan / forwarded");
  });

  function callbackCard(c) {
    var answer = c.ready ? callbacks.box(c.ticket_id, c.answer || "",
                                         { rows: "2", "aria-label": "Jawaban yang disampaikan / answer given" }) : null;
    function send(outcome) {
      D.api("POST", "/api/v1/calls/" + c.ticket_id + "/callback", { outcome: outcome, answer: answer.value })
        .then(function () {
          callbacks.forget(c.ticket_id);
          D.toast(c.code + (outcome === "reached" ? ": selesai / done" : ": dicoba lagi nanti / try again later"), "ok");
          refresh();
        }, function (err) { D.toast(err.message); });
    }
    return el("li", { class: "card" + (c.ready ? " ready" : "") + (c.overdue ? " over" : ""), "data-code": c.code }, [
      el("h3", {}, [c.code + " · " + (c.name || "–"),
        // a walk-in who left before the answer came back: called back like a caller
        c.channel !== "phone" ? el("span", { class: "tag", text: "pengunjung loket / walk-in" }) : null,
        el("span", { class: "muted", text: [c.institution, c.regency].filter(Boolean).join(", ") })]),
      el("p", {}, [el("strong", { text: "☎ " + (c.phone || "–") })]),
      el("p", { text: c.question || "" }),
      c.ready
        ? el("div", {}, [el("p", { class: "muted", text: "Jawaban siap; telepon balik sekarang. / Answer ready; call back now." +
                                                          (c.not_reached ? " Tidak terhubung " + c.not_reached + "× / not reached " + c.not_reached + "×" : "") }),
                         answer,
                         el("div", { class: "row" }, [
                           el("button", { type: "button", class: "go", text: "Terhubung, jawaban disampaikan / Reached", onclick: function () { send("reached"); } }),
                           el("button", { type: "button", class: "warn", text: "Tidak terhubung / Not reached", onclick: function () { send("not_reached"); } }),
                         ])])
        : el("p", { class: c.overdue ? "state-bad" : "muted",
                    text: "Menunggu " + (c.level === "main_unit" ? "unit utama" : "back office") +
                          ", batas " + D.clockTime(c.due_at) + " / awaiting answer, due " + D.clockTime(c.due_at) }),
    ]);
  }

  var list = $("callbacks");
  var callbacks = D.cards(list, {
    load: function () { return D.api("GET", "/api/v1/offices/" + office + "/calls"); },
    rows: function (res) { return res.data.callbacks; },
    card: callbackCard,
    empty: "Tidak ada telepon balik / no call-backs",
    tally: function (res) {
      $("cb-count").textContent = res.data.callbacks.length;
      var recent = $("recent");
      recent.textContent = "";
      res.data.recent.forEach(function (r) {
        recent.appendChild(el("tr", {}, [el("td", { text: r.code }), el("td", { text: r.name || "–" }),
          el("td", { text: r.status_label })]));
      });
      if (!res.data.recent.length) recent.appendChild(el("tr", {}, [el("td", { class: "muted", text: "Belum ada / none yet" })]));
    },
  });
  var refresh = callbacks.refresh;

  D.live({ office: office, role: "counter" }, refresh);
})();
