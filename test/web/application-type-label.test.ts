/**
 * 备案类型 as every page names an application (applicationTypeLabel): an application of apps only never
 * reads as a website's filing (新增网站), whether its type came from its subject or from apps the
 * subject filed through another provider (接入); a 变更APP is one, whatever its stored type.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilingType } from '../../src/rules/index.ts';
import { applicationTypeLabel } from '../../src/web/kit/index.ts';

const label = (
  filingType: FilingType | null,
  websites: readonly unknown[] | number,
  change: { changeOf: string; changeKind: 'access' | 'subject' | 'app' | null } | null = null,
) =>
  applicationTypeLabel({
    filingType,
    websites,
    changeOf: change?.changeOf ?? null,
    changeKind: change?.changeKind ?? null,
  });

describe('filing type labels', () => {
  it('names an application of apps only by its apps, in both languages', () => {
    assert.deepEqual(label('first-filing', []), {
      zh: '首次备案（仅APP）',
      en: 'first filing, apps only (首次备案)',
    });
    assert.deepEqual(label('add-website', []), { zh: '新增APP', en: 'new app (新增APP)' });
    assert.deepEqual(label('add-website-external', 0), { zh: '新增APP', en: 'new app (新增APP)' });
    assert.deepEqual(label('add-access', 0), { zh: 'APP接入备案', en: 'app access filing (APP接入)' });
  });

  it('keeps the website labels for an application with a website', () => {
    assert.equal(label('add-website-external', [{}])?.zh, '新增网站（主体备案不在本接入商）');
    assert.equal(label('add-access', 1)?.zh, '接入备案');
    assert.equal(label(null, 1), null);
  });

  it('names a change by what it changes', () => {
    const app = { changeOf: '京ICP备2021012345号-2A', changeKind: 'app' as const };
    assert.equal(label('change', 0, app)?.zh, '变更APP');
    assert.equal(label(null, 0, app)?.zh, '变更APP');
    assert.equal(label('change', 1, { changeOf: '京ICP备2021012345号-1', changeKind: null })?.zh, '变更备案');
  });
});
