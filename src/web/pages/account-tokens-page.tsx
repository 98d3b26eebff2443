/**
 * API 令牌 — a signed-in person's own bearer tokens (src/accounts/api-tokens.ts): the list with name,
 * scope, dates and last use; creating one (shown once, on the answer to the POST itself: a token must
 * never travel in a flash cookie); revoking one. Any role may, for its own account only.
 */
import type { ApiToken } from '../../accounts/index.ts';
import { createToken, listTokens, revokeToken } from '../../accounts/index.ts';
import type { TokenScope } from '../../filing/index.ts';
import { ApiError } from '../../http/app.ts';
import type { FieldError, FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Fieldset,
  Form,
  NotFound,
  RadioGroup,
  TERMS,
  TextField,
  definePage,
  idParam,
  signedInAccount,
} from '../kit/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';

const PATH = '/account/tokens';

const TEXT = {
  title: { zh: 'API 令牌', en: 'API tokens' },
  intro: {
    zh: '令牌让脚本以您的账号调用 API（/api/v1，请求头 Authorization: Bearer 令牌）。令牌只在创建时显示一次；只读令牌只能查询。修改密码或账号被停用时，所有令牌都会被撤销。',
    en: 'A token lets a script call the API (/api/v1, header Authorization: Bearer <token>) as your account. It is shown only once, when created; a read-only token can only read. A new password or a disabled account revokes every token.',
  },
  yours: { zh: '您的令牌', en: 'Your tokens' },
  none: { zh: '还没有令牌。', en: 'No tokens yet.' },
  name: { zh: '名称', en: 'Name' },
  nameHint: {
    zh: '用途，例如“夜间导出”；最多 100 个字符',
    en: 'What it is for, e.g. "nightly export"; at most 100 characters',
  },
  scope: { zh: '权限', en: 'Scope' },
  read: { zh: '只读：只能查询', en: 'Read-only: can only read' },
  full: { zh: '完整：与您的账号相同', en: 'Full: whatever your account may do' },
  created: TERMS.created,
  expires: { zh: '到期时间', en: 'Expires' },
  lastUsed: { zh: '最近使用', en: 'Last used' },
  never: { zh: '从未使用', en: 'never' },
  actions: TERMS.actions,
  revoke: { zh: '撤销', en: 'Revoke' },
  create: { zh: '创建令牌', en: 'Create a token' },
  days: { zh: '有效天数', en: 'Valid for (days)' },
  daysHint: { zh: '1–366 天，默认 90 天', en: '1–366 days, 90 by default' },
  newToken: { zh: '新令牌', en: 'Your new token' },
  copyNow: {
    zh: '请现在复制并妥善保存：离开此页面后将无法再次查看。',
    en: 'Copy it now and keep it safe: it cannot be shown again once you leave this page.',
  },
  revoked: { zh: '令牌已撤销：', en: 'Token revoked: ' },
  noToken: { zh: '没有这个令牌', en: 'No such token' },
  nameRequired: { zh: '请填写令牌名称', en: 'Enter a name for the token' },
  nameTooLong: { zh: '令牌名称最多 100 个字符', en: 'The token name has at most 100 characters' },
  scopeRequired: { zh: '请选择令牌权限', en: 'Choose the token’s scope' },
  daysInvalid: {
    zh: '有效天数须为 1–366 的整数',
    en: 'Valid for (days) must be a whole number from 1 to 366',
  },
} satisfies Record<string, Localized>;

const SCOPE_LABELS: Record<TokenScope, Localized> = { read: TEXT.read, full: TEXT.full };

const error = (path: string, code: string, message: Localized): FieldError => ({ path, code, message });

type TokenForm = { name: string; scope: TokenScope; expiresInDays: number };

/** The form's fields, each error naming its field; null fields where there are errors. */
function readForm(form: Readonly<Record<string, string>>): { value: TokenForm | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = (form.name ?? '').trim();
  if (name === '') errors.push(error('name', 'REQUIRED', TEXT.nameRequired));
  else if (name.length > 100) errors.push(error('name', 'TOO_LONG', TEXT.nameTooLong));
  const scope = form.scope;
  if (scope !== 'read' && scope !== 'full') errors.push(error('scope', 'REQUIRED', TEXT.scopeRequired));
  const daysText = (form.expiresInDays ?? '').trim();
  const days = /^\d{1,3}$/.test(daysText) ? Number(daysText) : NaN;
  if (!(days >= 1 && days <= 366)) errors.push(error('expiresInDays', 'OUT_OF_RANGE', TEXT.daysInvalid));
  if (errors.length > 0) return { value: null, errors };
  return { value: { name, scope: scope as TokenScope, expiresInDays: days }, errors };
}

function TokenRow(props: { p: PageRequest; token: ApiToken }) {
  const { p, token } = props;
  return (
    <tr>
      <td>
        <bdi>{token.name}</bdi>
      </td>
      <td>{p.t(SCOPE_LABELS[token.scope])}</td>
      <td class="nowrap">{shanghaiDateTime(token.createdAt)}</td>
      <td class="nowrap">{shanghaiDateTime(token.expiresAt)}</td>
      <td class="nowrap">
        {token.lastUsedAt === null ? p.t(TEXT.never) : shanghaiDateTime(token.lastUsedAt)}
      </td>
      <td class="actions">
        <form method="post" action={`${PATH}/${token.id}/revoke`} class="inline-form">
          <input type="hidden" name="_csrf" value={p.view.csrfToken} />
          <button type="submit" class="button button-small button-warning">
            {p.t(TEXT.revoke)}
            <span class="visually-hidden"> {token.name}</span>
          </button>
        </form>
      </td>
    </tr>
  );
}

async function tokensPage(
  p: PageRequest,
  form: FormState,
  options: { status?: 200 | 201 | 422; created?: string } = {},
) {
  const account = signedInAccount(p);
  const tokens = await listTokens(p.deps.db, account, p.deps.now());
  return p.render({
    title: TEXT.title,
    status: options.status ?? 200,
    body: (
      <>
        <p>{p.t(TEXT.intro)}</p>
        {options.created !== undefined && (
          <section class="notice notice-warning" aria-labelledby="new-token">
            <h2 id="new-token">{p.t(TEXT.newToken)}</h2>
            <p>{p.t(TEXT.copyNow)}</p>
            <p>
              <code data-new-token>{options.created}</code>
            </p>
          </section>
        )}
        <ErrorSummary form={form} />
        <h2>{p.t(TEXT.yours)}</h2>
        {tokens.length === 0 ? (
          <p>{p.t(TEXT.none)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{p.t(TEXT.name)}</th>
                  <th scope="col">{p.t(TEXT.scope)}</th>
                  <th scope="col">{p.t(TEXT.created)}</th>
                  <th scope="col">{p.t(TEXT.expires)}</th>
                  <th scope="col">{p.t(TEXT.lastUsed)}</th>
                  <th scope="col">{p.t(TEXT.actions)}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <TokenRow p={p} token={token} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Form form={form} action={PATH}>
          <Fieldset form={form} legend={TEXT.create}>
            <TextField
              form={form}
              name="name"
              label={TEXT.name}
              hint={TEXT.nameHint}
              width="medium"
              maxlength={100}
              autocomplete="off"
            />
            <RadioGroup
              form={form}
              name="scope"
              legend={TEXT.scope}
              options={[
                { value: 'read', label: TEXT.read },
                { value: 'full', label: TEXT.full },
              ]}
            />
            <TextField
              form={form}
              name="expiresInDays"
              label={TEXT.days}
              hint={TEXT.daysHint}
              inputmode="numeric"
              width="short"
              maxlength={3}
            />
            <Button>{p.t(TEXT.create)}</Button>
          </Fieldset>
        </Form>
      </>
    ),
  });
}

/** Read-only by default on the form: the safer choice is the one a hurried click makes. */
const DEFAULTS = { scope: 'read', expiresInDays: '90' };

export const ACCOUNT_TOKEN_PAGES = [
  definePage({
    method: 'get',
    path: PATH,
    access: 'signed-in',
    nav: { label: TEXT.title },
    handle: (p) => tokensPage(p, p.formState({ values: DEFAULTS })),
  }),
  definePage({
    method: 'post',
    path: PATH,
    access: 'signed-in',
    async handle(p) {
      // As in the API: only a signed-in person mints tokens, so a leaked token cannot outlive itself.
      if (p.actor.kind === 'account' && p.actor.via !== 'session') throw new ApiError('SESSION_REQUIRED');
      const { value, errors } = readForm(p.form);
      if (value === null) return tokensPage(p, p.formState({ errors }), { status: 422 });
      const created = await createToken({
        db: p.deps.db,
        credentialKey: p.deps.credentialKey,
        account: signedInAccount(p),
        input: value,
        now: p.deps.now(),
      });
      return tokensPage(p, p.formState({ values: DEFAULTS }), { status: 201, created: created.token });
    },
  }),
  definePage({
    method: 'post',
    path: `${PATH}/:id/revoke`,
    access: 'signed-in',
    async handle(p) {
      const revoked = await revokeToken({
        db: p.deps.db,
        account: signedInAccount(p),
        tokenId: idParam(p, TEXT.noToken),
        now: p.deps.now(),
      });
      if (!revoked) throw new NotFound(TEXT.noToken);
      return p.redirect(PATH, {
        kind: 'success',
        message: { zh: `${TEXT.revoked.zh}${revoked.name}`, en: `${TEXT.revoked.en}${revoked.name}` },
      });
    },
  }),
];
