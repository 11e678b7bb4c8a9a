// Drag a card onto another column to move it. A progressive enhancement: the drop only fills in the
// card's own "Move to" form and submits it, so the server does exactly what the form would do
// (version check, closed-job rule, history) and the page works the same without JavaScript.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;

  // Cards that can move (they carry a "Move to" select) become draggable: those on the page now and
  // those "Show more" brings in later (htmx fires htmx:load on every element it inserts).
  function markDraggable(root) {
    var cards = Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll(".app-card") : []);
    if (root.matches && root.matches(".app-card")) cards.push(root);
    cards.forEach(function (card) {
      if (card.querySelector("select[name=stage]")) card.setAttribute("draggable", "true");
    });
  }
  markDraggable(board);
  document.addEventListener("htmx:load", function (event) {
    if (board.contains(event.target)) markDraggable(event.target);
  });

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".app-card[draggable=true]");
    if (!card) return;
    event.dataTransfer.setData("text/plain", card.id);
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });

  board.addEventListener("dragend", function (event) {
    var card = event.target.closest && event.target.closest(".app-card");
    if (card) card.classList.remove("dragging");
    board.querySelectorAll(".column.drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });

  board.addEventListener("dragover", function (event) {
    var column = event.target.closest(".column[data-stage]");
    if (!column) return;
    event.preventDefault();
    board.querySelectorAll(".column.drop-target").forEach(function (c) {
      if (c !== column) c.classList.remove("drop-target");
    });
    column.classList.add("drop-target");
  });

  board.addEventListener("drop", function (event) {
    var column = event.target.closest(".column[data-stage]");
    if (!column) return;
    event.preventDefault();
    column.classList.remove("drop-target");
    var card = document.getElementById(event.dataTransfer.getData("text/plain"));
    if (!card || column.contains(card)) return;
    var select = card.querySelector("select[name=stage]");
    if (!select) return;
    select.value = column.dataset.stage;
    var form = select.form;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });
})();
