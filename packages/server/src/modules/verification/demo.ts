import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import type { DemoWorld } from '../demo/demo.service.js';

/** Demo layer (filled below). */
export async function seedVerificationDemo(_ctx: AppContext, _actor: Actor, _world: DemoWorld): Promise<void> {}
