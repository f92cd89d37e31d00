// The escort desk (SOP 002): visitors who asked for a wheelchair or an escort, live. A guard
// presses "Terima" (the counters then see that help is on the way), then "Selesai".
(function () {
  "use strict";
  var D = window.Desk, el = D.el;
  var root = document.getElementById("escort");
  var office = root.dataset.office;
  var STATUS = { open: "Menunggu petugas / Waiting for a guard",
                 acknowledged: "Bantuan sedang menuju / Help is on the way" };

  // A guard is not watching the screen: each new request chimes and vibrates a phone. The
  // browser keeps sound off until a tap, so the guard turns it on once per shift.
  var audio = null, seenOpen = null, alerts = 0;
  var sound = document.getElementById("sound");
  sound.addEventListener("click", function () {
    audio = AntrianTones.turnOn(sound, audio);
    // A phone or tablet that sleeps stops the page, its socket and its sound with it.
    if (navigator.wakeLock) navigator.wakeLock.request("screen").catch(function () {});
    chime();
  });

  function chime() {
    AntrianTones.play(audio, [[660, 0, 0.3], [880, 0.3, 0.3], [660, 0.6, 0.3]]);
  }

  function alertNew(open) {
    // (the list as the page opened is not news)
    var fresh = seenOpen && open.some(function (id) { return seenOpen.indexOf(id) < 0; });
    seenOpen = open;
    if (!fresh) return;
    root.dataset.alerts = ++alerts;
    chime();
    if (navigator.vibrate) navigator.vibrate([400, 150, 400]);
  }

  function act(r, step, message) {
    return D.api("POST", "/api/v1/assistance/" + r.id + "/" + step).then(function () {
      D.toast(r.code + ": " + message, "ok");
      refresh();
    }, function (err) { D.toast(err.message); refresh(); });
  }

  function card(r) {
    var where = r.counter ? r.counter.name : (r.ticket_status === "waiting" ? "menunggu dipanggil / waiting" : r.ticket_status);
    var button = r.status === "open"
      ? el("button", { type: "button", class: "go big", "data-act": "acknowledge",
                       text: "Terima / Acknowledge", onclick: function () { act(r, "acknowledge", "diterima / acknowledged"); } })
      : el("button", { type: "button", class: "big", "data-act": "done",
                       text: "Selesai diantar / Done", onclick: function () { act(r, "done", "selesai / done"); } });
    return el("li", { class: "card escort " + r.status + (r.overdue ? " over" : ""), "data-code": r.code, "data-status": r.status }, [
      el("h3", {}, [
        el("span", { class: "escort-code", text: r.code }),
        el("span", { class: "tag assist", text: r.kind_label.id + " / " + r.kind_label.en }),
        r.priority ? el("span", { class: "tag prio", text: "Prioritas" }) : null,
      ]),
      el("p", { text: r.service + " · " + r.service_name.id + " · " + where }),
      el("p", { class: r.overdue ? "state-bad" : "muted",
                text: "sejak / since " + D.clockTime(r.requested_at) + " · batas / due " + D.clockTime(r.due_at) }),
      el("p", { class: "escort-status", role: "status",
                text: STATUS[r.status] + (r.acknowledged_by ? " (" + r.acknowledged_by + ")" : "") }),
      el("div", { class: "row" }, [button]),
    ]);
  }

  var list = document.getElementById("requests");
  var requests = D.cards(list, {
    load: function () { return D.api("GET", "/api/v1/offices/" + office + "/assistance"); },
    rows: function (res) { return res.data.requests; },
    card: card,
    empty: "Tidak ada permintaan / nothing to do",
    tally: function (res) {
      var rows = res.data.requests;
      var open = rows.filter(function (r) { return r.status === "open"; })
                     .map(function (r) { return r.id; });
      alertNew(open);
      document.getElementById("escort-count").textContent = rows.length;
      document.title = (open.length ? "(" + open.length + ") " : "") + "Pendampingan · antrian";
    },
  });
  var refresh = requests.refresh;

  D.live({ office: office, role: "escort" }, refresh);
})();
