// The administration home: ask before a change that stops work (closing a counter, revoking a
// kiosk), and copy the pairing link. Everything works without this script too.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var question = form.dataset.confirm;
      if (question && !window.confirm(question)) event.preventDefault();
    });
  });
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var link = document.getElementById(button.dataset.copy);
      var done = document.getElementById("copied");
      if (!link || !navigator.clipboard) return;
      navigator.clipboard.writeText(link.href).then(function () { if (done) done.hidden = false; });
    });
  });
  var pairing = document.getElementById("pairing");
  if (pairing) pairing.scrollIntoView({block: "start"});
})();
