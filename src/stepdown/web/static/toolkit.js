/* Recovery toolkit: the breathing guide / urge timer, and the print button of the emergency card.
   The phase timings come from the page (stepdown.domain.toolkit.breathing), not from this file.
   No network use, no external assets. */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var root = document.querySelector("[data-breathing]");
  if (!root) { return; }
  var exercises = JSON.parse(root.getAttribute("data-exercises"));
  var circle = root.querySelector(".breath-circle");
  var phaseText = root.querySelector("[data-phase]");
  var countText = root.querySelector("[data-count]");
  var clockText = root.querySelector("[data-clock]");
  var errorText = root.querySelector("[data-error]");
  var after = root.querySelector("[data-after]");
  var stopButton = root.querySelector("[data-stop]");
  var startButtons = root.querySelectorAll("[data-start]");
  var form = root.querySelector("[data-controls]");
  var run = null;

  function cycleSeconds(ex) {
    return ex.cycle.reduce(function (sum, p) { return sum + p.seconds; }, 0);
  }

  function wholeNumber(name, low, high, label) {
    var raw = form.elements[name].value.trim();
    var n = Number(raw);
    if (!/^\d+$/.test(raw) || n < low || n > high) {
      throw new Error(label + " must be a whole number from " + low + " to " + high + ".");
    }
    return n;
  }

  function showPhase() {
    var phase = run.phases[run.index];
    circle.className = "breath-circle " + phase.kind;
    circle.style.transitionDuration = phase.seconds + "s";
    phaseText.textContent = phase.label;
    countText.textContent = String(run.second);
  }

  function showClock() {
    if (run.total === null) { clockText.textContent = ""; return; }
    var left = Math.max(0, run.total - run.elapsed);
    var m = Math.floor(left / 60), s = left % 60;
    clockText.textContent = m + ":" + (s < 10 ? "0" : "") + s + " left";
  }

  function finish(message) {
    window.clearInterval(run.timer);
    run = null;
    circle.className = "breath-circle";
    phaseText.textContent = message;
    countText.textContent = "";
    stopButton.hidden = true;
    startButtons.forEach(function (b) { b.disabled = false; });
  }

  function tick() {
    run.elapsed += 1;
    run.second += 1;
    if (run.second > run.phases[run.index].seconds) {
      run.index += 1;
      run.second = 1;
      if (run.index >= run.phases.length) {
        var timer = run.total !== null;
        clockText.textContent = timer ? "0:00 left" : "";
        finish(timer ? root.getAttribute("data-done") : root.getAttribute("data-breathe-done"));
        if (timer) { after.hidden = false; }
        return;
      }
    }
    showPhase();
    showClock();
  }

  function start(mode) {
    errorText.hidden = true;
    var ex = exercises[form.elements.pattern.value];
    var cycles, total = null;
    try {
      if (mode === "timer") {
        total = wholeNumber("minutes", 1, 60, "The timer length in minutes") * 60;
        cycles = Math.ceil(total / cycleSeconds(ex));
      } else {
        cycles = wholeNumber("cycles", 1, 50, "The number of rounds");
      }
    } catch (err) {
      errorText.textContent = err.message;
      errorText.hidden = false;
      return;
    }
    var phases = [];
    for (var i = 0; i < cycles; i += 1) { phases = phases.concat(ex.cycle); }
    run = { phases: phases, index: 0, second: 1, elapsed: 0, total: total, timer: null };
    after.hidden = true;
    stopButton.hidden = false;
    startButtons.forEach(function (b) { b.disabled = true; });
    showPhase();
    showClock();
    run.timer = window.setInterval(tick, 1000);
  }

  startButtons.forEach(function (button) {
    button.addEventListener("click", function () { start(button.getAttribute("data-start")); });
  });
  stopButton.addEventListener("click", function () { if (run) { finish("Stopped. Come back whenever you need."); } });
}());
