/* Xã Số search worker: Material's own search worker, plus two things it lacks.
   1. Accent folding: "chu ky so" finds "chữ ký số", "dien tu" finds "điện tử". Index terms and
      queries both lose their diacritics (đ -> d); results still show the accented text.
   2. Pages whose title matches first: a page whose title (in any language: the index's
      "titles" field, xaso/search.py) holds every word of the query comes before the others, so
      "chu ky so" lists C4 "Chữ ký số" first, on an English page too.
   Each language has its own index (xaso/search.py); overrides/main.html points Material at this
   file as "<this>?worker=<Material's worker>". It must stay in a folder named workers/: under
   file:// (iframe-worker) Material finds its lunr files from the path before "/worker" in the
   first script's address. */
(function () {
  "use strict";
  var QUERY = 2, RESULT = 3; // Material's SearchMessageType values
  var script = typeof document !== "undefined" && document.currentScript;
  var address = script ? script.src : self.location.href; // iframe-worker (file://) or a real worker
  var params = {};
  (address.split("?")[1] || "").split("&").forEach(function (pair) {
    var cut = pair.indexOf("=");
    if (cut > 0) params[pair.slice(0, cut)] = decodeURIComponent(pair.slice(cut + 1));
  });
  var query = [];

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  function words(text) {
    return fold(String(text || "").replace(/<[^>]*>/g, " ")).toLowerCase().split(/[^0-9a-z]+/).filter(Boolean);
  }

  // Every word of the query starts a word of the page's title (in some language).
  function titleMatches(group) {
    var page = group.filter(function (item) { return item.location.indexOf("#") < 0; })[0];
    if (!page || !query.length) return false;
    var title = words(page.title).concat(words(page.titles));
    return query.every(function (word) {
      return title.some(function (t) { return t.indexOf(word) === 0; });
    });
  }

  // Index side: every term lunr stores (and every query term it runs through its pipeline).
  function foldLunr() {
    var lunr = self.lunr;
    if (!lunr || lunr.xaFolded) return;
    var run = lunr.Pipeline.prototype.run;
    lunr.Pipeline.prototype.run = function (tokens) {
      return run.call(this, tokens).map(function (token) { return token.update(fold); });
    };
    lunr.xaFolded = true;
  }

  // Registered before Material's listener, so it sees the folded query.
  addEventListener("message", function (event) {
    foldLunr();
    var message = event.data;
    if (message && message.type === QUERY && typeof message.data === "string") {
      message.data = fold(message.data);
      query = words(message.data.replace(/(^|\s)-\S*/g, " ")); // not the words a reader excludes
    }
  });

  var send = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && message.data.items) {
      var first = [], rest = [];
      message.data.items.forEach(function (group) { (titleMatches(group) ? first : rest).push(group); });
      if (first.length && rest.length) {
        // Keep Material's "Enter opens the best result" on the first one listed.
        var best = Math.max.apply(null, first.map(function (g) { return g[0].score; }));
        rest.forEach(function (group) {
          group.forEach(function (item) { item.score = Math.min(item.score, best) / 1000; });
        });
      }
      message.data.items = first.concat(rest);
    }
    return send.apply(self, arguments);
  };

  var material = new URL(params.worker, address).href;
  var loaded = importScripts(material); // a Promise under iframe-worker, synchronous in a worker
  if (loaded && loaded.then) loaded.then(foldLunr); else foldLunr();
})();
