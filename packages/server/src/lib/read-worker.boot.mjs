// Worker-thread entry of lib/read-worker.ts: the server runs TypeScript through tsx, and module hooks are per
// thread, so the worker registers tsx itself before loading the TypeScript worker side and the read module.
import { register } from 'tsx/esm/api';

register();
const { serveReadWorker } = await import('./read-worker.ts');
await serveReadWorker();
