/* Xã Số: what a learner does, kept on this device only (localStorage), never sent anywhere.
   One key, "xa-so:learner", named after the course, not the edition or the folder, so a new
   edition or a second unzipped copy sees the same progress. Inside, stable ids only:
     { v: 1, ticks: { <exercise id>: { <step id>: 1 } },
       quiz: { <module id>: { best, date, edition, last, answers: { <question id>: [keys] } } },
       role, name }
   Older editions kept ticks under "xa-so/<edition>/<exercise>" as step numbers: they are moved
   here on first load (step n -> step id "s<n>", the ids the data gave those steps).
   This file: storage, checklists and quizzes on module pages. The progress page and the class
   roll-up load progress-page.js only where they are. */
(function () {
  "use strict";
  var KEY = "xa-so:learner";
  var LEGACY = /^xa-so\/[^\/]+\/(.+)$/;
  var script = document.currentScript;
  var base = script ? script.src.replace(/[^\/]*$/, "") : "assets/js/";

  /* Where the data lives: this browser's localStorage, or, inside an LMS, the SCORM runtime
     (scorm.js sets window.XaSoStore before this file runs: cmi.suspend_data). */
  var store = window.XaSoStore || {
    get: function () { return localStorage.getItem(KEY); },
    set: function (text) { localStorage.setItem(KEY, text); }
  };
  function empty() { return { v: 1, ticks: {}, quiz: {}, role: "", name: "" }; }
  function read() {
    var data;
    try { data = JSON.parse(store.get() || "null"); } catch (e) { data = null; }
    if (!data || typeof data !== "object") data = empty();
    data.ticks = data.ticks || {}; data.quiz = data.quiz || {};
    return data;
  }
  var asked = false;
  function write(data) {
    try { store.set(JSON.stringify(data)); } catch (e) { return false; }
    if (!asked && !window.XaSoStore && navigator.storage && navigator.storage.persist) {
      asked = true;   // ask the browser not to clear it when space runs low (Chromium)
      navigator.storage.persist().catch(function () {});
    }
    return true;
  }
  function migrate() {
    if (window.XaSoStore) return;
    var data = read(), moved = [], i, key, match, steps;
    try {
      for (i = 0; i < localStorage.length; i++) {
        key = localStorage.key(i);
        match = key && LEGACY.exec(key);
        if (!match) continue;
        try { steps = JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { steps = []; }
        data.ticks[match[1]] = data.ticks[match[1]] || {};
        (Array.isArray(steps) ? steps : []).forEach(function (n) { data.ticks[match[1]]["s" + n] = 1; });
        moved.push(key);
      }
    } catch (e) { return; }
    if (moved.length && write(data)) moved.forEach(function (k) { localStorage.removeItem(k); });
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function fill(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  /* Merge another device's progress into this one: the better score, the union of ticks. */
  function merge(data, incoming) {
    var changes = { scores: 0, ticks: 0, profile: 0 };
    Object.keys(incoming.ticks || {}).forEach(function (ex) {
      data.ticks[ex] = data.ticks[ex] || {};
      Object.keys(incoming.ticks[ex] || {}).forEach(function (step) {
        if (!data.ticks[ex][step]) { data.ticks[ex][step] = 1; changes.ticks++; }
      });
    });
    Object.keys(incoming.quiz || {}).forEach(function (mod) {
      var mine = data.quiz[mod], theirs = incoming.quiz[mod];
      if (!theirs || typeof theirs.best !== "number") return;
      if (!mine || typeof mine.best !== "number" || theirs.best > mine.best) {
        data.quiz[mod] = Object.assign({}, mine || {}, { best: theirs.best, date: theirs.date, edition: theirs.edition });
        if (!mine || !mine.answers) data.quiz[mod].answers = theirs.answers || {};
        changes.scores++;
      }
    });
    ["role", "name"].forEach(function (k) {
      if (incoming[k] && !data[k]) { data[k] = incoming[k]; changes.profile++; }
    });
    return changes;
  }

  /* ---- checklists ---- */
  function setupExercise(box, words) {
    var ex = box.getAttribute("data-exercise");
    var inputs = Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox][data-step]"));
    var ids = inputs.map(function (input) { return input.getAttribute("data-step"); });
    var count = box.querySelector(".xa-count");
    function refresh() {
      var done = inputs.filter(function (input) { return input.checked; }).length;
      if (count) count.textContent = String(done);
    }
    var data = read(), ticked = data.ticks[ex] || {};
    inputs.forEach(function (input) {
      input.checked = !!ticked[input.getAttribute("data-step")];
      input.addEventListener("change", function () {
        var d = read();
        d.ticks[ex] = d.ticks[ex] || {};
        if (input.checked) d.ticks[ex][input.getAttribute("data-step")] = 1;
        else delete d.ticks[ex][input.getAttribute("data-step")];
        write(d); refresh();
      });
    });
    var dropped = Object.keys(ticked).filter(function (id) { return ids.indexOf(id) === -1; });
    if (dropped.length && words.dropped_steps) {
      var note = document.createElement("p");
      note.className = "xa-dropped";
      note.textContent = fill(words.dropped_steps, { count: dropped.length });
      box.appendChild(note);
    }
    var reset = box.querySelector(".xa-reset");
    if (reset) reset.addEventListener("click", function () {
      var d = read();
      inputs.forEach(function (input) { input.checked = false; if (d.ticks[ex]) delete d.ticks[ex][input.getAttribute("data-step")]; });
      write(d); refresh();
    });
    refresh();
  }

  /* ---- quizzes ---- */
  function setupQuiz(root, words) {
    var module = root.getAttribute("data-module");
    var pass = Number(root.getAttribute("data-pass"));
    var key = JSON.parse(root.querySelector(".xa-quiz-key").textContent);
    var form = root.querySelector(".xa-quiz-form");
    var result = root.querySelector(".xa-quiz-result");
    var best = root.querySelector(".xa-quiz-best");
    var retry = root.querySelector(".xa-quiz-retry");
    var submit = form.querySelector("button[type=submit]");
    var questions = Array.prototype.slice.call(form.querySelectorAll(".xa-quiz-q"));
    root.querySelector(".xa-quiz-actions").hidden = false;
    function chosen(q) {
      return Array.prototype.slice.call(q.querySelectorAll("input:checked")).map(function (i) { return i.value; }).sort();
    }
    function showBest() {
      var saved = read().quiz[module];
      if (saved && typeof saved.best === "number") {
        best.hidden = false;
        best.textContent = fill(words.quiz_best, { percent: saved.best, date: saved.date, edition: saved.edition }) +
          " " + (saved.best >= pass ? words.quiz_passed : "");
        best.setAttribute("data-best", String(saved.best));
      }
    }
    function feedback(q, picked) {
      var k = key[q.getAttribute("data-q")], right = k.c.slice().sort();
      var ok = picked.join() === right.join();
      var box = q.querySelector(".xa-quiz-feedback");
      box.innerHTML = "";
      var head = document.createElement("p");
      head.className = ok ? "xa-quiz-ok" : "xa-quiz-no";
      head.textContent = (ok ? words.quiz_right : words.quiz_wrong) + " " +
        fill(words.quiz_correct_was, { keys: right.map(function (x) { return x.toUpperCase(); }).join(", ") });
      box.appendChild(head);
      var why = document.createElement("p");
      why.textContent = k.e;
      box.appendChild(why);
      picked.forEach(function (p) {
        if (right.indexOf(p) === -1 && k.w[p]) {
          var w = document.createElement("p");
          w.textContent = p.toUpperCase() + ": " + k.w[p];
          box.appendChild(w);
        }
      });
      if (!ok) {
        var link = document.createElement("a");
        link.href = "#" + k.s;
        link.textContent = words.quiz_review;
        box.appendChild(link);
      }
      box.hidden = false;
      q.setAttribute("data-result", ok ? "right" : "wrong");
      return ok;
    }
    function score(answers) {   /* show the feedback and the score of a finished attempt */
      var right = 0;
      questions.forEach(function (q) {
        var picked = (answers[q.getAttribute("data-q")] || []).slice().sort();
        q.querySelectorAll("input").forEach(function (i) { i.checked = picked.indexOf(i.value) !== -1; });
        if (feedback(q, picked)) right++;
      });
      var percent = Math.round(100 * right / questions.length);
      result.textContent = fill(words.quiz_score, { right: right, total: questions.length, percent: percent }) + " " +
        (percent >= pass ? words.quiz_passed : fill(words.quiz_failed, { percent: pass }));
      result.setAttribute("data-percent", String(percent));
      form.querySelectorAll("input").forEach(function (i) { i.disabled = true; });
      submit.hidden = true; retry.hidden = false;
      return percent;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var missing = questions.filter(function (q) { return !chosen(q).length; }).length;
      if (missing) { result.textContent = fill(words.quiz_answer_all, { missing: missing }); return; }
      var answers = {};
      questions.forEach(function (q) { answers[q.getAttribute("data-q")] = chosen(q); });
      var percent = score(answers);
      var d = read(), saved = d.quiz[module] || {};
      saved.last = percent;
      saved.answers = answers;
      if (typeof saved.best !== "number" || percent > saved.best) {
        saved.best = percent; saved.date = today(); saved.edition = root.getAttribute("data-edition");
      }
      d.quiz[module] = saved;
      write(d);
      showBest();
      document.dispatchEvent(new CustomEvent("xaso:quiz", { detail: {
        module: module, percent: percent, best: saved.best, passed: percent >= pass, pass: pass } }));
    });
    retry.addEventListener("click", function () {
      form.querySelectorAll("input").forEach(function (i) { i.disabled = false; i.checked = false; });
      questions.forEach(function (q) { q.querySelector(".xa-quiz-feedback").hidden = true; q.removeAttribute("data-result"); });
      result.textContent = ""; result.removeAttribute("data-percent");
      submit.hidden = false; retry.hidden = true;
      questions[0].querySelector("input").focus();
    });
    showBest();
    var last = read().quiz[module];   /* the last attempt, as it was left (also inside an LMS) */
    if (last && last.answers && questions.every(function (q) { return (last.answers[q.getAttribute("data-q")] || []).length; })) {
      score(last.answers);
    }
  }

  function words() {
    var node = document.querySelector(".xa-quiz-words");
    if (node) return JSON.parse(node.textContent);
    var data = document.querySelector(".xa-course-data");
    return data ? JSON.parse(data.textContent).words : {};
  }
  function load(src) {
    var s = document.createElement("script");
    s.src = base + src;
    document.head.appendChild(s);
  }

  window.XaSo = { KEY: KEY, read: read, write: write, merge: merge, fill: fill, today: today, base: base, load: load };
  function init() {
    migrate();
    var w = words();
    document.querySelectorAll(".xa-exercise[data-exercise]").forEach(function (box) { setupExercise(box, w); });
    document.querySelectorAll(".xa-quiz").forEach(function (root) { setupQuiz(root, w); });
    if (document.querySelector(".xa-progress, .xa-rollup")) load("progress-page.js");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
