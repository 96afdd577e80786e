/* Xã Số service worker: the pages of this edition you have opened stay readable without a
   connection. hooks/offline.py publishes this file as sw.js at the edition's root with the
   edition written in; its scope is the edition's folder (e.g. /2026.1/ under mike).
   Network first: online you always get the current page (and it is stored); offline you get the
   stored copy. PDFs are stored only when the reader asks (assets/js/offline.js).
   "Save the whole course" (assets/js/save-course.js) fills caches of its own, "xa-so-course <lang>
   <version> <scope>": looked up after this edition's cache, kept when a new edition arrives
   (the page replaces them once the new copy is complete), and its requests (header
   x-xa-so-save) go straight to the network instead of being stored twice. */
"use strict";
var EDITION = "__XASO_EDITION__";
// The offline page's words per language folder ("" = the default language), written in by the build.
var WORDS = __XASO_OFFLINE_WORDS__;
var SCOPE = self.registration.scope;
var CACHE = "xa-so-" + EDITION + " " + SCOPE;
var COURSE = "xa-so-course ";

function saved(name) { return name === CACHE || (name.indexOf(COURSE) === 0 && name.slice(-SCOPE.length - 1) === " " + SCOPE); }
/* The stored copy: this edition's cache first, then a saved course. */
function stored(cache, key) {
  return cache.match(key).then(function (hit) {
    if (hit) return hit;
    return caches.keys().then(function (names) {
      return names.filter(function (name) { return name !== CACHE && saved(name); }).reduce(function (found, name) {
        return found.then(function (hit) { return hit || caches.open(name).then(function (c) { return c.match(key); }); });
      }, Promise.resolve(undefined));
    });
  });
}

// "x/" and "x/index.html" are one page: both are stored and looked up as "x/index.html".
function address(url) {
  var a = url.split("#")[0].split("?")[0];
  return /\/$/.test(a) ? a + "index.html" : a;
}
function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
}
/* Our page for an address that is not saved on this device: what is saved, and the way home. */
function offlinePage(url, cache) {
  var rest = address(url).slice(SCOPE.length);
  var folder = Object.keys(WORDS).filter(function (f) { return f && rest.indexOf(f) === 0; })[0] || "";
  var w = WORDS[folder] || WORDS[""];
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(saved).map(function (name) { return caches.open(name).then(function (c) { return c.keys(); }); }));
  }).then(function (lists) {
    var requests = [].concat.apply([], lists);
    var pages = requests.map(function (r) { return r.url; }).filter(function (u, i, all) {
      if (all.indexOf(u) !== i) return false;
      var path = u.slice(SCOPE.length);
      return /\.html$/.test(u) && !/(^|\/)404\.html$/.test(path) && path.indexOf(folder) === 0 && !Object.keys(WORDS).some(function (f) {
        return f && f !== folder && path.indexOf(f) === 0;
      });
    }).sort();
    var items = pages.map(function (u) {
      var label = decodeURIComponent(u.slice(SCOPE.length + folder.length)).replace(/(\/index)?\.html$/, "").replace(/^modules\//, "") || w.home;
      return '<li><a href="' + escapeHtml(u) + '">' + escapeHtml(label) + "</a></li>";
    }).join("");
    var body = '<!doctype html><html lang="' + escapeHtml(w.lang) + '"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width,initial-scale=1"><title>' + escapeHtml(w.title) + "</title>" +
      "<style>body{font-family:sans-serif;max-width:40rem;margin:0 auto;padding:1rem;line-height:1.5}a{color:#0b5d3b}</style>" +
      "</head><body><h1>" + escapeHtml(w.title) + "</h1><p>" + escapeHtml(w.text) + "</p>" +
      '<p><a href="' + escapeHtml(SCOPE + folder + "index.html") + '">' + escapeHtml(w.home) + "</a></p>" +
      "<h2>" + escapeHtml(w.saved) + "</h2>" + (items ? "<ul>" + items + "</ul>" : "<p>" + escapeHtml(w.none) + "</p>") +
      "</body></html>";
    return new Response(body, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}
function storable(url) { return url.indexOf(SCOPE) === 0 && !/\.zip$/i.test(address(url)); }
function isPdf(url) { return /\.pdf$/i.test(address(url)); }

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  // Forget what an older edition stored for this same folder; other folders keep theirs.
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name !== CACHE && name.indexOf("xa-so-") === 0 && name.indexOf(COURSE) !== 0 && name.slice(-SCOPE.length - 1) === " " + SCOPE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !storable(request.url) || request.headers.has("range") || request.headers.has("x-xa-so-save")) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        if (!isPdf(request.url)) cache.put(address(request.url), copy);
        else cache.match(address(request.url)).then(function (old) { if (old) cache.put(address(request.url), copy); });
      }
      return response;
    }).catch(function (error) {
      return stored(cache, address(request.url)).then(function (hit) {
        // A worker's address is its response's: a stored copy (kept without "?…") would lose the
        // query the search worker reads its settings from, so it gets the request's address.
        if (hit && /worker$/.test(request.destination)) {
          return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers: hit.headers });
        }
        if (hit) return hit;
        if (request.mode === "navigate") return offlinePage(request.url, cache);
        throw error;
      });
    });
  }));
});

// {type: "xa-so-save", urls: [...]} -> stores each address not stored yet; answers [true|false, ...].
self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type !== "xa-so-save" || !event.ports[0]) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all((message.urls || []).map(function (url) {
      if (!storable(url)) return false;
      return cache.match(address(url)).then(function (stored) {
        if (stored) return true;
        return fetch(address(url)).then(function (response) {
          if (!response.ok) return false;
          return cache.put(address(url), response).then(function () { return true; });
        });
      }).catch(function () { return false; });
    }));
  }).then(function (results) { event.ports[0].postMessage(results); }));
});
