// Buttons marked data-busy="Working…" show that their form is being handled: once the form is sent
// the button is disabled and says the busy text until the next page arrives. Without JavaScript the
// forms work the same, only without the sign.
(function () {
  "use strict";

  function markBusy(form, button) {
    if (button.name) {
      // A disabled button is not sent with the form: keep its value in a hidden field.
      var copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = button.name;
      copy.value = button.value;
      copy.setAttribute("data-busy-copy", "");
      form.appendChild(copy);
    }
    button.setAttribute("data-idle-label", button.textContent);
    button.textContent = button.getAttribute("data-busy");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    form.setAttribute("aria-busy", "true");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) {
      return;
    }
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-busy")) {
      return;
    }
    if (button.disabled) {
      event.preventDefault();
      return;
    }
    // After this event: disabling the button now would drop it from the submission.
    window.setTimeout(function () { markBusy(form, button); }, 0);
  });

  // Back from the next page (bfcache): the buttons are usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[data-idle-label]").forEach(function (button) {
      button.textContent = button.getAttribute("data-idle-label");
      button.removeAttribute("data-idle-label");
      button.removeAttribute("aria-busy");
      button.disabled = false;
      if (button.form) {
        button.form.removeAttribute("aria-busy");
      }
    });
    document.querySelectorAll("input[data-busy-copy]").forEach(function (copy) { copy.remove(); });
  });
})();
