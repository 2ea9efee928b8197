import type { TInspectionDetail, TInspectionSummary } from '@qiangjian/shared';
import { api, type Page } from './api.js';
import type { PageParams } from './orgs.js';

/** Inspections (现场检查) and sample tests (监督抽查), docs/SUPERVISION.md "Inspections". */

export interface MyTask {
  assignmentId: number;
  kind: string;
  drawId: number | null;
  drawTitle: string | null;
  targetId: number | null;
  targetKey: string;
  targetKind: string | null;
  orgName: string;
  siteName: string | null;
  inspectors: { id: number; certNo: string; name: string }[];
  inspectionId: number | null;
  inspectionState: 'draft' | 'finished' | null;
  /** planned date (a drawn one: the draw's run day) and where it stands today */
  plannedDate: string | null;
  due: 'overdue' | 'today' | 'upcoming';
  reason: string | null;
}
export interface TargetInstrument {
  id: number;
  category: string;
  instrumentName: string;
  serialNo: string;
  publicCode: string;
  status: string | null;
  sealNos: string[];
  nozzles: number[];
}
export interface ItemInput {
  instrumentId: number;
  certificatePresent: boolean | null;
  seals: { no: string; intact: boolean }[];
  selfLockOn: boolean | null;
  tests: { nozzleNo: number; indicatedL: number; standardL: number; stopped: boolean }[];
  note: string | null;
}
export interface InspectionContent {
  visitedAt: string | null;
  representative: { name: string; title: string | null; phone: string | null } | null;
  answers: Record<string, 'yes' | 'no' | 'na'>;
  items: ItemInput[];
  note: string | null;
}

export type InspectionListQuery = {
  state?: string;
  origin?: string;
  repeated?: string;
  mine?: string;
  townCode?: string;
  targetKind?: string;
  from?: string;
  to?: string;
};
export const listInspections = (q: InspectionListQuery & PageParams) => api.get<Page<TInspectionSummary>>('/supervision/inspections', q);
export const myTasks = () => api.get<MyTask[]>('/supervision/inspections/tasks');
export const startInspection = (assignmentId: number) => api.post<TInspectionDetail>('/supervision/inspections', { assignmentId });
export const getInspection = (id: number | string) => api.get<TInspectionDetail>(`/supervision/inspections/${id}`);
/** Errors (the network's included) go to the caller: the form keeps the draft on the phone and retries. */
export const saveInspection = (id: number, body: Partial<InspectionContent>) =>
  api.patch<TInspectionDetail>(`/supervision/inspections/${id}`, body, { skipErrorHandler: true });
export const targetInstruments = (id: number, q?: string) =>
  api.get<TargetInstrument[]>(`/supervision/inspections/${id}/instruments`, q ? { q } : undefined);
export const uploadPhoto = (id: number, fileName: string, dataBase64: string) =>
  api.post<{ id: number }>(`/supervision/inspections/${id}/photos`, { fileName, dataBase64 }, { skipErrorHandler: true });
export const uploadSignature = (id: number, role: string, dataBase64: string) =>
  api.post<{ id: number }>(`/supervision/inspections/${id}/signatures`, { role, dataBase64 });
export const finishInspection = (id: number) => api.post<TInspectionDetail>(`/supervision/inspections/${id}/finish`);
export const decideProposal = (id: number, proposalId: number, decision: 'confirm' | 'dismiss') =>
  api.post<TInspectionDetail>(`/supervision/inspections/${id}/proposals/${proposalId}`, { decision });
export const correctInspection = (id: number, body: Partial<InspectionContent> & { reason: string }) =>
  api.post<TInspectionDetail>(`/supervision/inspections/${id}/corrections`, body);
export const rateInspection = (id: number, stars: number, comment: string | null) =>
  api.post<TInspectionDetail>(`/supervision/inspections/${id}/rating`, { stars, comment });
export const fileUrl = (id: number, fileId: number) => `/api/v1/supervision/inspections/${id}/files/${fileId}`;

export interface SampleTest {
  id: number;
  instrumentId: number;
  category: string;
  serialNo: string;
  publicCode: string;
  orgName: string;
  institutionName: string | null;
  origin: string;
  date: string;
  conclusion: string;
  errorPct: number | null;
  statusAfter: string | null;
}
export type SampleTestQuery = { origin?: string; conclusion?: string };
export const listSampleTests = (q: SampleTestQuery & PageParams) => api.get<Page<SampleTest>>('/supervision/sample-tests', q);
/** Errors go to the form. */
export const createSampleTest = (body: {
  publicCode: string;
  origin: string;
  date: string;
  conclusion: string;
  errorPct?: number | null;
  note?: string | null;
}) => api.post<SampleTest>('/supervision/sample-tests', body, { skipErrorHandler: true });

// ---- the draft kept on the phone (localStorage) until the server has it ----

const key = (id: number) => `qj.inspection.${id}`;
export interface LocalDraft {
  content: InspectionContent;
  /** not yet accepted by the server */
  pending: boolean;
  savedAt: string;
}
export function readLocalDraft(id: number): LocalDraft | null {
  try {
    const v = localStorage.getItem(key(id));
    return v ? (JSON.parse(v) as LocalDraft) : null;
  } catch {
    return null;
  }
}
export function writeLocalDraft(id: number, d: LocalDraft): void {
  try {
    localStorage.setItem(key(id), JSON.stringify(d));
  } catch {
    // storage full or disabled: the form still holds the draft in memory
  }
}
export function clearLocalDraft(id: number): void {
  localStorage.removeItem(key(id));
}

const photoKey = (id: number) => `qj.inspection.${id}.photos`;
/** Photos taken while the connection failed, kept on the phone until they upload. */
export function readPendingPhotos(id: number): { fileName: string; data: string }[] {
  try {
    return JSON.parse(localStorage.getItem(photoKey(id)) ?? '[]') as { fileName: string; data: string }[];
  } catch {
    return [];
  }
}
export function writePendingPhotos(id: number, list: { fileName: string; data: string }[]): void {
  try {
    if (list.length) localStorage.setItem(photoKey(id), JSON.stringify(list));
    else localStorage.removeItem(photoKey(id));
  } catch {
    // storage full: the photo has to be taken again
  }
}

/** A photo made smaller on the phone (longest side ≤ 1600 px, JPEG), as base64; the original bytes when it is not a readable image. */
export async function resizedPhoto(file: File, maxSide = 1600): Promise<string> {
  const raw = await new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
  const img = new Image();
  const loaded = await new Promise<boolean>((resolve) => {
    img.onload = () => resolve(true);
    img.onerror = () => resolve(false);
    img.src = raw;
  });
  // not an image the browser can read: send it as it is and let the server name the problem
  if (!loaded || img.width === 0) return raw.replace(/^data:[^,]*,/, '');
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
  if (scale === 1 && file.size < 600_000) return raw.replace(/^data:[^,]*,/, '');
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(img.width * scale);
  canvas.height = Math.round(img.height * scale);
  canvas.getContext('2d')?.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', 0.85).replace(/^data:[^,]*,/, '');
}

/** The on-site test's error in % (the server's rule, shown while typing). */
export const onsiteError = (indicatedL: number, standardL: number) => Math.round(((indicatedL - standardL) / standardL) * 10000) / 100;
