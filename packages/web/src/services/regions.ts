import type { TRegion } from '@qiangjian/shared';
import { useEffect, useMemo, useState } from 'react';
import { api } from './api.js';

let cache: Promise<TRegion[]> | null = null;

/** GET /regions once per page load (the list is small: the configured jurisdiction). */
export function loadRegions(): Promise<TRegion[]> {
  if (!cache) {
    cache = api.get<TRegion[]>('/regions');
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

export function useRegions(): { regions: TRegion[]; loading: boolean } {
  const [regions, setRegions] = useState<TRegion[]>([]);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let alive = true;
    loadRegions()
      .then((r) => alive && setRegions(r))
      .catch(() => undefined)
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, []);
  return { regions, loading };
}

/** A region's name by its code (the code itself until the list has loaded, or for a code not in it). */
export function useRegionName(): (code: string | null | undefined) => string {
  const { regions } = useRegions();
  const byCode = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  return (code) => (code ? (byCode.get(code) ?? code) : '');
}

export interface RegionNode {
  key: string;
  value: string;
  title: string;
  region: TRegion;
  children?: RegionNode[];
}

/** Flat list → tree (roots are the regions whose parent is not in the list). */
export function regionTree(regions: readonly TRegion[], label: (r: TRegion) => string = (r) => r.name): RegionNode[] {
  const byCode = new Map<string, RegionNode>();
  for (const r of regions) byCode.set(r.code, { key: r.code, value: r.code, title: label(r), region: r });
  const roots: RegionNode[] = [];
  for (const r of regions) {
    const node = byCode.get(r.code) as RegionNode;
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    if (!parent) roots.push(node);
    else if (parent.children) parent.children.push(node);
    else parent.children = [node];
  }
  return roots;
}
