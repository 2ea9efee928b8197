import type { Locator, Page } from 'playwright-core';

/**
 * The regulator's 立案 → 作出处罚决定 steps in the browser (docs/ENFORCEMENT.md), shared by the enforcement and the
 * inspection stories: opens a case from the finding in `row` (a findings-list row or card), decides a fine on the
 * basis whose label contains `basis`, and returns the decision's 文号.
 */
export async function openCaseAndDecideFine(
  page: Page,
  row: Locator,
  o: { summary: string; basis: string; fine: number },
): Promise<string> {
  await row
    .getByRole('button', { name: /^立案 \d+$/ })
    .first()
    .click();
  await page.getByLabel('案情摘要').fill(o.summary);
  await page
    .locator('.ant-modal')
    .getByRole('button', { name: /立\s*案/ })
    .click();
  await page.getByRole('heading', { name: /行政处罚案件 乌审市监立/ }).waitFor();
  await page
    .getByText(/剩余 \d+ 日/)
    .first()
    .waitFor();
  await page.getByLabel('处罚依据', { exact: true }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(o.basis).first().click();
  await page.getByLabel('罚款（元）').fill(String(o.fine));
  await page
    .getByRole('button', { name: /作出处罚决定/ })
    .last()
    .click();
  await page.getByText('已决定').first().waitFor();
  return (
    (await page
      .locator('.ant-descriptions-item')
      .filter({ hasText: '决定书文号' })
      .locator('.ant-descriptions-item-content')
      .textContent()) ?? ''
  );
}
