// Worker-thread entry of db/checkpointer.ts: checkpoints the WAL of a SQLite database on its own connection, off the
// server's event loop. The server runs TypeScript through tsx, and module hooks are per thread.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { openCheckpointConnection } = await import('./checkpoint.repository.ts');
const conn = openCheckpointConnection(workerData.file);
const wal = `${workerData.file}-wal`;
const walBytes = () => {
  try {
    return fs.statSync(wal).size;
  } catch {
    return 0;
  }
};
const tick = () => {
  try {
    if (walBytes() >= workerData.minWalBytes) parentPort.postMessage({ checkpoint: conn.checkpoint() });
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer);
    conn.close();
    parentPort.close();
  }
});
parentPort.postMessage({ ready: true });
