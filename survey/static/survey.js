// The survey form: point to the first unanswered question before sending, and move focus to
// a refusal message so a screen reader reads it. The form works without this script.
(function () {
  "use strict";
  var error = document.getElementById("form-error");
  if (error) { error.focus(); }
  var form = document.querySelector("form.skm");
  if (!form) { return; }

  form.addEventListener("change", function (ev) {
    var set = ev.target.closest("fieldset.element");
    if (set && set.querySelector("input:checked")) {
      set.classList.remove("invalid");
      set.classList.add("answered");
      var note = set.querySelector(".missing");
      if (note) { note.remove(); }
    }
  });

  form.addEventListener("submit", function (ev) {
    var sets = form.querySelectorAll("fieldset.element");
    for (var i = 0; i < sets.length; i++) {
      if (!sets[i].querySelector("input:checked")) {
        ev.preventDefault();
        sets[i].classList.add("invalid");
        if (!sets[i].querySelector(".missing")) {
          var note = document.createElement("p");
          note.className = "missing";
          note.setAttribute("role", "alert");
          note.textContent = "Pertanyaan ini belum dijawab. / This question is not answered yet.";
          sets[i].querySelector(".answers").before(note);
        }
        sets[i].scrollIntoView({block: "start"});
        sets[i].querySelector("input").focus({preventScroll: true});
        return;
      }
    }
  });
})();
