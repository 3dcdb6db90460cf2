// Runs before Emscripten's runtime starts: in a Web Worker (a job runner of the page, see
// web_glue.js) this script must not run main() — there is no canvas and no window.
if (typeof document === 'undefined' && typeof importScripts === 'function') Module['noInitialRun'] = true;
