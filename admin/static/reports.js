// Report pages: the "Cetak / Print" buttons open the browser's print dialog.
(function () {
  "use strict";
  document.querySelectorAll("button.print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
