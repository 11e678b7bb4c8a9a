// The page side of LinkedIn's profile widget on a candidate's LinkedIn tab. The widget (LinkedIn's
// in.js, or the sandbox's stand-in) calls the global functions named in data-onlink / data-onunlink
// with the member URN once the recruiter linked or unlinked someone on LinkedIn's side; these tell
// Attract through its CSRF-protected callback and show what Attract answered.
(function () {
  "use strict";

  function container() {
    return document.querySelector("[data-linkedin-widget]");
  }

  // The callbacks receive the member URN; should LinkedIn wrap it in an object, the keys to look under
  // come from the (assumed) list in linkedin_integration/client/assumed.py, via data-member-keys.
  function memberOf(box, value) {
    if (typeof value === "string") {
      return value;
    }
    if (value && typeof value === "object") {
      var keys = (box.dataset.memberKeys || "").split(" ");
      for (var i = 0; i < keys.length; i += 1) {
        if (typeof value[keys[i]] === "string") {
          return value[keys[i]];
        }
      }
    }
    return "";
  }

  function show(box, message, failed) {
    var status = box.querySelector("[data-widget-status]");
    status.textContent = message;
    status.hidden = false;
    status.classList.toggle("msg-error", Boolean(failed));
  }

  function showLink(box, answer) {
    var line = box.querySelector("[data-member-link]");
    line.textContent = "";
    if (answer.member) {
      line.append("Linked in Attract to ");
      var urn = document.createElement("span");
      urn.setAttribute("data-member-urn", "");
      urn.textContent = answer.member;
      line.append(urn, " (" + answer.source + ").");
    } else {
      line.textContent = "Not linked to a LinkedIn member in Attract yet.";
    }
  }

  function tellAttract(action, value) {
    var box = container();
    if (!box) {
      return;
    }
    var body = new URLSearchParams();
    body.set("action", action);
    body.set("member", memberOf(box, value));
    fetch(box.dataset.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": box.dataset.csrfToken, Accept: "application/json" },
      body: body,
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return { ok: false, message: "Attract could not store this (HTTP " + response.status + ")." };
          })
          .then(function (answer) {
            if (answer.ok) {
              showLink(box, answer);
            }
            show(box, answer.message || "Attract could not store this.", !answer.ok);
          });
      })
      .catch(function () {
        show(box, "Attract could not be reached: reload the page to see the link it holds.", true);
      });
  }

  window.attractLinkedInWidgetLinked = function (member) {
    tellAttract("link", member);
  };
  window.attractLinkedInWidgetUnlinked = function (member) {
    tellAttract("unlink", member);
  };
})();
