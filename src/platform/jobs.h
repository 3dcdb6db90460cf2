// The platform's job runner (core/jobs/runner.h): natively a pool of threads, one per core (at
// most four); in the page Web Workers, one per core (navigator.hardwareConcurrency, at most
// four), each running this same optiscape.js and optiscape.wasm without main() — messages only,
// so it works on any static host, in an iframe and from file:// (the one-file build starts its
// workers from its own text). Without workers, jobs run on the main thread a slice per frame.
#pragma once

#include "core/jobs/runner.h"

namespace optiscape::platform {

/// The runner for the app's heavy work; lives as long as the program.
jobs::JobRunner& jobRunner();
/// A frame at once, as for a time the app asked to be woken at (no settle time, unlike input):
/// a client's last job came back from the workers or the pool's threads, and its result should
/// not wait for the next poll (AppState::kWorkerPoll). Defined with the main loop, in main.cpp;
/// on the desktop it may be called from any thread.
void drawNow();

}  // namespace optiscape::platform
