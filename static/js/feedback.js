/* The feedback form with htmx: show the server's explanation when a rating is refused.
   htmx swaps only 2xx answers by default; a repeat within 24 h (409) and the rate limit (429)
   come with a page fragment that explains them, so swap those into the form's panel too. */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var panel = event.detail.target;
    if ((status === 409 || status === 429) && panel && panel.id === "feedback-panel") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
