// SOP 004's daily survey check: a page left open all day shows the reminder when the office's
// time comes. The server says how many seconds remain, so a desk PC's wrong clock is harmless.
"use strict";
(function () {
  document.querySelectorAll("[data-reminder-in]").forEach((el) => {
    const seconds = Number(el.dataset.reminderIn);
    if (!el.hidden || !Number.isFinite(seconds)) return;
    setTimeout(() => { el.hidden = false; }, Math.max(0, seconds) * 1000);
  });
})();
