// Job descriptions with basic formatting, without typing HTML: a toolbar over an editable area that
// writes its HTML back into the form's textarea. A progressive enhancement: without JavaScript the
// textarea takes HTML or plain text as before, and the server sanitises the description either way
// (jobs.services.description_clean), so nothing here is trusted.
(function () {
  "use strict";
  // The tags the server keeps; anything else is unwrapped to its text when the editor loads.
  var KEPT = ["P", "BR", "STRONG", "B", "EM", "I", "U", "UL", "OL", "LI", "H3", "H4"];
  var DROPPED = ["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT"];
  var BUTTONS = [
    { command: "bold", label: "Bold", text: "B" },
    { command: "italic", label: "Italic", text: "I" },
    { command: "underline", label: "Underline", text: "U" },
    { command: "formatBlock", value: "h3", label: "Heading", text: "Heading" },
    { command: "formatBlock", value: "p", label: "Paragraph", text: "Paragraph" },
    { command: "insertUnorderedList", label: "Bulleted list", text: "• List" },
    { command: "insertOrderedList", label: "Numbered list", text: "1. List" },
  ];

  // Copies the kept elements (never an attribute) and the text of `source` into `target`.
  function copyKept(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === Node.ELEMENT_NODE && DROPPED.indexOf(node.tagName) < 0) {
        if (KEPT.indexOf(node.tagName) < 0) {
          copyKept(node, target);
        } else {
          var copy = document.createElement(node.tagName.toLowerCase());
          copyKept(node, copy);
          target.appendChild(copy);
        }
      }
    });
  }

  // The textarea holds HTML (as saved) or plain text (typed without markup): plain text becomes one
  // paragraph per blank-line-separated block, as the server reads it.
  function load(value, editor) {
    var html = value;
    if (value.indexOf("<") < 0) {
      html = value
        .split(/\n\s*\n/)
        .filter(function (block) { return block.trim(); })
        .map(function (block) {
          var p = document.createElement("p");
          p.textContent = block.trim();
          return p.outerHTML.replace(/\n/g, "<br>");
        })
        .join("");
    }
    // An inert document: nothing in it loads or runs while it is read.
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    copyKept(parsed.body, editor);
    if (!editor.firstChild) editor.innerHTML = "<p><br></p>"; // the caret needs a paragraph to type in
  }

  var INLINE = ["#text", "B", "STRONG", "I", "EM", "U", "BR"];

  // What the editor holds, as the HTML the form sends: text typed outside any block wrapped in a
  // paragraph, lists taken out of paragraphs (browsers nest them there), empty blocks dropped, and the
  // non-breaking spaces that editing leaves at word ends made ordinary spaces again.
  function tidy(editor) {
    var copy = editor.cloneNode(true);
    var run = null;
    Array.prototype.slice.call(copy.childNodes).forEach(function (node) {
      if (INLINE.indexOf(node.nodeName) >= 0) {
        if (!run) {
          run = document.createElement("p");
          copy.insertBefore(run, node);
        }
        run.appendChild(node);
      } else {
        run = null;
      }
    });
    Array.prototype.forEach.call(copy.querySelectorAll("p > ul, p > ol"), function (list) {
      var paragraph = list.parentNode;
      paragraph.parentNode.insertBefore(list, paragraph.nextSibling);
    });
    Array.prototype.forEach.call(copy.querySelectorAll("p, h3, h4, li, ul, ol"), function (block) {
      if (!block.textContent.replace(/\u00a0/g, " ").trim()) block.remove();
    });
    return copy.innerHTML.replace(/&nbsp;/g, " ");
  }

  function enhance(textarea) {
    var readOnly = textarea.disabled || textarea.readOnly; // a closed job's details
    var editor = document.createElement("div");
    editor.className = "rich-text-area";
    editor.contentEditable = readOnly ? "false" : "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = document.querySelector("label[for='" + textarea.id + "']");
    if (label) {
      label.id = label.id || textarea.id + "-label";
      editor.setAttribute("aria-labelledby", label.id);
      // The label names the editor now: a click on it goes there, not to the hidden textarea.
      label.addEventListener("click", function (event) {
        event.preventDefault();
        editor.focus();
      });
    }
    if (textarea.getAttribute("aria-invalid") === "true") editor.setAttribute("aria-invalid", "true");
    load(textarea.value, editor);

    var toolbar = document.createElement("div");
    toolbar.className = "rich-text-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatting");
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec.text;
      button.title = spec.label;
      button.setAttribute("aria-label", spec.label);
      // Keep the selection in the editor when the button is pressed.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        editor.focus();
        document.execCommand(spec.command, false, spec.value || null);
        sync();
      });
      toolbar.appendChild(button);
    });

    function sync() {
      textarea.value = tidy(editor);
    }
    editor.addEventListener("input", sync);
    editor.addEventListener("focus", function () {
      // Enter starts a new paragraph rather than a <div>, which the server would unwrap.
      document.execCommand("defaultParagraphSeparator", false, "p");
    });
    if (textarea.form) textarea.form.addEventListener("submit", sync);

    var box = document.createElement("div");
    box.className = "rich-text";
    if (!readOnly) box.appendChild(toolbar);
    box.appendChild(editor);
    textarea.parentNode.insertBefore(box, textarea);
    textarea.hidden = true;
  }

  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-text]"), enhance);
})();
