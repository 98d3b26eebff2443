/**
 * Every step issue 16 names becomes a notification, in Chinese and English, saying the facts that
 * matter (the reasons, the numbers, the domain, the days): audit event → derived kind → rendered text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveNotifications } from '../../src/notifications/derive.ts';
import type { AuditRow } from '../../src/notifications/derive.ts';
import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  renderNotification,
} from '../../src/notifications/index.ts';

const AT = '2026-03-02T02:00:00.000Z';
const APPLICATION = { id: 12, subject: '杭州示例科技有限公司', domains: ['示例.中国'] };

const event = (row: Partial<AuditRow>): AuditRow => ({
  id: 1,
  application_id: 12,
  actor_account: 'li.lei',
  action: 'application.transition',
  from_status: null,
  to_status: null,
  target: null,
  data: {},
  created_at: AT,
  ...row,
});

/** The step, its event, the kind it must give, and words both languages must carry. */
const STEPS: [string, AuditRow, string, { zh: string[]; en: string[] }][] = [
  [
    'submitted',
    event({ from_status: 'draft', to_status: 'provider-review' }),
    'submitted',
    { zh: ['#12', '已提交'], en: ['#12', 'submitted'] },
  ],
  [
    'rejected with reasons',
    event({
      from_status: 'provider-review',
      to_status: 'provider-rejected',
      data: {
        reasons: [
          {
            path: 'subject.mailingAddress',
            message: { zh: '通讯地址请写到门牌号', en: 'Give the street number' },
          },
        ],
      },
    }),
    'rejected',
    { zh: ['通讯地址：通讯地址请写到门牌号'], en: ['Give the street number'] },
  ],
  [
    'SMS verification waiting',
    event({ from_status: 'provider-review', to_status: 'awaiting-sms' }),
    'sms-waiting',
    { zh: ['短信'], en: ['SMS'] },
  ],
  [
    'SMS verification about to expire',
    event({ action: 'application.sms-expiring', data: { expiresAt: '2026-03-03T02:00:00.000Z' } }),
    'sms-expiring',
    { zh: ['2026-03-03 10:00'], en: ['2026-03-03 10:00'] },
  ],
  [
    'approved with the number',
    event({
      from_status: 'bureau-review',
      to_status: 'approved',
      data: { subjectNumber: '浙ICP备2026000012号', websites: [{ number: '浙ICP备2026000012号-1' }] },
    }),
    'approved',
    { zh: ['浙ICP备2026000012号-1'], en: ['浙ICP备2026000012号-1'] },
  ],
  [
    'apps approved with their numbers, told where an app shows its number',
    event({
      from_status: 'bureau-review',
      to_status: 'approved',
      data: {
        subjectNumber: '浙ICP备2026000012号',
        websites: [],
        apps: [{ name: '示例记账', number: '浙ICP备2026000012号-1A' }],
      },
    }),
    'approved',
    {
      zh: ['APP「示例记账」浙ICP备2026000012号-1A', '关于'],
      en: ['app “示例记账” 浙ICP备2026000012号-1A', 'About page'],
    },
  ],
  [
    'cancellation done',
    event({
      action: 'filing.cancel-website',
      application_id: null,
      data: { number: '浙ICP备2026000012号-1' },
    }),
    'cancelled',
    { zh: ['浙ICP备2026000012号-1', '注销'], en: ['浙ICP备2026000012号-1', 'cancelled'] },
  ],
  [
    'app cancelled',
    event({
      action: 'filing.cancel-app',
      application_id: null,
      data: { number: '浙ICP备2026000012号-2A', subjectCancelled: null, name: '示例记账' },
    }),
    'cancelled',
    { zh: ['示例记账', '浙ICP备2026000012号-2A', '注销'], en: ['示例记账', '-2A', 'cancelled'] },
  ],
  [
    'app access cancelled',
    event({
      action: 'filing.cancel-app-access',
      application_id: null,
      data: { number: '浙ICP备2026000012号-2A', providers: [], name: '示例记账' },
    }),
    'cancelled',
    { zh: ['示例记账', '-2A', '取消接入'], en: ['示例记账', '-2A', 'Access cancelled'] },
  ],
  [
    'real-name reported',
    event({
      action: 'registrar.real-name.report',
      application_id: null,
      target: 'domain:xn--fsq.xn--fiqs8s',
      data: { reportId: 3, dueDate: '2026-03-06', attempt: 1 },
    }),
    'real-name-reported',
    { zh: ['例.中国', '上报'], en: ['例.中国', 'reported'] },
  ],
  [
    'domain about to expire',
    event({
      action: 'registrar.domain-expiring',
      application_id: null,
      target: 'domain:example.cn',
      data: { account: 'li.lei', expiresAt: '2026-04-01T00:00:00.000Z', days: 30 },
    }),
    'domain-expiring',
    { zh: ['example.cn', '30 天'], en: ['example.cn', '30 days'] },
  ],
  [
    'idle order reminder',
    event({
      action: 'application.idle-reminder-15',
      data: { idleDays: 15, expiresAt: '2026-04-16T02:00:00.000Z' },
    }),
    'idle-reminder',
    { zh: ['15 天'], en: ['15 days'] },
  ],
];

describe('notification kinds', () => {
  for (const [step, row, kind, words] of STEPS) {
    it(`tells of “${step}” in Chinese and English`, () => {
      const derived = deriveNotifications(row, 'li.lei');
      assert.ok(
        derived.some((d) => d.kind === kind),
        JSON.stringify(derived.map((d) => d.kind)),
      );
      const found = derived.find((d) => d.kind === kind);
      assert.ok(found);
      const message = renderNotification(found.kind, {
        application: row.application_id === null ? null : APPLICATION,
        params: found.params,
        publicUrl: 'https://beian.example.cn',
      });
      for (const lang of ['zh', 'en'] as const) {
        const text = `${message.subject[lang]}\n${message.text[lang]}`;
        for (const word of words[lang]) assert.ok(text.includes(word), `${lang} lacks ${word}: ${text}`);
        assert.ok(message.sms[lang].length > 0 && message.sms[lang].length <= 500, message.sms[lang]);
      }
      assert.ok(message.text.en !== message.text.zh);
    });
  }

  it('asks nothing of a website when the approval filed apps only', () => {
    const [found] = deriveNotifications(
      event({
        from_status: 'bureau-review',
        to_status: 'approved',
        data: {
          subjectNumber: '浙ICP备2026000012号',
          websites: [],
          apps: [{ name: '示例记账', number: '浙ICP备2026000012号-1A' }],
        },
      }),
      'li.lei',
    );
    assert.ok(found);
    const message = renderNotification(found.kind, {
      application: APPLICATION,
      params: found.params,
      publicUrl: 'https://beian.example.cn',
    });
    assert.doesNotMatch(message.text.zh, /网站首页/);
    assert.doesNotMatch(message.text.en, /home page/);
  });

  it('names every kind in both languages for the delivery log', () => {
    for (const kind of NOTIFICATION_KINDS) {
      assert.ok(NOTIFICATION_KIND_LABELS[kind].zh && NOTIFICATION_KIND_LABELS[kind].en, kind);
    }
  });

  it('tells nobody of events that announce nothing', () => {
    assert.deepEqual(
      deriveNotifications(event({ action: 'notification.read', application_id: null }), null),
      [],
    );
  });
});
