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
//   theory(text)   the theory page: 'spurious', 'gradients', 'kinds', 'runs 20', 'pause', 'close', ...
//   data(csv, name)   the user's CSV as a network's data (also by dropping a file onto the page);
//              throws Error('optiscape: <what is wrong>') and keeps the previous problem
(function () {
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
    // answer(i) picks a prediction, runLesson() plays the step's run.
    'lessons': function () { return JSON.parse(UTF8ToString(_optiscape_lessons_json())); },
    'lesson': function (id, step) { return command('lesson ' + id + ' ' + (step || 0)); },
    'answer': function (i) { return command('answer ' + i); },
    'runLesson': function () { return command('run'); },
    // view('map' | '3d' | 'split'); layer('stability' | 'eigen' | 'stationary' | 'basins' | 'flow', true | false)
    'view': function (mode) { return command('view ' + mode); },
    // formula(text): as if typed into the formula editor (throws with the parse error and its
    // column; state().formula keeps the text and the error); landscape(name) opens a preset.
    'formula': function (text) { return command('formula ' + text); },
    'landscape': function (name) { return command('landscape ' + name); },
    // theory('spurious' | 'gradients' | 'kinds') opens the theory page's experiment; theory('runs 20'),
    // theory('sigmaSqrtD 0.8'), theory('pause' | 'start' | 'restart' | 'finish' | 'close'); state().theory reports it.
    'theory': function (text) { return command('theory ' + (text || '')); },
    'layer': function (name, on) { return command('layer ' + name + (on ? ' on' : ' off')); },
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
