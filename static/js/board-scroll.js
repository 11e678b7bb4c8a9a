// The pipeline board scrolls sideways: mark it while stages are hidden past its right edge, so the
// stylesheet can show a shaded edge with an arrow there.
(function () {
  "use strict";

  function update(board) {
    var hidden = board.scrollWidth - board.clientWidth - board.scrollLeft;
    if (hidden > 4) {
      board.setAttribute("data-more-right", "");
      board.setAttribute("title", "More stages to the right: scroll sideways");
    } else {
      board.removeAttribute("data-more-right");
      board.removeAttribute("title");
    }
  }

  function watch(board) {
    update(board);
    board.addEventListener("scroll", function () { update(board); }, { passive: true });
    window.addEventListener("resize", function () { update(board); });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { update(board); }).observe(board);
    }
  }

  document.querySelectorAll(".board").forEach(watch);
})();
