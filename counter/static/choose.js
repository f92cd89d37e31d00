// Put the keyboard on the user's own counter so Enter opens it.
(function () {
  var mine = document.querySelector(".choice.mine") || document.querySelector(".choice");
  if (mine) mine.focus();
})();
