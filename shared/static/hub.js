/* hub.js: antrian's own small Socket.IO v5 client over a plain WebSocket (Engine.IO v4).
 *
 * Kiosks and lobby TVs run on office LANs with no internet, so there is no CDN and no build
 * step. Socket.IO delivers at most once; what makes a board never miss a call is the seq
 * rule (docs/realtime.md, "The rule every screen follows"): deliver seq+1, drop duplicates; hold an event that
 * comes before its predecessor for a short while (gapWaitMs), and only if the gap stays ask
 * the server for a fresh `board` snapshot (a resync, counted in `hub.resyncs`). Numbered
 * events that arrive while a snapshot is awaited are kept and those newer than it replayed.
 * The page scripts only see snapshots and events in order; the rule lives here once.
 *
 *   const hub = AntrianHub.connect({auth: {office: "demo", role: "display"},
 *     onSnapshot(board) {}, onEvent(name, data) {}, onStatus(state, detail) {}});
 *   hub.emit(name, data); hub.close(); hub.lastSeq; hub.state; hub.resyncs;
 */
(function (global) {
  "use strict";

  const CONNECT_TIMEOUT_MS = 10000; // until the Engine.IO open packet gives the ping timings
  const SYNC_TIMEOUT_MS = 10000; // no answer to sync: reconnect, which brings a board too
  const STABLE_MS = 10000; // connected this long: the next failure starts backoff afresh
  const GAP_WAIT_MS = 3000; // a missing seq may still come (the server holds gaps 1 s)
  const MAX_HELD = 500; // a socket that falls this far behind resyncs instead

  function socketUrl(base, path) {
    const u = new URL(path, base);
    u.protocol = u.protocol === "https:" || u.protocol === "wss:" ? "wss:" : "ws:";
    u.search = "?EIO=4&transport=websocket";
    u.hash = "";
    return u.href;
  }

  function connect(options) {
    const opts = Object.assign({url: global.location.origin, path: "/socket.io/", auth: {},
      onSnapshot() {}, onEvent() {}, onStatus() {}}, options);
    const backoff = Object.assign({min: 500, max: 15000}, opts.backoff);
    const gapWaitMs = typeof opts.gapWaitMs === "number" ? opts.gapWaitMs : GAP_WAIT_MS;
    let ws = null, state = "connecting", lastSeq = null, closed = false, attempt = 0;
    let held = new Map(); // seq -> [name, data]: ahead of a gap, or awaiting a snapshot
    let gapTimer = null, resyncs = 0;
    let nsConnected = false; // Socket.IO namespace "/" accepted us
    let early = []; // events that arrived before "40" (python-socketio sends board first)
    let awaitingBoard = true; // after (re)connect or sync: seq'd events wait for a snapshot
    let deadAfter = 0, lastHeard = 0; // ms of silence that mean dead, time of the last ping
    let watchdog = null, retryTimer = null, syncTimer = null, stableTimer = null;

    // A throwing page callback must not break the socket's message loop.
    function call(fn, ...args) {
      try { fn(...args); } catch (err) { console.error("hub.js callback failed", err); }
    }

    function setState(next, detail) {
      if (next === state && next !== "error") return; // errors repeat, with their message
      state = next;
      call(opts.onStatus, next, detail);
    }

    function send(text) {
      if (ws && ws.readyState === 1) { ws.send(text); return true; }
      return false;
    }

    function armWatchdog(ms, reason) {
      clearTimeout(watchdog);
      deadAfter = ms;
      lastHeard = Date.now();
      watchdog = setTimeout(() => drop(reason || "ping timeout"), ms);
    }

    // Forget the current socket without triggering its own close handler.
    function teardown() {
      [watchdog, syncTimer, stableTimer, gapTimer].forEach(clearTimeout);
      gapTimer = null;
      held = new Map(); // a new connection brings its own snapshot and events
      if (ws) {
        ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
        try { ws.close(); } catch (err) { /* already closed */ }
      }
      ws = null;
      nsConnected = false;
      early = [];
    }

    function scheduleRetry(slow) {
      clearTimeout(retryTimer);
      // Full jitter: a whole office of boards reconnecting after a server restart spreads
      // out instead of arriving together. A refused connect (44) retries more slowly: it is
      // usually configuration, and hammering the server will not fix it.
      const base = slow ? backoff.min * 4 : backoff.min;
      const cap = Math.min(backoff.max, base * Math.pow(2, attempt));
      attempt += 1;
      retryTimer = setTimeout(open, Math.random() * cap);
    }

    function drop(reason) {
      if (closed) return;
      teardown();
      setState("reconnecting", reason);
      scheduleRetry(false);
    }

    function open() {
      if (closed) return;
      clearTimeout(retryTimer);
      teardown();
      awaitingBoard = true;
      try {
        ws = new WebSocket(socketUrl(opts.url, opts.path));
      } catch (err) {
        ws = null;
        drop(String(err));
        return;
      }
      armWatchdog(CONNECT_TIMEOUT_MS, "connect timeout");
      ws.onclose = () => drop("closed");
      ws.onmessage = (msg) => { if (typeof msg.data === "string") onEngine(msg.data); };
    }

    function onEngine(text) {
      const type = text[0];
      if (type === "0") { // open: the server tells us how often it will ping
        const info = JSON.parse(text.slice(1));
        armWatchdog(info.pingInterval + info.pingTimeout);
        const auth = typeof opts.auth === "function" ? opts.auth() : opts.auth;
        send("40" + JSON.stringify(auth || {}));
      } else if (type === "2") { // ping: answer, and count it as a sign of life
        send("3");
        armWatchdog(deadAfter);
      } else if (type === "1") {
        drop("server closed");
      } else if (type === "4") {
        onSocketIO(text.slice(1));
      }
    }

    function onSocketIO(text) {
      const type = text[0];
      if (type === "0") {
        nsConnected = true;
        setState("connected");
        stableTimer = setTimeout(() => { attempt = 0; }, STABLE_MS);
        const pending = early;
        early = [];
        pending.forEach(([name, data]) => onPacket(name, data));
      } else if (type === "2") {
        // 42[...] or 42<ack id>[...]; acks are not part of our contract, the id is skipped.
        const args = JSON.parse(text.slice(text.indexOf("[")));
        if (nsConnected) onPacket(args[0], args[1]);
        else early.push([args[0], args[1]]);
      } else if (type === "4") { // connect refused: report it, then retry slowly
        let message = text.slice(1);
        try { message = JSON.parse(message).message || message; } catch (err) { /* raw */ }
        teardown();
        setState("error", message);
        scheduleRetry(true);
      } else if (type === "1") {
        // The server let us go. A board must come back by itself, so reconnect anyway;
        // if we are truly unwanted the next attempt ends in a reported connect error.
        drop("server disconnect");
      }
    }

    function onPacket(name, data) {
      if (name === "board") {
        clearTimeout(syncTimer);
        awaitingBoard = false;
        // The snapshot is the truth, even when its seq is lower (a reset server).
        if (data && typeof data.seq === "number") lastSeq = data.seq;
        call(opts.onSnapshot, data);
        drain(); // the events kept meanwhile that are newer than the snapshot
        return;
      }
      const seq = data && typeof data === "object" ? data.seq : undefined;
      if (typeof seq !== "number") { // targeted event: not part of the office stream
        call(opts.onEvent, name, data);
        return;
      }
      if ((lastSeq !== null && seq <= lastSeq && !awaitingBoard) || held.has(seq)) return;
      held.set(seq, [name, data]);
      if (held.size > MAX_HELD) resync("too far behind");
      if (!awaitingBoard) drain();
    }

    // Deliver the held events that follow lastSeq; wait for a missing one, then resync.
    function drain() {
      if (lastSeq === null) return;
      for (const seq of held.keys()) if (seq <= lastSeq) held.delete(seq);
      while (held.has(lastSeq + 1)) {
        const [name, data] = held.get(lastSeq + 1);
        held.delete(lastSeq + 1);
        lastSeq += 1;
        call(opts.onEvent, name, data);
        if (awaitingBoard) return; // a page callback asked for a sync
      }
      if (!held.size) {
        clearTimeout(gapTimer);
        gapTimer = null;
      } else if (gapTimer === null) {
        gapTimer = setTimeout(() => { gapTimer = null; if (held.size) resync("gap"); }, gapWaitMs);
      }
    }

    // Ask for a fresh snapshot; the held events wait for it and those newer are replayed.
    function resync(reason) {
      if (awaitingBoard) return;
      clearTimeout(gapTimer);
      gapTimer = null;
      awaitingBoard = true;
      resyncs += 1;
      console.info("hub.js resync", resyncs, reason, "after seq", lastSeq);
      send('42["sync"]');
      syncTimer = setTimeout(() => drop("sync timeout"), SYNC_TIMEOUT_MS);
    }

    function isDead() {
      // Timers are throttled in hidden tabs, so the watchdog may not have fired yet.
      return !ws || ws.readyState > 1 || Date.now() - lastHeard > deadAfter;
    }

    // The network came back, or the tab is shown again: don't sit out the backoff.
    function retrySoon() {
      if (closed || !isDead()) return;
      if (state === "connected") setState("reconnecting", "dead socket");
      attempt = 0;
      open();
    }

    function onVisible() {
      if (document.visibilityState === "visible") retrySoon();
    }

    global.addEventListener("online", retrySoon);
    document.addEventListener("visibilitychange", onVisible);
    call(opts.onStatus, "connecting");
    open();

    return {
      emit(name, data) {
        // No buffering while offline: a staff action replayed minutes later is worse than a
        // visible failure. Returns whether the event was handed to the socket.
        if (!nsConnected) return false;
        const sent = send("42" + JSON.stringify(data === undefined ? [name] : [name, data]));
        // A page asking for the picture again (a counter opened): events keep until it comes.
        if (sent && name === "sync") awaitingBoard = true;
        return sent;
      },
      close() {
        closed = true;
        clearTimeout(retryTimer);
        teardown();
        state = "closed";
        global.removeEventListener("online", retrySoon);
        document.removeEventListener("visibilitychange", onVisible);
      },
      get lastSeq() { return lastSeq; },
      get state() { return state; },
      get resyncs() { return resyncs; }, // gaps that needed a snapshot; rare by design
    };
  }

  global.AntrianHub = Object.freeze({connect});
})(window);
