import type { Migration } from 'kysely';
import * as m1900 from './20261126T1900_platform.js';
import * as m2000 from './20261126T2000_status.js';
import * as m2100 from './20261126T2100_ledger.js';
import * as m2200 from './20261126T2200_verification.js';
import * as m0000 from './20261127T0000_verification_indexes.js';
import * as m0100 from './20261206T0100_setting_versions.js';
import * as m2000b from './20261206T2000_login_throttle.js';
import * as m2100b from './20261206T2100_audit_hmac.js';
import * as m2200b from './20261206T2200_import_files.js';
import * as m2200c from './20261206T2200_totp.js';
import * as m2300 from './20261206T2300_list_indexes.js';
import * as m0000b from './20261207T0000_import_committed_rows.js';
import * as m0100b from './20261207T0100_supervision_registers_draws.js';
import * as m0200e from './20261207T0200_supervision_orders_cases.js';
import * as m0300 from './20261207T0300_supervision_inspections.js';
import * as m0150d from './20261208T0150_supervision_dashboard.js';
import * as m0200f from './20261208T0200_instrument_removals.js';
import * as m0400c from './20261208T0400_campaigns.js';
import * as m0500r from './20261208T0500_report_submissions.js';
import * as m0600g from './20261208T0600_application_filters.js';
import * as m0700j from './20261208T0700_import_journal_instrument.js';
import * as m0200k from './20261209T0200_complaints.js';
import * as m0300n from './20261209T0300_notifications.js';
import * as m0400m from './20261209T0400_import_mappings.js';
import * as m0500a from './20261209T0500_articles.js';
import * as m0510t from './20261209T0510_talent.js';
import * as m0600x from './20261209T0600_report_indexes.js';
import * as m0100s from './20261210T0100_report_spans.js';

/** Every migration in order. Add new ones at the end; never edit a released one. */
export const MIGRATIONS: Record<string, Migration> = {
  '20261126T1900_platform': m1900,
  '20261126T2000_status': m2000,
  '20261126T2100_ledger': m2100,
  '20261126T2200_verification': m2200,
  '20261127T0000_verification_indexes': m0000,
  '20261206T0100_setting_versions': m0100,
  '20261206T2000_login_throttle': m2000b,
  '20261206T2100_audit_hmac': m2100b,
  '20261206T2200_import_files': m2200b,
  '20261206T2200_totp': m2200c,
  '20261206T2300_list_indexes': m2300,
  '20261207T0000_import_committed_rows': m0000b,
  '20261207T0100_supervision_registers_draws': m0100b,
  '20261207T0200_supervision_orders_cases': m0200e,
  '20261207T0300_supervision_inspections': m0300,
  '20261208T0150_supervision_dashboard': m0150d,
  '20261208T0200_instrument_removals': m0200f,
  '20261208T0400_campaigns': m0400c,
  '20261208T0500_report_submissions': m0500r,
  '20261208T0600_application_filters': m0600g,
  '20261208T0700_import_journal_instrument': m0700j,
  '20261209T0200_complaints': m0200k,
  '20261209T0300_notifications': m0300n,
  '20261209T0400_import_mappings': m0400m,
  '20261209T0500_articles': m0500a,
  '20261209T0510_talent': m0510t,
  '20261209T0600_report_indexes': m0600x,
  '20261210T0100_report_spans': m0100s,
};
