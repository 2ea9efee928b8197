// Worker-thread entry of db/backup.ts: copies a SQLite database with VACUUM INTO and checks the copy, off the
// server's event loop. The server runs TypeScript through tsx, and module hooks are per thread.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { integrityProblems, vacuumInto } = await import('./backup.repository.ts');
try {
  if (workerData.source) vacuumInto(workerData.source, workerData.target);
  parentPort.postMessage({ ok: true, problems: integrityProblems(workerData.target) });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
}
