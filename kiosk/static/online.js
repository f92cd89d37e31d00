// The server refuses a form sent faster than a person could fill it; keep the button waiting
// for that moment so a quick visitor is not refused. The form works without this script.
(function () {
  "use strict";
  var form = document.getElementById("online-form");
  if (!form) return;
  var button = document.getElementById("send");
  var wait = Number(form.dataset.minFillMs || 0) + 300;
  button.disabled = true;
  setTimeout(function () { button.disabled = false; }, wait);
  form.addEventListener("submit", function () {
    setTimeout(function () { button.disabled = true; }, 0); // one send per tap
  });
})();
