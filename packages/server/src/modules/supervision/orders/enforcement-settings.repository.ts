/** The `enforcement` row of `settings` and its history in `setting_versions` (docs/ENFORCEMENT.md, "Data and settings"). */
export {
  insertSettingVersion as insertVersion,
  lastSettingVersion as lastVersion,
  settingValue,
  upsertSetting,
} from '../../../db/settings.queries.js';
