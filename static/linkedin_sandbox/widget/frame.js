// Inside the sandbox's profile widget frame: tell the embedding page (its origin was checked by the
// server, which also made it the only origin allowed to frame this page) what just happened, and how
// tall the frame's content is. The page's in.js checks the message came from this frame.
(function () {
  "use strict";

  function post(message) {
    var body = document.body;
    if (window.parent === window || !body.dataset.parentOrigin) {
      return;
    }
    message.type = "linkedin-sandbox-widget";
    message.frameId = body.dataset.frameId;
    window.parent.postMessage(message, body.dataset.parentOrigin);
  }

  function resize() {
    post({ event: "resize", height: document.documentElement.scrollHeight });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    if (body.dataset.widgetEvent) {
      post({ event: body.dataset.widgetEvent, member: body.dataset.widgetMember });
    }
    resize();
  });
  window.addEventListener("resize", resize);
})();
