/**
 * 备案进度 — the step bar of an application: 填写 → 初审 → 短信核验 → 管局审核 → 完成, where it is and
 * what comes next, as providers' consoles show an order's progress (Alibaba Cloud and Tencent Cloud
 * 备案进度). The stages are the statuses of src/filing/status.ts grouped as the applicant lives them; a
 * rejection is shown at the stage that rejected, and a withdrawn or expired application as ended.
 */
import type { ApplicationStatus } from '../../../filing/index.ts';
import type { Lang, Localized } from '../../kit/index.ts';
import { format, t } from '../../kit/index.ts';

export const STAGES = ['fill', 'provider', 'sms', 'bureau', 'done'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS = {
  fill: { zh: '填写', en: 'Fill in' },
  provider: { zh: '初审', en: 'Provider review' },
  sms: { zh: '短信核验', en: 'SMS check' },
  bureau: { zh: '管局审核', en: 'Bureau review' },
  done: { zh: '完成', en: 'Filed' },
} as const satisfies Record<Stage, Localized>;

/**
 * What happens at each stage, for the help page and the bar's tooltips. The SMS window is the
 * workflow's (src/workflow/sms-timeout.ts, 24 h); the number on the home page is 《非经营性互联网信息
 * 服务备案管理办法》第十三条.
 */
export const STAGE_EXPLAINED = {
  fill: {
    zh: '申请人填写主办单位、网站信息并上传备案材料。提交前，系统按当前政策逐个核验域名。',
    en: 'The applicant enters the subject and websites and uploads the documents. Before submitting, every domain is verified against the policy in force.',
  },
  provider: {
    zh: '接入商审核员核对信息与材料（初审）。不符合要求时驳回，原因写在相应字段旁，修改后可重新提交。',
    en: 'The provider’s reviewer checks the entries and documents. A rejection names each problem next to its field; revise and submit again.',
  },
  sms: {
    zh: '初审通过后，工信部向主体负责人和网站负责人的手机发送验证码，须在 24 小时内填写；超时退回接入商重新初审。',
    en: 'After the provider’s review MIIT texts a code to the responsible persons’ phones; enter them within 24 hours, or the application returns to the provider.',
  },
  bureau: {
    zh: '省通信管理局审核（本系统中为沙箱）。通过后签发主体备案号和网站备案号。',
    en: 'The provincial communications bureau reviews it (a sandbox here). Approval issues the subject and website numbers.',
  },
  done: {
    zh: '已备案。网站开通时应在首页底部中央标明网站备案号，并链接到工信部备案管理系统（beian.miit.gov.cn）。',
    en: 'Filed. The website shows its number at the bottom centre of its home page, linked to MIIT’s filing system (beian.miit.gov.cn).',
  },
} as const satisfies Record<Stage, Localized>;

type StageState = 'done' | 'current' | 'rejected' | 'todo';

/** Where an application of this status is: its stage (null when ended) and whether it was rejected there. */
export function stageOf(status: ApplicationStatus): { stage: Stage | null; rejected: boolean } {
  switch (status) {
    case 'draft':
      return { stage: 'fill', rejected: false };
    case 'provider-review':
    case 'supplement-requested':
      return { stage: 'provider', rejected: false };
    case 'provider-rejected':
      return { stage: 'provider', rejected: true };
    case 'awaiting-sms':
      return { stage: 'sms', rejected: false };
    case 'bureau-review':
      return { stage: 'bureau', rejected: false };
    case 'bureau-rejected':
      return { stage: 'bureau', rejected: true };
    case 'approved':
      return { stage: 'done', rejected: false };
    case 'withdrawn':
    case 'expired':
      return { stage: null, rejected: false };
  }
}

/** What comes next for the applicant, one sentence per status. */
export const NEXT_TEXT = {
  draft: {
    zh: '下一步：填写完整并提交，由接入商初审。',
    en: 'Next: complete the form and submit it for the provider’s review.',
  },
  'provider-review': {
    zh: '接入商正在初审。通过后，工信部会向负责人的手机发送验证码。',
    en: 'The provider is reviewing it. Once passed, MIIT texts a code to the responsible persons’ phones.',
  },
  'supplement-requested': {
    zh: '接入商要求补充材料：请替换被驳回的材料，全部替换后自动回到初审。',
    en: 'The provider asks for documents: replace each rejected one; once all are replaced the review resumes.',
  },
  'provider-rejected': {
    zh: '初审驳回：请按驳回原因修改后重新提交。',
    en: 'Rejected by the provider: revise as the reasons say and submit again.',
  },
  'awaiting-sms': {
    zh: '下一步：在 24 小时内填写收到的短信验证码。',
    en: 'Next: enter the SMS codes within 24 hours.',
  },
  'bureau-review': {
    zh: '管局正在审核。通过后签发备案号。',
    en: 'The bureau is reviewing it. Approval issues the ICP numbers.',
  },
  'bureau-rejected': {
    zh: '管局驳回：请按驳回原因修改后重新提交，将重新经过初审。',
    en: 'Rejected by the bureau: revise as the reasons say and submit again; the provider reviews it again first.',
  },
  approved: {
    zh: '备案完成。备案号可在“我的备案”中查看。',
    en: 'Filed. The numbers are under My filings.',
  },
  withdrawn: { zh: '申请已撤回，流程结束。', en: 'Withdrawn: this application has ended.' },
  expired: {
    zh: '申请已过期，流程结束；需要时可以重新发起备案申请。',
    en: 'Expired: this application has ended; start a new one when needed.',
  },
} as const satisfies Record<ApplicationStatus, Localized>;

const TEXT = {
  progress: { zh: '备案进度', en: 'Progress' },
  stepOf: { zh: '第 {n} 步（共 {m} 步）：{stage}', en: 'Step {n} of {m}: {stage}' },
  ended: { zh: '已结束', en: 'ended' },
  state: {
    done: { zh: '（已完成）', en: ' (done)' },
    current: { zh: '（当前）', en: ' (current)' },
    rejected: { zh: '（驳回）', en: ' (rejected)' },
    todo: { zh: '', en: '' },
  },
} as const;

function stateOf(stage: Stage, at: { stage: Stage | null; rejected: boolean }): StageState {
  if (at.stage === null) return 'todo';
  const here = STAGES.indexOf(at.stage);
  const index = STAGES.indexOf(stage);
  if (at.stage === 'done') return 'done';
  if (index < here) return 'done';
  if (index > here) return 'todo';
  return at.rejected ? 'rejected' : 'current';
}

/**
 * The step bar. `compact` (the list) leaves out the sentence of what is next; the page's own text says
 * it there. An ordered list: screen readers hear the stages in order and which one is current.
 */
export function ApplicationProgress(props: { lang: Lang; status: ApplicationStatus; compact?: boolean }) {
  const { lang, status } = props;
  const at = stageOf(status);
  const tr = (text: Localized) => t(lang, text);
  const ended = at.stage === null;
  return (
    <div class={`progress${props.compact ? ' progress-compact' : ''}${ended ? ' progress-ended' : ''}`}>
      <ol class="progress-steps" aria-label={tr(TEXT.progress)}>
        {STAGES.map((stage) => {
          const state = stateOf(stage, at);
          return (
            <li
              class={`progress-step progress-${state}`}
              aria-current={state === 'current' || state === 'rejected' ? 'step' : undefined}
              title={tr(STAGE_EXPLAINED[stage])}
            >
              <span class="progress-label">{tr(STAGE_LABELS[stage])}</span>
              {state !== 'todo' && <span class="visually-hidden">{tr(TEXT.state[state])}</span>}
            </li>
          );
        })}
      </ol>
      {!props.compact && (
        <p class="progress-next">
          {at.stage !== null && at.stage !== 'done' && (
            <span class="visually-hidden">
              {format(tr(TEXT.stepOf), {
                n: STAGES.indexOf(at.stage) + 1,
                m: STAGES.length,
                stage: tr(STAGE_LABELS[at.stage]),
              })}
              {'. '}
            </span>
          )}
          {tr(NEXT_TEXT[status])}
        </p>
      )}
    </div>
  );
}
