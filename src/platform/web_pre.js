// Runs before Emscripten's runtime starts: in a Web Worker (a job runner of the page, see
// web_glue.js) this script must not run main() — there is no canvas and no window.
if (typeof document === 'undefined' && typeof importScripts === 'function') Module['noInitialRun'] = true;

// ---- the wasm in two halves (cmake/split_wasm.py) ----
// optiscape.wasm holds what the 2-D tool runs; optiscape.deferred.wasm the rest (networks, the
// theory page, rarely used paths). Each function of the deferred half is, in the first half, a
// placeholder import: the first call of one loads the deferred half at once (a synchronous
// request, which browsers allow for a module this size), instantiates it against the first
// half's memory and table — which puts its functions in the table in place of the placeholders —
// and continues the call. On the page, the first input (pointer, key, wheel) fetches and
// compiles it in the background instead, so a student who touches nothing downloads only the
// first half, and one who does rarely waits for the second. A link to a network or theory
// scenario downloads both halves at once. A build that is not split (the
// debug build) imports no placeholder and loads as before.
// (the address is a quoted property, so that the minifier keeps it as one string the one-file
// build can replace)
var optiscapeSplit = {instance: null, linked: false, pending: null, 'url': "optiscape.deferred.wasm"};

/** A file's address: beside optiscape.wasm, or the data: URI the one-file page put in its place. */
function optiscapeAddress(url) {
  return /^data:/.test(url) ? url : locateFile(url);
}

/** The deferred half's address. */
function optiscapeDeferredUrl() {
  return optiscapeAddress(optiscapeSplit['url']);
}

/** Instantiates the compiled deferred half once; its element segments fill the table. */
function optiscapeLinkDeferred(module) {
  if (optiscapeSplit.linked) return;
  new WebAssembly.Instance(module, {'primary': optiscapeSplit.instance.exports});
  optiscapeSplit.linked = true;
}

/** The bytes of a string of 8-bit characters (atob's, or a response read as x-user-defined). */
function optiscapeBytes(text) {
  var bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** A file's bytes now, decoded from its data: URI or requested synchronously: {bytes, status},
 *  bytes null when the request failed (status the HTTP status, 0 for no answer). */
function optiscapeBytesNow(url) {
  if (/^data:/.test(url)) return {bytes: optiscapeBytes(atob(url.slice(url.indexOf(',') + 1))), status: 200};
  var xhr = new XMLHttpRequest();
  xhr.open('GET', url, false);
  // a window's synchronous requests cannot ask for an ArrayBuffer: bytes as 8-bit characters
  if (typeof document === 'undefined') xhr.responseType = 'arraybuffer';
  else xhr.overrideMimeType('text/plain; charset=x-user-defined');
  try { xhr.send(null); } catch (e) { /* no answer: status 0 */ }
  if (xhr.status !== 200 && !(xhr.status === 0 && xhr.response)) return {bytes: null, status: xhr.status};
  return {bytes: typeof document === 'undefined' ? new Uint8Array(xhr.response) : optiscapeBytes(xhr.responseText),
          status: xhr.status};
}

/** The deferred half, now. */
function optiscapeLoadDeferredNow() {
  if (optiscapeSplit.linked) return;
  var url = optiscapeDeferredUrl(), got = optiscapeBytesNow(url);
  if (!got.bytes) {
    throw new Error('Optiscape could not load the rest of its code (' + url + ', HTTP ' + got.status +
                    '). Check the connection and reload the page.');
  }
  optiscapeLinkDeferred(new WebAssembly.Module(got.bytes));
}

/** A promise of the deferred half, fetched and compiled. */
function optiscapeCompileDeferred() {
  return fetch(optiscapeDeferredUrl(), {credentials: 'same-origin'}).then(function (r) {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.arrayBuffer();
  }).then(function (b) { return WebAssembly.compile(b); });
}

/** Fetches, compiles and links the deferred half in the background (once); a failure is retried
 *  by the synchronous path when a deferred function is called. */
function optiscapePrefetchDeferred(compiling) {
  if (optiscapeSplit.linked || optiscapeSplit.pending || !optiscapeSplit.instance) return;
  optiscapeSplit.pending = (compiling || optiscapeCompileDeferred())
    .then(optiscapeLinkDeferred, function () { optiscapeSplit.pending = null; });
}

/** Whether the page opens on a link to a network or theory scenario, which runs the deferred
 *  half from its first frame: then both halves download at once and main() waits for both. */
function optiscapeLinkNeedsDeferred() {
  if (typeof document === 'undefined') return false;
  var h = location.hash;
  try { h = decodeURIComponent(h); } catch (e) { /* the raw text */ }
  return /"(network|theory)"/.test(h);
}

Module['instantiateWasm'] = function (imports, receive) {
  imports['placeholder'] = new Proxy({}, {
    'get': function (target, index) {
      return function () {
        optiscapeLoadDeferredNow();
        return wasmTable.get(+index).apply(null, arguments);
      };
    }
  });
  var early = optiscapeLinkNeedsDeferred() ? optiscapeCompileDeferred() : null;
  if (early) early.catch(function () { /* the synchronous path retries and reports */ });
  function received(result) {
    var split = WebAssembly.Module.imports(result['module']).some(function (i) { return i['module'] === 'placeholder'; });
    optiscapeSplit.instance = split ? result['instance'] : null;
    var go = function () { receive(result['instance'], result['module']); };
    if (split && early) {
      optiscapePrefetchDeferred(early);
      optiscapeSplit.pending.then(go, go);
    } else {
      go();
    }
  }
  function fromBuffer() {
    return fetch(wasmBinaryFile, {credentials: 'same-origin'}).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status + ' for ' + wasmBinaryFile);
      return r.arrayBuffer();
    }).then(function (b) { return WebAssembly.instantiate(b, imports); });
  }
  // compiled while it downloads where the server sends application/wasm; else from the bytes
  var streamed = typeof WebAssembly.instantiateStreaming === 'function' && !/^data:/.test(wasmBinaryFile)
    ? WebAssembly.instantiateStreaming(fetch(wasmBinaryFile, {credentials: 'same-origin'}), imports)
        .catch(fromBuffer)
    : fromBuffer();
  streamed.then(received, function (e) {
    abort('Optiscape could not load its code (' + wasmBinaryFile + '): ' + (e && e.message || e));
  });
  return {};
};

// ---- the lessons (optiscape.lessons.json, the bundle of lessons/*.json) ----
// Not in the wasm: the app reads them when a lesson is first needed, through
// optiscapeLessonsNow(). The first input prefetches them with the deferred half; the Lessons tab
// waits for that download (it says "Loading…"), an API call (lessons(), lesson()) requests them
// synchronously if they have not arrived. In the one-file page they are a data: URI.
var optiscapeLessons = {text: null, pending: false, failed: false, 'url': "optiscape.lessons.json"};

function optiscapeLessonsUrl() {
  return optiscapeAddress(optiscapeLessons['url']);
}

/** Fetches the lessons in the background (once, until it fails). */
function optiscapePrefetchLessons() {
  if (optiscapeLessons.text !== null || optiscapeLessons.pending || optiscapeLessons.failed) return;
  optiscapeLessons.pending = true;
  fetch(optiscapeLessonsUrl(), {credentials: 'same-origin'}).then(function (r) {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.text();
  }).then(function (t) { optiscapeLessons.text = t; }, function () { optiscapeLessons.failed = true; })
    .then(function () {
      optiscapeLessons.pending = false;
      try { _optiscape_wake(); } catch (e) { /* not started yet */ }
    });
}

/** The lessons' text; '' when it cannot be read; null while the background download runs and
 *  `wait` is false (the download is started if it was not). */
function optiscapeLessonsNow(wait) {
  if (optiscapeLessons.text !== null) return optiscapeLessons.text;
  var url = optiscapeLessonsUrl();
  if (!wait && !/^data:/.test(url) && !optiscapeLessons.failed) {
    optiscapePrefetchLessons();
    return null;
  }
  var got = optiscapeBytesNow(url);  // on failure '': the app says the lessons could not be read
  var text = got.bytes ? new TextDecoder().decode(got.bytes) : '';
  if (text) optiscapeLessons.text = text;
  optiscapeLessons.failed = false;  // a later wait=false call tries the download again
  return text;
}

if (typeof document !== 'undefined') {
  // not once: an input before the first half has arrived cannot start the fetch yet (a later
  // one does; once it has started, or the half is linked, this returns at once)
  ['pointerdown', 'keydown', 'wheel', 'touchstart'].forEach(function (type) {
    window.addEventListener(type, function () { optiscapePrefetchDeferred(null); optiscapePrefetchLessons(); },
                            {capture: true, passive: true});
  });
}

/** Where the lessons are, for tests: 'not loaded', 'loading', 'failed' (the last download) or
 *  'loaded'. */
Module['lessonsState'] = function () {
  return optiscapeLessons.text !== null ? 'loaded' : optiscapeLessons.pending ? 'loading' :
         optiscapeLessons.failed ? 'failed' : 'not loaded';
};

/** Where the deferred half is, for tests and benchmarks: 'not split', 'not loaded', 'loading' or
 *  'loaded'. */
Module['deferredState'] = function () {
  if (!optiscapeSplit.instance) return 'not split';
  return optiscapeSplit.linked ? 'loaded' : optiscapeSplit.pending ? 'loading' : 'not loaded';
};
