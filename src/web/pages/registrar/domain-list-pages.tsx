/**
 * 注册商控制台（沙箱）: every domain registered at the sandbox, filtered by status, real-name status or
 * account, with the day its verification is expected to reach the MIIT domain database; and registering
 * a domain for a holder (checked with the filing subject's rules, so what a bureau would refuse is
 * refused now).
 */
import { DOMAIN_STATUSES, MAX_PAGE, REGISTRAR_REAL_NAME_STATUSES } from '../../../registrar/index.ts';
import type { FormState, Localized, PageRequest } from '../../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Fieldset,
  Form,
  Pager,
  SelectField,
  TextField,
  definePage,
  pageParam,
} from '../../kit/index.ts';
import {
  ACCESS,
  BASE,
  CONSOLE_TEXT,
  flashOf,
  optionalText,
  pick,
  registrarChoices,
  yearChoices,
} from './console.ts';
import { HolderFields, holderOfForm } from './fields.tsx';
import {
  DOMAIN_STATUS_LABELS,
  REAL_NAME_LABELS,
  TEXT as SHARED,
  domainPath,
  refusalOf,
  refusalStatus,
  registrarActorOf,
} from './shared.tsx';
import { DomainTable } from './tables.tsx';

const PAGE_SIZE = 100;

const TEXT = {
  title: { zh: '域名管理（注册商沙箱）', en: 'Domains (registrar sandbox)' },
  nav: { zh: '注册商：域名', en: 'Registrar: domains' },
  intro: {
    zh: '在注册商沙箱注册的全部域名。沙箱扮演 data/registrars.json 中的任一注册商，其变更即时同步到工信部沙箱的域名库；实名信息在通过后按规定的工作日上报。',
    en: 'Every domain registered at the registrar sandbox. The sandbox plays any registrar of data/registrars.json; its changes reach the MIIT sandbox domain database at once, real-name data after the set working days.',
  },
  any: { zh: '全部', en: 'All' },
  accountHint: { zh: '只看该账号的域名', en: 'Only this account’s domains' },
  register: { zh: '注册域名', en: 'Register a domain' },
  registerIntro: {
    zh: '为持有者注册一个域名。持有者信息按主办单位的规则核对（名称、性质与证件类型、证件校验位），避免注册时接受、备案时才被退回。',
    en: 'Registers a domain for a holder. The holder is checked with the filing subject’s rules (name, type and certificate, check digit), so what a bureau would refuse is refused now.',
  },
  domainHint: { zh: '例如 example.cn 或 例子.中国', en: 'Such as example.cn or 例子.中国' },
  registrarHint: {
    zh: '未获工信部批准的注册商也可选择：备案核验会因此报错（常见问题 Q1b）',
    en: 'Registrars MIIT has not approved may be chosen: filing checks then refuse the domain (FAQ Q1b)',
  },
  registered: { zh: '已注册域名：', en: 'Registered: ' },
} satisfies Record<string, Localized>;

async function listPage(p: PageRequest) {
  const status = pick(p.query.status, DOMAIN_STATUSES);
  const realName = pick(p.query.realName, REGISTRAR_REAL_NAME_STATUSES);
  const account = (p.query.account ?? '').trim().toLowerCase();
  const page = pageParam(p);
  const domains = await p.deps.registrar.listDomains({
    actor: registrarActorOf(p),
    filter: {
      ...(status ? { status } : {}),
      ...(realName ? { realName } : {}),
      ...(account !== '' && account.length <= 64 ? { account } : {}),
      limit: PAGE_SIZE + 1,
      offset: Math.min((page - 1) * PAGE_SIZE, MAX_PAGE * 1000),
    },
  });
  const form = p.formState({ values: { status: status ?? '', realName: realName ?? '', account } });
  const query = (n: number) => {
    const params = new URLSearchParams({
      ...(status ? { status } : {}),
      ...(realName ? { realName } : {}),
      ...(account ? { account } : {}),
      page: String(n),
    });
    return `/registrar?${params.toString()}`;
  };
  return p.render({
    title: TEXT.title,
    body: (
      <>
        <p>{p.t(TEXT.intro)}</p>
        <p>
          <a class="button button-secondary" href="/registrar/register">
            {p.t(TEXT.register)}
          </a>
        </p>
        <Form form={form} action="/registrar" method="get" class="form form-inline">
          <SelectField
            form={form}
            name="status"
            label={SHARED.status}
            options={DOMAIN_STATUSES.map((value) => ({ value, label: DOMAIN_STATUS_LABELS[value] }))}
            placeholder={TEXT.any}
            optional
          />
          <SelectField
            form={form}
            name="realName"
            label={SHARED.realName}
            options={REGISTRAR_REAL_NAME_STATUSES.map((value) => ({ value, label: REAL_NAME_LABELS[value] }))}
            placeholder={TEXT.any}
            optional
          />
          <TextField
            form={form}
            name="account"
            label={SHARED.account}
            hint={TEXT.accountHint}
            optional
            code
            width="medium"
            maxlength={64}
          />
          <Button variant="secondary">{p.t(CONSOLE_TEXT.show)}</Button>
        </Form>
        <DomainTable p={p} domains={domains.slice(0, PAGE_SIZE)} base={BASE} showAccount />
        <Pager lang={p.lang} page={page} hasNext={domains.length > PAGE_SIZE} href={query} />
      </>
    ),
  });
}

function registerPage(p: PageRequest, form: FormState, status: 200 | 400 | 409 | 422 = 200) {
  return p.render({
    title: TEXT.register,
    status,
    body: (
      <>
        <p>
          <a href="/registrar">{p.t(CONSOLE_TEXT.back)}</a>
        </p>
        <p>{p.t(TEXT.registerIntro)}</p>
        <ErrorSummary form={form} />
        <Form form={form} action="/registrar/register">
          <TextField
            form={form}
            name="domain"
            label={SHARED.domain}
            hint={TEXT.domainHint}
            code
            width="medium"
            inputmode="url"
            maxlength={253}
          />
          <Fieldset form={form} name="holder" legend={SHARED.holder}>
            <HolderFields form={form} />
          </Fieldset>
          <SelectField
            form={form}
            name="years"
            label={CONSOLE_TEXT.years}
            options={yearChoices}
            placeholder={false}
          />
          <SelectField
            form={form}
            name="registrar"
            label={CONSOLE_TEXT.registrarChoice}
            hint={TEXT.registrarHint}
            options={registrarChoices(p)}
            placeholder={false}
          />
          <TextField
            form={form}
            name="account"
            label={CONSOLE_TEXT.accountField}
            hint={CONSOLE_TEXT.accountFieldHint}
            optional
            code
            width="medium"
            maxlength={64}
            autocomplete="off"
          />
          <Button>{p.t(TEXT.register)}</Button>
        </Form>
      </>
    ),
  });
}

export const DOMAIN_LIST_PAGES = [
  definePage({
    method: 'get',
    path: '/registrar',
    access: ACCESS,
    nav: { label: TEXT.nav },
    handle: listPage,
  }),
  definePage({
    method: 'get',
    path: '/registrar/register',
    access: ACCESS,
    handle: (p) => registerPage(p, p.formState({ values: { years: '1', registrar: 'aliyun' } })),
  }),
  definePage({
    method: 'post',
    path: '/registrar/register',
    access: ACCESS,
    async handle(p) {
      try {
        const domain = await p.deps.registrar.registerDomain({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          input: {
            domain: p.form.domain ?? '',
            holder: holderOfForm(p.form),
            years: Number(p.form.years ?? '1'),
            registrar: optionalText(p.form.registrar) ?? undefined,
            account: optionalText(p.form.account),
          },
        });
        return p.redirect(domainPath(BASE, domain), flashOf(TEXT.registered, domain.domain.unicode));
      } catch (error) {
        const { failure, errors } = refusalOf(error);
        const status = refusalStatus(failure);
        return registerPage(p, p.formState({ errors }), status === 409 ? 409 : 422);
      }
    },
  }),
];
