'use strict';
// Preloaded into Azurite (`node --require`) by the benchmarks that write hundreds of thousands of blobs or tens of
// thousands of queue messages. Azurite's garbage collectors (BlobGCManager every 10 minutes, QueueGCManager every
// minute) delete each unreferenced extent — the old content of every overwritten blob, the body of every deleted
// message — one at a time, and each deletion rebuilds the extent index over all extents (LokiJS findAndRemove →
// ensureAllIndexes), so a sweep costs the square of the extents. With ~100,000 blobs and a few thousand overwritten
// views the blob sweep held Azurite's only thread for tens of minutes (a CPU profile of the stalled process: 98.6% in
// that path); after ~5,000 checks of `monitors bench --documents 1000` (two to three messages each) the queue sweep
// did the same (99%), and checks failed on storage timeouts. Without the sweeps, overwritten contents and deleted
// messages' bodies stay in memory until Azurite exits; nothing that storage answers changes. Real Azure Storage has no
// such pause.
const Module = require('module');

const sweepers = [
  { pattern: /[\\/]gc[\\/]BlobGCManager(\.js)?$/, name: 'blob' },
  { pattern: /[\\/]gc[\\/]QueueGCManager(\.js)?$/, name: 'queue' },
];

const load = Module._load;
Module._load = function (request, parent, isMain) {
  const exported = load.apply(this, arguments);
  for (const sweeper of sweepers) {
    if (sweeper.pattern.test(request) && exported && exported.default && !exported.default.sweepDisabled) {
      exported.default.prototype.markSweep = async function () {};
      exported.default.sweepDisabled = true;
      process.stderr.write(`Azurite ${sweeper.name} garbage collection is off (bench/azurite/without-extent-gc.cjs).\n`);
    }
  }

  return exported;
};
