// Pairing: the token comes in the link's #fragment (never sent to the server's logs) or is
// typed; it is checked against the server before it is kept in localStorage.
"use strict";
(function () {
  const body = document.body;
  const office = body.dataset.office;
  const out = document.getElementById("pair-result");
  const input = document.getElementById("code");

  function say(state, text) {
    out.dataset.state = state;
    out.textContent = text;
  }

  function pair(raw) {
    const token = raw.trim();
    if (!token) return;
    say("busy", "Memeriksa… / Checking…");
    fetch("/api/v1/kiosk/whoami?office=" + encodeURIComponent(office),
          {headers: {"Authorization": "Bearer " + token}})
      .then((r) => r.json().then((data) => ({ok: r.ok, data})))
      .then(({ok, data}) => {
        if (!ok) {
          say("error", (data.error && data.error.message) ||
              "Kode tidak dikenal. / Unknown code.");
          return;
        }
        localStorage.setItem("antrian.kiosk." + office, token);
        say("ok", "Terpasang sebagai \"" + data.name + "\". Membuka kios… / Paired. Opening the kiosk…");
        setTimeout(() => location.replace(body.dataset.kioskUrl), 800);
      })
      .catch(() => say("error", "Server tidak terjangkau. / Cannot reach the server."));
  }

  document.getElementById("pair-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    pair(input.value);
  });
  const fromLink = decodeURIComponent(location.hash.replace(/^#/, ""));
  if (fromLink) {
    history.replaceState(null, "", location.pathname); // keep the token out of the history
    input.value = fromLink;
    pair(fromLink);
  }
})();
