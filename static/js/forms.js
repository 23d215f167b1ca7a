// A refused form opens at its error summary: focus it (which also scrolls to it and has
// screen readers read it), so a person on a phone sees at once what to fix. Without
// JavaScript the form's action ends in #error-summary, which scrolls there instead.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
