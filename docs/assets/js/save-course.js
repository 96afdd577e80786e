/* Xã Số: "Save the whole course to read offline" (the home page's .xa-save-course block,
   xaso/render.py save_course). Stores every file of the language's manifest
   (download/offline-<lang>.json, xaso/offline.py course_manifest) in a cache of its own,
   "xa-so-course <lang> <version>[-pdf] <scope>", which sw.js reads when there is no connection.
   - The sizes come from the manifest before anything is stored; a <progress> bar during.
   - A new build has a new version: its copy is stored next to the old one, and the old one is
     deleted only once the new one is complete (a cache is complete when it holds the manifest).
   - A network drop or a full disk says so and offers to try again; a retry keeps what was stored.
   - The learner's progress (localStorage "xa-so:learner") is never touched.
   On file:// (the unzipped course) everything is already on the device: it only says so. */
(function () {
  "use strict";
  var block = document.querySelector(".xa-save-course");
  if (!block) return;
  var w = JSON.parse(block.dataset.words);
  var controls = block.querySelector(".xa-save-course-controls");
  var button = block.querySelector(".xa-save-course-button");
  var pdfBox = block.querySelector(".xa-save-course-pdf");
  var pdfLabel = block.querySelector(".xa-save-course-pdf-label");
  var sizeText = block.querySelector(".xa-save-course-size");
  var bar = block.querySelector(".xa-save-course-progress");
  var status = block.querySelector(".xa-save-course-status");
  var HEADERS = { "x-xa-so-save": "1" };   // sw.js lets these go straight to the network
  var PARALLEL = 4;

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function say(text) { status.textContent = text; }

  if (!/^https?:$/.test(location.protocol)) return say(w.file);
  if (!("serviceWorker" in navigator) || !window.caches) return say(w.unsupported);

  var manifestUrl = new URL(block.dataset.manifest, location.href).href;
  var root = new URL("../", manifestUrl).href;   // the manifest lies in <root>download/
  var lang = (manifestUrl.match(/offline-([^/]+)\.json$/) || [])[1] || "";
  var PREFIX = "xa-so-course " + lang + " ";
  var current = null;   // this build's manifest (null offline)

  function ours(name) { return name.indexOf(PREFIX) === 0 && name.slice(-root.length - 1) === " " + root; }
  function cacheName(manifest, withPdf) { return PREFIX + manifest.version + (withPdf ? "-pdf" : "") + " " + root; }
  function files(manifest, withPdf) {
    var groups = ["pages", "assets", "search"].concat(withPdf ? ["pdfs"] : []);
    var list = [];
    groups.forEach(function (g) { Object.keys(manifest[g]).forEach(function (p) { list.push([root + p, manifest[g][p]]); }); });
    return list;
  }
  function total(manifest, withPdf) { return manifest.size[withPdf ? "with_pdf" : "without_pdf"]; }
  function sizeOf(manifest, withPdf) { return manifest.size_text[withPdf ? "with_pdf" : "without_pdf"]; }

  /* The complete saved copies of this language: [{name, manifest}], newest build unknown. */
  function savedCopies() {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(ours).map(function (name) {
        return caches.open(name).then(function (cache) { return cache.match(manifestUrl); }).then(function (hit) {
          return hit ? hit.json().then(function (m) { return { name: name, manifest: m }; }) : null;
        });
      }));
    }).then(function (copies) { return copies.filter(Boolean); });
  }

  function showSizes() {
    var extra = current.size.with_pdf - current.size.without_pdf;
    pdfLabel.parentNode.hidden = extra <= 0;
    if (extra <= 0) pdfBox.checked = false;
    pdfLabel.textContent = fill(w.pdf, { size: current.size_text.pdf_extra || "" });
    sizeText.textContent = fill(w.size, { size: sizeOf(current, pdfBox.checked) });
  }

  function show(first) {
    return savedCopies().then(function (copies) {
      var same = current && copies.filter(function (c) { return c.manifest.version === current.version; })[0];
      if (!current) {
        controls.hidden = true;
        return say(copies.length ? fill(w.saved, { edition: copies[0].manifest.edition }) : w.offline);
      }
      if (first && same && same.manifest.with_pdf) pdfBox.checked = true;
      controls.hidden = false;
      showSizes();
      if (same) say(fill(w.saved, { edition: current.edition }));
      else if (copies.length) { say(w.outdated); button.textContent = w.update; }
      else say("");
    });
  }

  /* An answer that never comes (a service worker that cannot start) must not hang the button. */
  function within(promise, ms) {
    return Promise.race([promise, new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error("timeout")); }, ms);
    })]);
  }

  function save() {
    var withPdf = pdfBox.checked && !pdfBox.parentNode.hidden;
    var manifest = current;
    var name = cacheName(manifest, withPdf);
    var list = files(manifest, withPdf);
    var done = 0, whole = total(manifest, withPdf), shown = -1;
    function progress() {
      bar.value = Math.min(100, Math.round(done * 100 / whole));
      var step = Math.floor(bar.value / 10) * 10;   // the status (read aloud) every 10%
      if (step !== shown) { shown = step; say(fill(w.working, { percent: step })); }
    }
    button.disabled = pdfBox.disabled = true;
    bar.hidden = false;
    progress();
    var space = navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : Promise.resolve({});
    var unsupported = false;
    var same = [];   // other copies of this very build (e.g. without the PDFs): their files are reused
    return Promise.all([space, within(navigator.serviceWorker.ready, 15000).catch(function (e) { unsupported = true; throw e; }),
                        caches.keys()]).then(function (answers) {
      var free = answers[0].quota - answers[0].usage;
      if (free < whole) { var e = new Error("quota"); e.name = "QuotaExceededError"; throw e; }
      same = answers[2].filter(function (n) { return ours(n) && n !== name && n.indexOf(PREFIX + manifest.version) === 0; });
      return caches.open(name);
    }).then(function (cache) {
      function copy(url) {
        return same.reduce(function (found, n) {
          return found.then(function (hit) { return hit || caches.open(n).then(function (c) { return c.match(url); }); });
        }, Promise.resolve(undefined));
      }
      return cache.keys().then(function (requests) {
        var have = {};
        requests.forEach(function (r) { have[r.url] = true; });
        var todo = list.filter(function (f) { if (have[f[0]]) { done += f[1]; return false; } return true; });
        progress();
        function next() {
          var f = todo.shift();
          if (!f) return Promise.resolve();
          return copy(f[0]).then(function (hit) {
            return hit || fetch(f[0], { headers: HEADERS, cache: "no-cache" });
          }).then(function (response) {
            if (!response.ok) throw new TypeError("HTTP " + response.status + " " + f[0]);
            return cache.put(f[0], response);
          }).then(function () { done += f[1]; progress(); return next(); });
        }
        var lanes = [];
        for (var i = 0; i < PARALLEL; i++) lanes.push(next());
        return Promise.all(lanes);
      }).then(function () {
        // Complete: the manifest goes in last, then the older copies go.
        var mark = JSON.stringify(Object.assign({}, manifest, { with_pdf: withPdf }));
        return cache.put(manifestUrl, new Response(mark, { headers: { "Content-Type": "application/json" } }));
      });
    }).then(function () {
      return caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return ours(n) && n !== name; }).map(function (n) { return caches.delete(n); }));
      });
    }).then(function () {
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
      bar.value = 100;
      bar.hidden = true;
      button.disabled = pdfBox.disabled = false;
      button.textContent = w.button;
      say(fill(w.done, { size: sizeOf(manifest, withPdf) }));
      block.dataset.saved = manifest.version;
    }).catch(function (error) {
      bar.hidden = true;
      button.disabled = pdfBox.disabled = false;
      button.textContent = w.retry;
      var full = error && (error.name === "QuotaExceededError" || /quota/i.test(error.message || ""));
      say(unsupported ? w.unsupported : full ? fill(w.quota, { size: sizeOf(manifest, withPdf) }) : w.network);
    });
  }

  button.addEventListener("click", function () {
    // The newest manifest first: the page may be older than the site.
    fetch(manifestUrl, { headers: HEADERS, cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new TypeError("HTTP " + r.status);
      return r.json();
    }).then(function (m) { current = m; return save(); }, function () {
      button.textContent = w.retry;
      say(w.network);
    });
  });
  pdfBox.addEventListener("change", function () { if (current) show(); });

  fetch(manifestUrl, { headers: HEADERS, cache: "no-cache" }).then(function (r) {
    if (!r.ok) throw new TypeError("HTTP " + r.status);
    return r.json();
  }).then(function (m) { current = m; }, function () { current = null; }).then(function () { return show(true); });
})();
