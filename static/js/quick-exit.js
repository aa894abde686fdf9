/* Quick exit: leave for a neutral page without leaving this site in the tab's back history.
   The link works without JavaScript; this makes it faster and adds Shift pressed three times. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) {
    return;
  }
  var target = link.getAttribute("href");

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.title = "";
    document.body.style.visibility = "hidden";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);

  var hint = document.querySelector(".quick-exit-hint");
  if (hint) {
    hint.hidden = false;
  }

  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < 1500; });
    presses.push(now);
    if (presses.length >= 3) {
      leave();
    }
  });
})();
