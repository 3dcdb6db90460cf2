// window.optiscape: the page's API for tests and course pages (appended to optiscape.js).
// Every name seen from outside is quoted, so the release build's Closure Compiler keeps it.
//   ready      a Promise resolved after the first frame is drawn
//   state()    {landscape: {name, params}, running, runs: [{optimizer, hyper, step, w, loss, diverged, ...}]}
//   play(), pause(), step(n), reset()   return the new state; throw on a bad argument
//   select(i), duplicate([i]), remove(i), add(optimizer), optimizer(name)   edit the runs
//   set(name, value)   a setting of the selected run: hyperparameter, noise, batch or seed
//   schedule(spec)     the selected run's schedule, e.g. 'cosine:period=200,min=0.001,warmup=10'
//   load(scenario)   applies a partial scenario (state()'s shape); returns the list of ignored fields
//   link()     the shareable URL of the current scenario
//   exportPng(), exportCsv(), exportVideo()   download the view (2×), the trajectories, a video
//   formula(text), landscape(name), view(mode), layer(name, on)   the landscape side
//   workers(on)   heavy work in Web Workers (default) or on the main thread; state().jobs
//   command(text)   any app command (App::command), e.g. 'slice open pca', 'line -0.5 1.5',
//              'connect seed 2'; returns the new state, throws Error('optiscape: <what is wrong>')
//   theory(text)   the theory page: 'spurious', 'gradients', 'kinds', 'plateau', 'runs 20', 'pause', 'close', ...
//   data(csv, name)   the user's CSV as a network's data (also by dropping a file onto the page);
//              throws Error('optiscape: <what is wrong>') and keeps the previous problem
(function () {
  // ---- in a Web Worker this script computes jobs (src/platform/jobs.cpp): no main(), no page ----
  // The page sends each job as soon as it is submitted; the worker keeps them in its own queue
  // and runs one per task, so a {'cancel': owner} message drops that client's queued jobs and the
  // worker never waits for the page's busy main thread between two jobs.
  if (typeof document === 'undefined' && typeof importScripts === 'function') {
    var started = false, queue = [], scheduled = false, tick = new MessageChannel();
    function runJob(d) {
      var n = lengthBytesUTF8(d['spec']) + 1, p = _malloc(n), reply = {'job': d['job']};
      stringToUTF8(d['spec'], p, n);
      var t0 = performance.now();
      try {
        var count = _optiscape_job_run(p), at = _optiscape_job_values() >> 3;
        reply['values'] = HEAPF64.slice(at, at + count);
        reply['error'] = UTF8ToString(_optiscape_job_error());
      } catch (e) {
        reply['values'] = new Float64Array(0);
        reply['error'] = 'worker: ' + (e && e.message || e);
      } finally {
        _free(p);
      }
      reply['ms'] = performance.now() - t0;
      postMessage(reply, [reply['values'].buffer]);
    }
    function schedule() {
      if (started && queue.length && !scheduled) { scheduled = true; tick.port2.postMessage(0); }
    }
    tick.port1.onmessage = function () {
      scheduled = false;
      if (queue.length) runJob(queue.shift());
      schedule();
    };
    self.onmessage = function (e) {
      var d = e.data;
      if ('cancel' in d) queue = queue.filter(function (j) { return j['owner'] !== d['cancel']; });
      else queue.push(d);
      schedule();
    };
    var begin = function () { started = true; postMessage({'ready': true}); schedule(); };
    if (runtimeInitialized) begin(); else Module['onRuntimeInitialized'] = begin;
    return;
  }

  // ---- the page's job runner: workers started on the first job, one per core (at most 4) ----
  // Each worker loads this same script (and, from the HTTP cache, the same wasm); the one-file
  // build, opened from file://, starts them from its own text. A job goes to a worker at once —
  // to the one with the fewest jobs left, consecutive bands to different workers — and waits in
  // that worker's queue. A worker that fails hands its jobs back with an error, and the C++ side
  // computes those on the main thread. No SharedArrayBuffer: messages only.
  var jobScript = document.currentScript;
  Module['optiscapeJobs'] = (function () {
    var pool = [], broken = typeof Worker === 'undefined', next = 0;
    var planned = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4));
    var stats = {'startMs': 0, 'readyMs': 0, 'jobs': 0, 'workMs': 0};  // for benchmarks
    function source() {
      if (jobScript && jobScript.src && location.protocol !== 'file:') return jobScript.src;
      var text = jobScript ? jobScript.textContent : '';
      return URL.createObjectURL(new Blob([text], {type: 'text/javascript'}));
    }
    function answer(ticket, values, error) {
      var n = values.length, p = _malloc(8 * Math.max(n, 1));
      HEAPF64.set(values, p >> 3);
      var e = lengthBytesUTF8(error) + 1, q = _malloc(e);
      stringToUTF8(error, q, e);
      try { _optiscape_job_done(ticket, p, n, q); } finally { _free(p); _free(q); }
    }
    function alive() { return pool.filter(function (s) { return !s.dead; }); }
    function fail(slot, why) {
      if (slot.dead) return;
      slot.dead = true;
      try { slot.worker.terminate(); } catch (e) { /* already gone */ }
      var jobs = slot.jobs;
      slot.jobs = [];
      if (!alive().length) broken = true;  // from now on jobs run on the main thread
      jobs.forEach(function (j) { answer(j['job'], [], 'worker failed: ' + why); });
    }
    function start() {
      stats['startMs'] = performance.now();
      var url;
      try { url = source(); } catch (e) { broken = true; return; }
      for (var i = 0; i < planned; i++) {
        var slot = {worker: null, jobs: [], dead: false};
        try { slot.worker = new Worker(url); } catch (e) { broken = !pool.length; return; }
        slot.worker.onmessage = (function (slot) {
          return function (e) {
            var d = e.data;
            if (d['ready']) {
              stats['readyMs'] = stats['readyMs'] || performance.now() - stats['startMs'];
              return;
            }
            var k = slot.jobs.findIndex(function (j) { return j['job'] === d['job']; });
            if (k < 0) return;
            slot.jobs.splice(k, 1);
            stats['jobs']++;
            stats['workMs'] += d['ms'];
            answer(d['job'], d['values'], d['error'] || '');
          };
        })(slot);
        slot.worker.onerror = (function (slot) {
          return function (e) { e.preventDefault(); fail(slot, e.message || 'could not start'); };
        })(slot);
        pool.push(slot);
      }
    }
    return {
      'count': function () { return broken ? 0 : pool.length ? alive().length : planned; },
      'submit': function (owner, ticket, spec) {
        if (!broken && !pool.length) start();
        var slots = alive();
        if (broken || !slots.length) { answer(ticket, [], 'no workers'); return; }
        // the least loaded worker; among equals, the next in turn
        var best = null;
        for (var i = 0; i < slots.length; i++) {
          var s = slots[(next + i) % slots.length];
          if (!best || s.jobs.length < best.jobs.length) best = s;
        }
        next = (slots.indexOf(best) + 1) % slots.length;
        var job = {'job': ticket, 'owner': owner, 'spec': spec};
        best.jobs.push(job);
        best.worker.postMessage(job);
      },
      'cancel': function (owner) {
        alive().forEach(function (s) {
          s.jobs = s.jobs.filter(function (j) { return j['owner'] !== owner; });
          s.worker.postMessage({'cancel': owner});
        });
      },
      // {startMs, readyMs: the first worker ready after its start, jobs, workMs: inside jobs}
      'stats': function () { return stats; },
    };
  })();

  var resolveReady, rejectReady;
  var ready = new Promise(function (resolve, reject) { resolveReady = resolve; rejectReady = reject; });
  function callWithString(fn, text) {
    var n = lengthBytesUTF8(text) + 1, p = _malloc(n);
    stringToUTF8(text, p, n);
    try { return UTF8ToString(fn(p)); } finally { _free(p); }
  }
  function command(text) {
    var error = callWithString(_optiscape_command, text);
    if (error) throw new Error('optiscape: ' + error);
    return api['state']();
  }
  var api = {
    'ready': ready,
    'state': function () { return JSON.parse(UTF8ToString(_optiscape_state_json())); },
    'command': command,
    'play': function () { return command('play'); },
    'pause': function () { return command('pause'); },
    'step': function (n) { return command('step ' + (n === undefined ? 1 : n)); },
    'reset': function () { return command('reset'); },
    'select': function (i) { return command('select ' + i); },
    'duplicate': function (i) { return command('duplicate' + (i === undefined ? '' : ' ' + i)); },
    'remove': function (i) { return command('remove ' + i); },
    'add': function (optimizer) { return command('add ' + optimizer); },
    'optimizer': function (name) { return command('optimizer ' + name); },
    'set': function (name, value) { return command('set ' + name + ' ' + value); },
    'schedule': function (spec) { return command('schedule ' + spec); },
    // The lessons: [{id, title, steps}]; lesson(id, step) opens one (step from 0),
    // answer(i) picks a prediction, runLesson() plays the step's run; runLesson(true) takes it to
    // its end at once (the panel's "Skip to the end"). The lessons are read on first use
    // (optiscape.lessons.json); when they cannot be, lessons() and lesson() throw and say why.
    'lessons': function () {
      var r = JSON.parse(UTF8ToString(_optiscape_lessons_json()));
      if (!Array.isArray(r)) throw new Error('optiscape: ' + r['error']);
      return r;
    },
    'lesson': function (id, step) { return command('lesson ' + id + ' ' + (step || 0)); },
    'answer': function (i) { return command('answer ' + i); },
    'runLesson': function (now) { return command(now ? 'run now' : 'run'); },
    // view('map' | '3d' | 'split'); layer('stability' | 'eigen' | 'stationary' | 'basins' | 'flow', true | false)
    'view': function (mode) { return command('view ' + mode); },
    // formula(text): as if typed into the formula editor (throws with the parse error and its
    // column; state().formula keeps the text and the error); landscape(name) opens a preset.
    'formula': function (text) { return command('formula ' + text); },
    'landscape': function (name) { return command('landscape ' + name); },
    // theory('spurious' | 'gradients' | 'kinds' | 'plateau') opens the theory page's experiment; theory('runs 20'),
    // theory('sigmaSqrtD 0.8'), theory('plateauLr 0.02'), theory('pause' | 'start' | 'restart' | 'finish' | 'close'); state().theory reports it.
    'theory': function (text) { return command('theory ' + (text || '')); },
    'layer': function (name, on) { return command('layer ' + name + (on ? ' on' : ' off')); },
    // workers(false): heavy work (basin maps) on the main thread, a slice per frame, to compare;
    // workers(true): back on the Web Workers. state().jobs says where work runs.
    'workers': function (on) { return command('workers ' + (on ? 'on' : 'off')); },
    // The shareable URL of the current scenario (the page keeps its hash up to date).
    // theme('projector' | 'default'): high contrast and larger type for a lecture hall
    'theme': function (name) { return command('theme ' + name); },
    'exportPng': function () { return exportAs('png'); },
    'exportCsv': function () { return exportAs('csv'); },
    'exportVideo': function () { return exportAs('video'); },
    'link': function () { _optiscape_sync_link(); return location.href; },
    'data': function (csv, name) {
      var n = lengthBytesUTF8(name || 'data.csv') + 1, p = _malloc(n);
      stringToUTF8(name || 'data.csv', p, n);
      try {
        var error = callWithString(function (q) { return _optiscape_data(q, p); }, String(csv));
      } finally { _free(p); }
      if (error) throw new Error('optiscape: ' + error);
      return api['state']();
    },
    // Applies a (partial) scenario, the same shape as state(); returns what was ignored.
    'load': function (scenario) {
      var text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario);
      return JSON.parse(callWithString(_optiscape_load, text));
    },
  };
  // The idle page sleeps (draws nothing) until input arrives; GLFW sees the canvas's mouse and
  // keys, the page wakes it for the rest: a resize, a return to the tab.
  ['resize', 'focus', 'visibilitychange', 'orientationchange'].forEach(function (type) {
    window.addEventListener(type, function () { try { _optiscape_wake(); } catch (e) { /* not started yet */ } });
  });
  // A CSV file dropped anywhere on the page trains the network on it.
  window.addEventListener('dragover', function (e) { e.preventDefault(); });
  window.addEventListener('drop', function (e) {
    e.preventDefault();
    var file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (!file) return;
    file.text().then(function (text) {
      try { api['data'](text, file.name); } catch (err) { /* the page shows the message */ }
    });
  });
  // Exports: the app draws the frame (a PNG at 2× the page's size) or builds the text, then
  // calls back here; the file is downloaded and the promise of exportPng()/exportCsv()/
  // exportVideo() resolves with {name, type, size} (and width, height for pictures).
  var exportWaiters = [];
  function exported(name, blob, extra) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
    var info = {'name': name, 'type': blob.type, 'size': blob.size};
    for (var k in extra || {}) info[k] = extra[k];
    var waiters = exportWaiters;
    exportWaiters = [];
    waiters.forEach(function (w) { w(info); });
  }
  function exportAs(kind) {
    return new Promise(function (resolve, reject) {
      try { command('export ' + kind); } catch (e) { reject(e); return; }
      exportWaiters.push(resolve);
    });
  }
  Module['optiscapeSaveCanvas'] = function (name) {
    var canvas = Module['canvas'], size = {'width': canvas.width, 'height': canvas.height};
    canvas.toBlob(function (blob) { exported(name, blob, size); }, 'image/png');
  };
  Module['optiscapeSaveText'] = function (name, text, mime) {
    exported(name, new Blob([text], {type: mime}));
  };
  Module['optiscapeRecord'] = function (name) {
    var chunks = [], canvas = Module['canvas'];
    var type = MediaRecorder.isTypeSupported('video/webm;codecs=vp8') ? 'video/webm;codecs=vp8' : 'video/webm';
    var recorder = new MediaRecorder(canvas.captureStream(30), {mimeType: type});
    recorder.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
    recorder.onstop = function () { exported(name, new Blob(chunks, {type: 'video/webm'})); };
    api['reset']();
    api['play']();
    recorder.start(250);
    var started = performance.now(), stoppedAt = 0;
    (function poll() {  // until every run has stopped (then one more second on the final picture),
      var now = performance.now();  // at least two seconds, at most two minutes
      if (!stoppedAt && !api['state']()['running']) stoppedAt = now;
      if ((stoppedAt && now - stoppedAt > 1000 && now - started > 2000) || now - started > 120000) recorder.stop();
      else setTimeout(poll, 100);
    })();
  };
  Module['optiscapeSignalReady'] = function () {
    var loading = document.getElementById('loading');
    if (loading) loading.remove();
    resolveReady(api);
  };
  Module['optiscapeFail'] = function (message) {
    var box = document.getElementById('error');
    if (box) { box.textContent = message; box.hidden = false; }
    var loading = document.getElementById('loading');
    if (loading) loading.remove();
    rejectReady(new Error(message));
  };
  window['optiscape'] = api;

  // The wheel, in notches (one per 100 pixels, 3 lines or a page; up is positive): Emscripten
  // 3.1.6's GLFW would pass raw pixels with the page's sign. Trackpads give fractions: smooth zoom.
  window.addEventListener('wheel', function (e) {
    if (!Module['canvas'] || e.target !== Module['canvas']) return;
    e.stopPropagation();
    e.preventDefault();  // also keeps a trackpad pinch (ctrl + wheel) from zooming the page
    var unit = e.deltaMode === 1 ? 3 : e.deltaMode === 2 ? 1 : 100;
    _optiscape_wheel(-e.deltaX / unit, -e.deltaY / unit);
  }, {capture: true, passive: false});

  // Touch (tablets): this Emscripten's GLFW does not track touch positions, so touches on the
  // canvas are kept from it and replayed as the mouse: one finger is the left button (tap sets
  // the start, drag pans); two fingers pinch to zoom around their midpoint (one wheel notch per
  // factor 1.2 of finger spread, the map's wheel step).
  (function () {
    var spread0 = 0, down = false;
    function spread(t) { return Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY); }
    function send(type, x, y, init) {
      var o = {'clientX': x, 'clientY': y, 'button': 0, 'buttons': down ? 1 : 0, 'bubbles': true, 'cancelable': true};
      for (var k in init || {}) o[k] = init[k];
      Module['canvas'].dispatchEvent(new MouseEvent(type, o));
    }
    function handle(e) {
      if (!Module['canvas'] || e.target !== Module['canvas']) return;
      e.stopPropagation();
      e.preventDefault();
      var t = e.touches;
      if (t.length >= 2) {
        var x = (t[0].clientX + t[1].clientX) / 2, y = (t[0].clientY + t[1].clientY) / 2;
        if (down) { down = false; send('mouseup', x, y); }
        send('mousemove', x, y);
        if (spread0) _optiscape_wheel(0, Math.log(spread(t) / spread0) / Math.log(1.2));
        spread0 = spread(t);
      } else if (t.length === 1 && !spread0) {
        send('mousemove', t[0].clientX, t[0].clientY);
        if (!down) { down = true; send('mousedown', t[0].clientX, t[0].clientY); }
      } else if (t.length === 0) {
        var c = e.changedTouches[0];
        if (down) { down = false; send('mouseup', c.clientX, c.clientY); }
        spread0 = 0;
      }
    }
    ['touchstart', 'touchmove', 'touchend', 'touchcancel'].forEach(function (type) {
      window.addEventListener(type, handle, {capture: true, passive: false});
    });
  })();

  // A course page in another origin drives an embedded Optiscape with postMessage:
  //   frame.contentWindow.postMessage({optiscape: 'play', id: 1, args: []}, '*')
  // and gets {optiscape: 'reply', id, result} or {optiscape: 'reply', id, error} back, sent to its
  // origin only. Only the parent window is listened to; with ?origin=https://course.example in
  // the page's URL (repeatable), only those origins.
  var allowedOrigins = new URLSearchParams(location.search).getAll('origin');
  var remote = ['state', 'play', 'pause', 'step', 'reset', 'load', 'link', 'lessons', 'lesson', 'answer',
                'runLesson', 'view', 'layer', 'select', 'set', 'schedule', 'formula', 'landscape', 'theme', 'theory'];
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || typeof d !== 'object' || typeof d['optiscape'] !== 'string' || d['optiscape'] === 'reply') return;
    if (window.parent === window || e.source !== window.parent) return;
    if (allowedOrigins.length && allowedOrigins.indexOf(e.origin) < 0) return;
    var method = d['optiscape'], reply = {'optiscape': 'reply', 'id': d['id']};
    var target = e.origin === 'null' ? '*' : e.origin;  // a page opened from file:// has no origin
    ready.then(function () {
      try {
        if (remote.indexOf(method) < 0) throw new Error('unknown method ' + method + ' (methods: ' + remote.join(', ') + ')');
        reply['result'] = api[method].apply(null, Array.isArray(d['args']) ? d['args'] : []);
      } catch (err) {
        reply['error'] = String(err && err.message || err);
      }
      e.source.postMessage(reply, target);
    });
  });
})();
