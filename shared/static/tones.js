// Short synthesised tones for the board, the visitor's ticket page and the escort desk: no
// audio file to ship or to miss. Each tone is [frequency in Hz, start in s from now, length
// in s], with a quick rise and a fall to silence, so that tones in a row do not click.
(function () {
  "use strict";
  function play(audio, tones, volume) {
    if (!audio) return;  // on a context not yet resumed, they sound once it is
    var t0 = audio.currentTime + 0.02;
    tones.forEach(function (tone) {
      var osc = audio.createOscillator(), gain = audio.createGain();
      var start = t0 + tone[1], end = start + tone[2];
      osc.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(volume || 0.5, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, end - tone[2] * 0.05);
      osc.connect(gain).connect(audio.destination);
      osc.start(start);
      osc.stop(end);
    });
  }

  // A page's "turn the sound on" button: browsers let a page sound only after a tap. Makes (or
  // wakes) the page's audio context, shows the button's `.sound-on` words instead of its
  // `.sound-off` ones, and returns the context.
  function turnOn(button, audio) {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!audio && Ctx) audio = new Ctx();
    if (audio && audio.state === "suspended") audio.resume();
    button.setAttribute("aria-pressed", "true");
    button.querySelector(".sound-off").hidden = true;
    button.querySelector(".sound-on").hidden = false;
    return audio;
  }

  window.AntrianTones = { play: play, turnOn: turnOn };
})();
