// Worker-thread entry of the status refresh: the server runs TypeScript through tsx, and module hooks are
// per thread, so the worker registers tsx itself before loading status.worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./status.worker.ts');
