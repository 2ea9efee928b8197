import type { DrawDifference } from './draw.js';
import { t } from './i18n/index.js';

/**
 * One line naming the first difference between a published draw record and its re-computation, in Chinese: the
 * words of `qiangjian draw verify` and of the public page's verify button.
 */
export function drawDifferenceText(d: DrawDifference): string {
  switch (d.what) {
    case 'not_revealed':
      return t('cli.draws.diff.notRevealed');
    case 'algorithm':
      return t('cli.draws.diff.algorithm', { actual: d.actual, expected: d.expected });
    case 'commitment':
      return t('cli.draws.diff.commitment', { actual: d.actual, expected: d.expected });
    case 'run_failed':
      return t('cli.draws.diff.runFailed', { targetKey: d.targetKey, stratum: d.stratum });
    case 'drawn':
      return t('cli.draws.diff.drawn', { stratum: d.stratum, actual: d.actual.join(',') || '—', expected: d.expected.join(',') || '—' });
    case 'assignments_count':
      return t('cli.draws.diff.assignmentsCount', { actual: d.actual, expected: d.expected });
    case 'assignment':
      return t('cli.draws.diff.assignment', {
        targetKey: d.targetKey,
        actual: d.actual ? `${d.actual.targetKey}: ${d.actual.inspectors.join(',')}` : '—',
        expected: `${d.expected.targetKey}: ${d.expected.inspectors.join(',')}`,
      });
  }
}
