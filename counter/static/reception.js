// Reception desk: issue a number with the visitor's details, show it large, reprint it, and
// keep an eye on the day's queue, the counters and the printers.
(function () {
  "use strict";
  var D = window.Desk, el = D.el;
  var root = document.getElementById("reception");
  var office = root.dataset.office;
  var $ = function (id) { return document.getElementById(id); };
  var last = null;
  var PRINTER_STATES = { online: "siap / ready", offline: "mati / offline",
    paper_near_end: "kertas hampir habis / paper low", paper_out: "kertas habis / paper out",
    cover_open: "tutup terbuka / cover open", unknown: "tidak diketahui / unknown" };

  $("issue-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var form = ev.target, v = D.formValues(form);
    var kind = form.querySelector('input[name="kind"]:checked').value;
    // A priority ticket needs its reason (UU 25/2009 art. 29): say so here, before the server.
    var noReason = kind === "priority" && !v.priority_reason;
    $("reason-hint").hidden = !noReason;
    if (noReason) {
      D.markInvalid(form, "priority_reason");
      $("priority_reason").focus();
      return;
    }
    var body = {
      service: form.querySelector('input[name="service"]:checked').value,
      priority: kind === "priority",
      priority_reason: kind === "priority" ? v.priority_reason : null,
      needs_assistance: !!v.needs_assistance,
      assistance: v.needs_assistance ? v.assistance : null,  // SOP 002: raises an escort request
      visitor: { name: v.name, institution: v.institution, regency: v.regency, phone: v.phone,
                 nik: v.nik, purpose_category: v.purpose_category },
    };
    D.api("POST", "/api/v1/offices/" + office + "/reception/tickets", body).then(function (res) {
      D.markInvalid(form, null);
      D.toast(null); // an old error never stays over the new number
      last = res.data;
      $("issued-code").textContent = last.code;
      $("issued-meta").textContent = last.service_name.id + " · " + last.ahead + " di depan / ahead";
      $("issued-links").hidden = false;
      $("printable").href = "/counter/ticket/" + last.id + "/print";
      form.reset();
      refresh();
    }, function (err) {
      D.markInvalid(form, err.field);
      D.toast(err.message);
    });
  });

  // Choosing a reason or going back to regular clears the hint at once.
  $("issue-form").addEventListener("change", function (ev) {
    if (ev.target.name !== "priority_reason" && ev.target.name !== "kind") return;
    var form = $("issue-form");
    var kind = form.querySelector('input[name="kind"]:checked').value;
    if (kind !== "priority" || $("priority_reason").value) {
      $("reason-hint").hidden = true;
      D.markInvalid(form, null);
    }
  });

  $("reprint").addEventListener("click", function () {
    if (!last) return;
    D.api("POST", "/api/v1/tickets/" + last.id + "/reprint", {}).then(function () {
      D.toast("Dikirim ke printer / sent to the printer", "ok");
    }, function (err) {
      D.toast(err.message);
      if (err.code === "no_printer") window.open($("printable").href, "_blank");
    });
  });

  function refresh() {
    return D.api("GET", "/api/v1/offices/" + office + "/reception").then(function (res) {
      var data = res.data;
      var body = $("waiting");
      body.textContent = "";
      data.waiting.forEach(function (w) {
        body.appendChild(el("tr", {}, [
          el("td", { text: w.service + " · " + w.name.id }),
          el("td", { class: "num", text: String(w.waiting) }),
          el("td", { class: "num", text: String(w.priority_waiting) }),
        ]));
      });
      var counters = $("counters");
      counters.textContent = "";
      data.counters.forEach(function (c) {
        var t = c.ticket;
        counters.appendChild(el("tr", {}, [
          el("td", { text: c.counter.name }),
          el("td", { text: !c.open ? "tutup / closed" : t ? t.code + " · " + (t.status === "called" ? "dipanggil / called" : "dilayani / serving") : "kosong / free" }),
        ]));
      });
      var printers = $("printers");
      printers.textContent = "";
      if (!data.printers.length) printers.appendChild(el("li", { class: "empty", text: "Belum ada printer terdaftar / no printer configured" }));
      data.printers.forEach(function (p) {
        printers.appendChild(el("li", {}, [
          el("span", { text: p.name }),
          el("span", { class: "waited " + (p.state === "online" ? "state-online" : "state-bad"), text: PRINTER_STATES[p.state] || p.state }),
        ]));
      });
    }, function (err) { D.toast(err.message); });
  }

  D.live({ office: office, role: "counter" }, refresh);
})();
