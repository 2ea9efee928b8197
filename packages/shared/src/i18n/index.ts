import audit from './zh-CN/audit.js';
import campaigns from './zh-CN/campaigns.js';
import cliHelp from './zh-CN/cli-help.js';
import complaints from './zh-CN/complaints.js';
import core from './zh-CN/core.js';
import enforcement from './zh-CN/enforcement.js';
import home from './zh-CN/home.js';
import importParse from './zh-CN/import.js';
import ledger from './zh-CN/ledger.js';
import notifications from './zh-CN/notifications.js';
import portal from './zh-CN/portal.js';
import reportSubmissions from './zh-CN/report-submissions.js';
import reports from './zh-CN/reports.js';
import status from './zh-CN/status.js';
import supervisionDashboard from './zh-CN/supervision-dashboard.js';
import supervisionDraws from './zh-CN/supervision-draws.js';
import supervisionInspections from './zh-CN/supervision-inspections.js';
import talent from './zh-CN/talent.js';
import ux from './zh-CN/ux.js';
import verification from './zh-CN/verification.js';
import web from './zh-CN/web.js';

/** The one zh-CN catalog: every Chinese string a user reads comes from here. */
export const zhCN: Readonly<Record<string, string>> = Object.freeze({
  ...core,
  ...status,
  ...ledger,
  ...importParse,
  ...verification,
  ...enforcement,
  ...supervisionDraws,
  ...supervisionInspections,
  ...supervisionDashboard,
  ...reports,
  ...campaigns,
  ...reportSubmissions,
  ...home,
  ...web,
  ...audit,
  ...cliHelp,
  ...portal,
  ...talent,
  ...notifications,
  ...complaints,
  ...ux,
});

export type TParams = Record<string, string | number | null | undefined>;

/** Looks up a catalog key and fills `{name}` placeholders. Unknown keys return the key itself. */
export function t(key: string, params?: TParams): string {
  const template = zhCN[key];
  if (template === undefined) return key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? m : String(v);
  });
}

export function hasKey(key: string): boolean {
  return key in zhCN;
}

/** Label of an enum value, e.g. enumLabel('role', 'admin'). Falls back to the code. */
export function enumLabel(enumName: string, value: string): string {
  const k = `enum.${enumName}.${value}`;
  return zhCN[k] ?? value;
}
