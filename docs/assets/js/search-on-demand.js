/* Xã Số: fetch the search index only when the reader opens search.
   Material fetches the whole index (both languages, ~300 KB gzipped: more than the rest of a
   page) as soon as any page opens. On a phone over a weak link that doubles every first visit,
   so this holds that one request back until search is used; Material then runs the waiting
   query as soon as the index arrives. Loaded before Material's bundle (overrides/main.html). */
(function () {
  "use strict";
  var INDEX = /(^|\/)search\/search_index\.json(\?|#|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = /[?&](q|h)=/.test(location.search); // a shared search or highlight link needs it now

  function want() {
    if (wanted && !held.length) return;
    wanted = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }
  XMLHttpRequest.prototype.open = function (method, url) {
    this.xaSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.xaSearchIndex && !wanted) { held.push([this, arguments]); return; }
    return send.apply(this, arguments);
  };
  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) want();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("label[for='__search'], .md-search")) want();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (/^[/sf]$/i.test(event.key)) want(); // Material's keyboard shortcuts that open search
  }, true);
})();
