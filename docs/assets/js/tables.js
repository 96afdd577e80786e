/* Xã Số: a table too wide for a phone scrolls sideways; let keyboard users scroll it too
   (axe: scrollable-region-focusable). Material wraps tables in .md-typeset__scrollwrap after
   the page loads, so this runs on Material's document$ and again when the screen turns. */
(function () {
  "use strict";
  function focusable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    });
  }
  if (window.document$) window.document$.subscribe(focusable);
  else document.addEventListener("DOMContentLoaded", focusable);
  window.addEventListener("resize", focusable);
})();
