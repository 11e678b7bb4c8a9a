// The sandbox's stand-in for LinkedIn's in.js (https://platform.linkedin.com/in.js), read the same way:
//
//   <script src=".../in.js">api_key: <child app client id>
//   extensions: HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget</script>
//   <script type="IN/HcmWidget" data-widget-type="ATS" data-ats-candidate-id=".." data-integration-context=".."
//           data-show-unlink-url="true" data-confirm-unlink="true" data-onlink="fn" data-onunlink="fn"></script>
//
// Each HcmWidget script gets an iframe of the sandbox's widget page right after it. The frame posts a
// message when the recruiter links or unlinks someone; this script accepts only messages from the
// sandbox's origin and from that very frame, then calls the page's global function named in
// data-onlink / data-onunlink with the member URN, as LinkedIn's widget does.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.IN_SANDBOX_WIDGETS) {
    return;
  }
  var source = new URL(script.src, window.location.href);
  var frameUrl = source.href.replace(/\/in\.js(\?.*)?$/, "/widget/frame/");
  var frames = {};
  window.IN_SANDBOX_WIDGETS = frames;

  function configuration(text) {
    var config = {};
    (text || "").split(/\r?\n/).forEach(function (line) {
      var at = line.indexOf(":");
      if (at > 0) {
        config[line.slice(0, at).trim()] = line.slice(at + 1).trim();
      }
    });
    return config;
  }

  function extensionNames(value) {
    return (value || "")
      .split(",")
      .map(function (entry) {
        return entry.split("@")[0].trim();
      })
      .filter(Boolean);
  }

  function mount(tag, index, apiKey) {
    var frameId = "in-widget-" + index;
    var params = new URLSearchParams({
      api_key: apiKey,
      origin: window.location.origin,
      frameId: frameId,
      widgetType: tag.getAttribute("data-widget-type") || "",
      atsCandidateId: tag.getAttribute("data-ats-candidate-id") || "",
      integrationContext: tag.getAttribute("data-integration-context") || "",
      showUnlinkUrl: tag.getAttribute("data-show-unlink-url") || "",
      confirmUnlink: tag.getAttribute("data-confirm-unlink") || "",
    });
    var frame = document.createElement("iframe");
    frame.src = frameUrl + "?" + params.toString();
    frame.title = "LinkedIn profile";
    frame.className = "IN-widget";
    frame.setAttribute("data-linkedin-frame", frameId);
    // Set through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows.
    frame.style.width = "100%";
    frame.style.minHeight = "360px";
    frame.style.border = "0";
    tag.parentNode.insertBefore(frame, tag.nextSibling);
    frames[frameId] = {
      frame: frame,
      onlink: tag.getAttribute("data-onlink"),
      onunlink: tag.getAttribute("data-onunlink"),
    };
  }

  function start() {
    var config = configuration(script.textContent);
    if (!config.api_key) {
      console.error("in.js: no api_key in the script's configuration.");
      return;
    }
    if (extensionNames(config.extensions).indexOf("HcmWidget") < 0) {
      console.error("in.js: the HcmWidget extension is not configured.");
      return;
    }
    document.querySelectorAll('script[type="IN/HcmWidget"]').forEach(function (tag, index) {
      mount(tag, index, config.api_key);
    });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== source.origin || !data || data.type !== "linkedin-sandbox-widget") {
      return;
    }
    var entry = frames[data.frameId];
    if (!entry || event.source !== entry.frame.contentWindow) {
      return;
    }
    if (data.event === "resize") {
      entry.frame.style.height = Math.min(Math.max(Number(data.height) || 0, 200), 2000) + "px";
      return;
    }
    var name = data.event === "link" ? entry.onlink : data.event === "unlink" ? entry.onunlink : null;
    var callback = name && /^[A-Za-z_$][\w$]*$/.test(name) ? window[name] : null;
    if (typeof callback === "function") {
      callback(String(data.member || ""));
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
