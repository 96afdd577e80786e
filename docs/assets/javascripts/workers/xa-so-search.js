/* Xã Số search worker: Material's own search worker, plus two things it lacks.
   1. Accent folding: "chu ky so" finds "chữ ký số", "dien tu" finds "điện tử". Index terms and
      queries both lose their diacritics (đ -> d); results still show the accented text.
   2. Results in the page's language first: static-i18n makes one index for all languages.
   overrides/main.html points Material at this file as "<this>?worker=<Material's worker>&
   prefix=<page language folder>&prefixes=<every language folder>". It must stay in a folder
   named workers/: under file:// (iframe-worker) Material finds its lunr files from the path
   before "/worker" in the first script's address. */
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
  var prefix = params.prefix || "";
  var prefixes = (params.prefixes || "").split(",").filter(Boolean);

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  function ownLanguage(location) {
    if (prefix) return location.indexOf(prefix) === 0;
    return !prefixes.some(function (other) { return location.indexOf(other) === 0; });
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
    if (message && message.type === QUERY && typeof message.data === "string") message.data = fold(message.data);
  });

  var send = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && message.data.items && prefixes.length) {
      var own = [], other = [];
      message.data.items.forEach(function (group) {
        if (ownLanguage(group[0].location)) own.push(group);
        else {
          // Keep Material's "Enter opens the best result" on a result in the page's language.
          group.forEach(function (item) { item.score /= 1000; });
          other.push(group);
        }
      });
      message.data.items = own.concat(other);
    }
    return send.apply(self, arguments);
  };

  var material = new URL(params.worker, address).href;
  var loaded = importScripts(material); // a Promise under iframe-worker, synchronous in a worker
  if (loaded && loaded.then) loaded.then(foldLunr); else foldLunr();
})();
