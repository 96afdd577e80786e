/* Xã Số inside an LMS (SCORM 1.2). Loaded before progress.js in the SCORM packages only.
   Finds the LMS's API by the standard search (window.parent, up to 7 levels, then window.opener);
   without one (the page opened on its own) it does nothing and the page works as on the site.
   With one: the learner's ticks and answers live in cmi.suspend_data (at most 4,096 characters),
   the quiz sets cmi.core.score.raw/min/max and cmi.core.lesson_status (incomplete until the quiz
   is passed or failed at the pass mark), and cmi.core.session_time is reported when the page closes. */
(function () {
  "use strict";
  function find(win) {
    for (var depth = 0; win && depth < 8; depth++) {
      try { if (win.API) return win.API; } catch (e) { return null; }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = find(window.parent !== window ? window.parent : null) || (window.opener ? find(window.opener) : null);
  if (!api) return;
  var started = new Date().getTime(), finished = false;
  api.LMSInitialize("");
  var status = api.LMSGetValue("cmi.core.lesson_status");
  if (!status || status === "not attempted") api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  api.LMSCommit("");
  var MAX = 4096;
  window.XaSoStore = {
    get: function () { return api.LMSGetValue("cmi.suspend_data") || null; },
    set: function (text) {
      var data = JSON.parse(text);
      Object.keys(data.quiz || {}).forEach(function (m) { delete data.quiz[m].edition; delete data.quiz[m].date; });
      var compact = JSON.stringify({ v: 1, ticks: data.ticks || {}, quiz: data.quiz || {} });
      if (compact.length > MAX) {   // keep the ticks and scores; drop the answers of the last attempt
        Object.keys(data.quiz || {}).forEach(function (m) { delete data.quiz[m].answers; });
        compact = JSON.stringify({ v: 1, ticks: data.ticks || {}, quiz: data.quiz || {} });
      }
      api.LMSSetValue("cmi.suspend_data", compact.slice(0, MAX));
      api.LMSCommit("");
    }
  };
  document.addEventListener("xaso:quiz", function (event) {
    var d = event.detail, best = Math.max(d.best, d.percent);
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.score.raw", String(best));
    var current = api.LMSGetValue("cmi.core.lesson_status");
    if (current !== "passed") api.LMSSetValue("cmi.core.lesson_status", best >= d.pass ? "passed" : "failed");
    api.LMSCommit("");
  });
  function pad(n, width) { n = String(n); while (n.length < width) n = "0" + n; return n; }
  function finish() {
    if (finished) return;
    finished = true;
    var seconds = Math.round((new Date().getTime() - started) / 10) / 100;
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds - h * 3600 - m * 60;
    api.LMSSetValue("cmi.core.session_time", pad(h, 4) + ":" + pad(m, 2) + ":" + pad(s.toFixed(2), 5));
    api.LMSSetValue("cmi.core.exit", "suspend");
    api.LMSCommit("");
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  window.XaSoScorm = { api: api, finish: finish };
})();
