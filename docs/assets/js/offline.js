/* Xã Số: pages stay readable offline after one visit, where the browser allows it (a service
   worker needs http or https; on file:// the site is already on the device and nothing happens).
   Registers sw.js at the edition's root, asks it to store this page and the files it loaded, and
   on module pages says so and offers to store the PDF too. The home page's "save the whole
   course" block has a script of its own (save-course.js, loaded only there). */
(function () {
  "use strict";
  if (document.querySelector(".xa-save-course") && document.currentScript) {
    var script = document.createElement("script");
    script.src = document.currentScript.src.replace(/offline\.js(\?.*)?$/, "save-course.js");
    document.head.appendChild(script);
  }
  if (!/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) return;
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var button = document.querySelector(".xa-offline-save");
  var status = document.querySelector(".xa-offline-status");

  function say(text) { if (status) status.textContent = text; }

  function store(urls) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        registration.active.postMessage({ type: "xa-so-save", urls: urls }, [channel.port2]);
      });
    });
  }

  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function () {});

  window.addEventListener("load", function () {
    var page = location.href.split("#")[0].split("?")[0];
    var loaded = performance.getEntriesByType("resource").map(function (entry) { return entry.name; })
      .filter(function (url) { return url.indexOf(root.href) === 0 && !/\.(pdf|zip)(\?|$)/i.test(url); });
    store([page].concat(loaded)).then(function (stored) {
      if (!button) return;
      if (!stored[0]) return say(button.dataset.failed);
      var pdf = new URL(button.dataset.pdf, location.href).href;
      return (window.caches ? caches.match(pdf) : Promise.resolve()).then(function (hit) {
        say(hit ? button.dataset.savedPdf : button.dataset.savedPage);
        button.hidden = !!hit;
      });
    });
  });

  if (button) button.addEventListener("click", function () {
    button.disabled = true;
    store([new URL(button.dataset.pdf, location.href).href]).then(function (stored) {
      button.disabled = false;
      button.hidden = !!stored[0];
      say(stored[0] ? button.dataset.savedPdf : button.dataset.failed);
    });
  });
})();
