import type { CertificateState, TalentSource } from '@qiangjian/shared';
import { addDays } from '@qiangjian/shared';

/** Pure rules of the talent pool (docs/TALENT.md): person keys, certificate states, the list's filters and order. */

export interface PersonRef {
  source: TalentSource;
  sourceId: number;
}

export function personKey(p: PersonRef): string {
  return `${p.source}-${p.sourceId}`;
}

/** `verifier-12` → { source: 'verifier', sourceId: 12 } (the route's schema has checked the shape). */
export function parsePersonKey(key: string): PersonRef {
  const dash = key.indexOf('-');
  return { source: key.slice(0, dash) as TalentSource, sourceId: Number(key.slice(dash + 1)) };
}

/**
 * A certificate's state on `today`: expired after its last valid day, expiring when its last valid day is within
 * `expiringWithinDays` days (data/talent.ts TALENT_RULES), else valid.
 */
export function certificateState(validUntil: string, today: string, expiringWithinDays: number): CertificateState {
  if (validUntil < today) return 'expired';
  if (validUntil <= addDays(today, expiringWithinDays)) return 'expiring';
  return 'valid';
}

const RANK: Record<CertificateState, number> = { valid: 0, expiring: 1, expired: 2 };

/** The worst state among a person's certificates (null: none). */
export function worstState(states: readonly CertificateState[]): CertificateState | null {
  let worst: CertificateState | null = null;
  for (const s of states) if (worst === null || RANK[s] > RANK[worst]) worst = s;
  return worst;
}

export interface ListedPerson {
  name: string;
  orgName: string;
  source: TalentSource;
  marked: boolean;
  recommended: boolean;
  certificateState: CertificateState | null;
}

export interface PoolFilter {
  q?: string;
  source?: TalentSource;
  certificate?: CertificateState;
  marked?: '1';
  recommended?: '1';
}

export function matchesFilter(p: ListedPerson, f: PoolFilter): boolean {
  if (f.source && p.source !== f.source) return false;
  if (f.certificate && p.certificateState !== f.certificate) return false;
  if (f.marked && !p.marked) return false;
  if (f.recommended && !p.recommended) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!p.name.toLowerCase().includes(q) && !p.orgName.toLowerCase().includes(q)) return false;
  }
  return true;
}

/** The pool's order: marked people first, then recommended ones, then by organization and name. */
export function comparePeople(a: ListedPerson, b: ListedPerson): number {
  if (a.marked !== b.marked) return a.marked ? -1 : 1;
  if (a.recommended !== b.recommended) return a.recommended ? -1 : 1;
  return a.orgName.localeCompare(b.orgName, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN');
}
