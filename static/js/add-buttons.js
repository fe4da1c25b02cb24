// Names the "+" buttons of the page editor's lists after what they add ("Antwort hinzufügen", "Frage
// hinzufügen"): Wagtail's scripts title them all "Hinzufügen". The name is the data-add-label of the list
// the button belongs to (courses.editor); buttons of rows added later are named as they appear.
(function () {
  "use strict";
  var LISTS = "[data-streamfield-list-container], [data-streamfield-stream-container]";

  function name(button) {
    // The button sits in its list's container; the list's own element, with the label, wraps that.
    var container = button.closest(LISTS);
    var label = container && container.parentElement.dataset.addLabel;
    if (label) {
      button.setAttribute("aria-label", label);
      button.title = label;
    }
  }

  function nameWithin(element) {
    if (element.matches(".c-sf-add-button")) {
      name(element);
    }
    element.querySelectorAll(".c-sf-add-button").forEach(name);
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node instanceof Element) {
          nameWithin(node);
        }
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
  nameWithin(document.body);
})();
