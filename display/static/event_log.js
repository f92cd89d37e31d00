// Live log of the office hub events: an installer's check that this screen receives them.
"use strict";
const STATES = {connecting: "menghubungkan / connecting", connected: "terhubung / connected",
  reconnecting: "menyambung ulang / reconnecting", error: "gagal / error"};
const log = document.getElementById("log");
function row(seq, name, data) {
  const tr = document.createElement("tr");
  for (const text of [seq, name, JSON.stringify(data)]) {
    const td = document.createElement("td");
    const code = document.createElement("code");
    code.textContent = text;
    td.appendChild(code);
    tr.appendChild(td);
  }
  log.prepend(tr);
  while (log.children.length > 200) log.lastChild.remove();
}
window.hubLog = [];
// Gaps that needed a fresh snapshot: should stay 0 on a healthy network.
const hub = AntrianHub.connect({
  auth: {office: document.body.dataset.office, role: "display"},
  onSnapshot(s) { document.getElementById("seq").textContent = s.seq; row(s.seq, "board", {waiting: s.waiting.length});
                  document.getElementById("resyncs").textContent = hub.resyncs;
                  window.hubLog.push(["board", s.seq]); },
  onEvent(name, data) { document.getElementById("seq").textContent = data.seq ?? "-"; row(data.seq ?? "", name, data);
                        window.hubLog.push([name, data.seq]); },
  onStatus(state) { const el = document.getElementById("status"); el.dataset.state = state; el.textContent = STATES[state] || state; },
});
