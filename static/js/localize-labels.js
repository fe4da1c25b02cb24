// The translation editor of wagtail-localize names its footer menu "More actions" in English: a literal in its
// script that no gettext catalogue reaches. This puts the German label, which the template gives, in its
// place, also whenever the editor renders the footer again.
(function () {
  "use strict";
  var label = document.currentScript.dataset.moreActions;
  function translate() {
    document.querySelectorAll(".w-dropdown__toggle .w-sr-only").forEach(function (span) {
      if (span.textContent === "More actions") {
        span.textContent = label;
      }
    });
  }
  translate();
  new MutationObserver(translate).observe(document.body, { childList: true, subtree: true });
})();
