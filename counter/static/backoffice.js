// Back office: answer escalations before their due time, or pass them to the main unit; the
// main unit's answers come back here to be passed on to the front, unchanged or corrected.
(function () {
  "use strict";
  var D = window.Desk, el = D.el;
  var root = document.getElementById("backoffice");
  var office = root.dataset.office;
  var CHANNELS = { phone: "telepon / phone", online: "daring / online", kiosk: "loket / counter",
                   reception: "loket / counter", compensation: "kompensasi / compensation" };
  var list = document.getElementById("escalations");
  var escalations = D.cards(list, {
    load: function () { return D.api("GET", "/api/v1/offices/" + office + "/escalations"); },
    rows: function (res) { return res.data.escalations; },
    card: card,
    empty: "Tidak ada eskalasi terbuka / nothing open",
    tally: function (res) {
      document.getElementById("esc-count").textContent = res.data.escalations.length;
    },
  });
  var refresh = escalations.refresh;

  function card(e) {
    var text = escalations.box(e.id, e.review ? e.proposed || "" : "",
                               { rows: "3", "aria-label": "Jawaban untuk " + e.code + " / answer" });
    function done(promise, msg) {
      promise.then(function () { escalations.forget(e.id); D.toast(msg, "ok"); refresh(); },
                   function (err) { D.toast(err.message); });
    }
    return el("li", { class: "card" + (e.overdue ? " over" : ""), "data-code": e.code }, [
      el("h3", {}, [e.code, el("span", { class: "tag", text: CHANNELS[e.channel] || e.channel }),
        el("span", { class: "tag", text: e.level_label }),
        el("span", { class: e.overdue ? "state-bad" : "muted", text: "batas / due " + D.clockTime(e.due_at) })]),
      e.visitor ? el("p", { class: "muted", text: e.visitor }) : null,
      el("p", { text: e.question }),
      e.review ? el("p", { class: "muted", text: "Jawaban unit utama, teruskan apa adanya atau koreksi dulu: / The main unit's answer: pass it on as it is, or correct it first:" }) : null,
      text,
      el("div", { class: "row" }, [
        e.review ? el("button", { type: "button", class: "go", text: "Teruskan ke depan / Pass on to the front", onclick: function () {
          var changed = text.value.trim() !== (e.proposed || "").trim();
          done(D.api("POST", "/api/v1/escalations/" + e.id + "/pass-on", changed ? { answer: text.value } : {}),
               e.code + (changed ? ": dikoreksi dan diteruskan / corrected and passed on" : ": diteruskan / passed on"));
        } }) :
        el("button", { type: "button", class: "go", text: e.level === "main_unit" ? "Kirim ke back office / Send to the back office" : "Kirim jawaban / Send answer", onclick: function () {
          done(D.api("POST", "/api/v1/escalations/" + e.id + "/answer", { answer: text.value }),
               e.code + (e.level === "main_unit" ? ": ke back office untuk ditinjau / to the back office for review" : ": dijawab / answered"));
        } }),
        e.level === "back_office" && !e.review ? el("button", { type: "button", text: "Teruskan ke unit utama / To main unit", onclick: function () {
          done(D.api("POST", "/api/v1/escalations/" + e.id + "/forward", { note: text.value }), e.code + ": ke unit utama / to main unit");
        } }) : null,
      ]),
    ]);
  }

  D.live({ office: office, role: "counter" }, refresh);
})();
