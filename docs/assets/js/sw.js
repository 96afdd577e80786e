/* Xã Số service worker: the pages of this edition you have opened stay readable without a
   connection. hooks/offline.py publishes this file as sw.js at the edition's root with the
   edition written in; its scope is the edition's folder (e.g. /2026.1/ under mike).
   Network first: online you always get the current page (and it is stored); offline you get the
   stored copy. PDFs are stored only when the reader asks (assets/js/offline.js). */
"use strict";
var EDITION = "__XASO_EDITION__";
var SCOPE = self.registration.scope;
var CACHE = "xa-so-" + EDITION + " " + SCOPE;

function address(url) { return url.split("#")[0].split("?")[0]; }
function storable(url) { return url.indexOf(SCOPE) === 0 && !/\.zip$/i.test(address(url)); }
function isPdf(url) { return /\.pdf$/i.test(address(url)); }

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  // Forget what an older edition stored for this same folder; other folders keep theirs.
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name !== CACHE && name.indexOf("xa-so-") === 0 && name.slice(-SCOPE.length - 1) === " " + SCOPE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !storable(request.url) || request.headers.has("range")) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        if (!isPdf(request.url)) cache.put(address(request.url), copy);
        else cache.match(address(request.url)).then(function (old) { if (old) cache.put(address(request.url), copy); });
      }
      return response;
    }).catch(function (error) {
      return cache.match(address(request.url)).then(function (stored) {
        if (stored) return stored;
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
