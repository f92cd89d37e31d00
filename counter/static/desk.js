// Shared helpers of the staff desks: API calls with the session's CSRF token, messages,
// formatting, and live refresh through the hub (or polling when the hub is unavailable).
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;

  function api(method, url, body) {
    var opts = { method: method, credentials: "same-origin",
                 headers: { "X-CSRF-Token": csrf, "Accept": "application/json" } };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (res) {
      if (res.status === 204) return { status: 204, data: null };
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) {
          var err = new Error((data.error && data.error.message) ||
                              ("Kesalahan " + res.status + " / Error " + res.status));
          err.status = res.status;
          err.code = data.error && data.error.code;
          err.field = data.error && data.error.field;
          throw err;
        }
        return { status: res.status, data: data };
      });
    }, function () {
      throw new Error("Server tidak terjangkau; coba lagi. / Server unreachable; try again.");
    });
  }

  var toastTimer = null;
  function toast(message, kind) {
    var box = document.getElementById("toast");
    clearTimeout(toastTimer);
    if (!message) { box.hidden = true; return; } // toast(null) takes the last one away
    box.textContent = message;
    box.className = "toast " + (kind || "error");
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, 8000);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    seconds = Math.max(0, Math.round(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  // Times in the office's zone, not the desk PC's (which may be set to UTC).
  var timeZone = document.body.dataset.timezone || undefined;
  var dayOf = new Intl.DateTimeFormat("en-CA", { timeZone: timeZone });

  function clockTime(iso) {
    var d = new Date(iso);
    var opts = { hour: "2-digit", minute: "2-digit", timeZone: timeZone };
    if (dayOf.format(new Date()) !== dayOf.format(d)) {
      opts.weekday = "short"; opts.day = "numeric"; opts.month = "short";
    }
    return d.toLocaleString("id-ID", opts);
  }

  // Call `refresh` now, on every hub event of the office, and on a slow timer as a safety
  // net; without the hub, poll every few seconds.
  function live(auth, refresh) {
    var dot = document.getElementById("live");
    var pending = null;
    function soon() {
      if (pending) return;
      pending = setTimeout(function () { pending = null; refresh(); }, 150);
    }
    function setState(state) { if (dot) { dot.dataset.state = state; dot.title = state; } }
    refresh();
    if (window.AntrianHub && window.AntrianHub.connect) {
      try {
        window.AntrianHub.connect({
          auth: auth,
          onSnapshot: soon,
          onEvent: soon,
          onStatus: function (state) { setState(state); if (state === "online" || state === "connected") soon(); },
        });
        setInterval(refresh, 30000);
        return;
      } catch (e) { /* fall back to polling below */ }
    }
    setState("polling");
    setInterval(refresh, 4000);
  }

  // A list of cards redrawn from the server on every event. `load()` asks for it, `rows(res)`
  // picks the rows, `card(row)` draws one (`empty` when there are none), and `tally(res)`
  // draws what may change under the clerk's eyes (counts, tables). Only the newest answer is
  // drawn: an older one arriving late would bring a past state back. The cards are not
  // redrawn while the clerk types in one of their boxes (that would take the box from under
  // the cursor); they are once the clerk leaves the list, after the click that took them away
  // has done its work. A box made by `box(key, ...)` keeps what was typed across redraws
  // until `forget(key)`, or until its card is gone.
  function cards(list, opts) {
    var asked = 0, held = null, drafts = {}, drawn = {};

    function draw(res) {
      var rows = opts.rows(res);
      list.textContent = "";
      if (!rows.length) list.appendChild(el("li", { class: "muted", text: opts.empty }));
      rows.forEach(function (row) { list.appendChild(opts.card(row)); });
    }

    function typing() {
      var active = document.activeElement;
      return !!active && active.tagName === "TEXTAREA" && list.contains(active);
    }
    function redraw(res) {
      if (typing()) { held = res; return; }
      held = null;
      drawn = {};
      draw(res);
      Object.keys(drafts).forEach(function (key) { if (!drawn[key]) delete drafts[key]; });
    }
    function drawHeld() { if (held) redraw(held); }
    list.addEventListener("focusout", function (ev) {
      if (!held || (ev.relatedTarget && list.contains(ev.relatedTarget))) return;
      if (ev.relatedTarget) drawHeld();
      else document.addEventListener("click", drawHeld, { once: true });
    });

    return {
      refresh: function () {
        var mine = ++asked;
        return opts.load().then(function (res) {
          if (mine !== asked) return;
          if (opts.tally) opts.tally(res);
          redraw(res);
        }, function (err) { if (mine === asked) toast(err.message); });
      },
      box: function (key, initial, attrs) {
        var text = el("textarea", attrs);
        drawn[key] = true;
        text.value = drafts[key] !== undefined ? drafts[key] : initial;
        text.addEventListener("input", function () { drafts[key] = text.value; });
        return text;
      },
      forget: function (key) { delete drafts[key]; },
    };
  }

  function formValues(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name) return;
      if (input.type === "checkbox") out[input.name] = input.checked;
      else out[input.name] = input.value.trim() === "" ? null : input.value.trim();
    });
    return out;
  }

  function markInvalid(form, field) {
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (n) {
      n.removeAttribute("aria-invalid");
    });
    if (!field) return;
    var input = form.elements[field];
    if (input && input.setAttribute) { input.setAttribute("aria-invalid", "true"); input.focus(); }
  }

  document.addEventListener("click", function (ev) {
    var closer = ev.target.closest("[data-close]");
    if (closer) closer.closest("dialog").close();
  });

  window.Desk = { api: api, toast: toast, el: el, duration: duration, clockTime: clockTime,
                  live: live, cards: cards, formValues: formValues, markInvalid: markInvalid };
})();
