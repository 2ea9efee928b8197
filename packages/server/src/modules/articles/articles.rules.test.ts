import { describe, expect, it } from 'vitest';
import { articleState, isVisible } from './articles.rules.js';

describe('articleState', () => {
  it('follows the publish and expire dates (the expire date is the last day shown)', () => {
    expect(articleState(null, null, '2024-10-15')).toBe('draft');
    expect(articleState(null, '2024-12-31', '2024-10-15')).toBe('draft');
    expect(articleState('2024-10-16', null, '2024-10-15')).toBe('scheduled');
    expect(articleState('2024-10-15', null, '2024-10-15')).toBe('published');
    expect(articleState('2024-10-01', '2024-10-15', '2024-10-15')).toBe('published');
    expect(articleState('2024-10-01', '2024-10-14', '2024-10-15')).toBe('expired');
    expect(isVisible('2024-10-01', '2024-10-14', '2024-10-15')).toBe(false);
    expect(isVisible('2024-10-01', null, '2024-10-15')).toBe(true);
  });
});
