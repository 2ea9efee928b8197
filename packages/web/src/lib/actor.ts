import { t } from '@qiangjian/shared';

/**
 * The acting user of an audit entry or a history line: 姓名（用户名） for `user:<username>` with a known name, the
 * username without the `user:` prefix otherwise, 命令行 for the CLI, 系统 for the platform itself.
 */
export function actorText(e: { actor: string; actorName?: string | null }): string {
  if (e.actor === 'cli') return t('pages.audit.actorCli');
  if (e.actor === 'system') return t('pages.audit.actorSystem');
  const username = e.actor.startsWith('user:') ? e.actor.slice(5) : e.actor;
  return e.actorName ? t('pages.common.nameCode', { name: e.actorName, code: username }) : username;
}
