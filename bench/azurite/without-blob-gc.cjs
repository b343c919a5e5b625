'use strict';
// Preloaded into Azurite (`node --require`) by the benchmarks that write hundreds of thousands of blobs. Azurite's blob
// garbage collector (BlobGCManager, every 10 minutes) deletes each unreferenced extent — the old content of every
// overwritten blob — one at a time, and each deletion rebuilds the extent index over all extents (LokiJS
// findAndRemove → ensureAllIndexes). With ~100,000 blobs and a few thousand overwritten views the sweep held
// Azurite's only thread for tens of minutes (a CPU profile of the stalled process: 98.6% in that path), so every
// request timed out. Without the sweep, overwritten contents stay in memory until Azurite exits; nothing that storage
// answers changes. Real Azure Storage has no such pause.
const Module = require('module');

const load = Module._load;
Module._load = function (request, parent, isMain) {
  const exported = load.apply(this, arguments);
  if (/[\\/]gc[\\/]BlobGCManager(\.js)?$/.test(request) && exported && exported.default && !exported.default.sweepDisabled) {
    exported.default.prototype.markSweep = async function () {};
    exported.default.sweepDisabled = true;
    process.stderr.write('Azurite blob garbage collection is off (bench/azurite/without-blob-gc.cjs).\n');
  }

  return exported;
};
