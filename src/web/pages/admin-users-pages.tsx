/**
 * 用户管理 — accounts and roles for administrators (`account.manage`): the list, creating an account
 * with any role, disabling and enabling, setting a new password. Every change is a use case of
 * src/accounts/manage-accounts.ts, audited, and answered with POST-redirect-GET.
 */
import type { Account } from '../../accounts/index.ts';
import { AccountError, listAccounts, loginSchema, WeakPasswordError } from '../../accounts/index.ts';
import type { AccountActor } from '../../accounts/index.ts';
import {
  adminCreateAccount,
  adminSetAccountDisabled,
  adminSetPassword,
  findAccountById,
} from '../../accounts/index.ts';
import { ROLES } from '../../filing/index.ts';
import type { Role } from '../../filing/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';
import type { FieldError, FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  NotFound,
  Button,
  ErrorSummary,
  Fieldset,
  Form,
  PasswordField,
  ROLE_LABELS,
  SelectField,
  TextField,
  definePage,
  signedInAccount,
  idParam,
  TERMS,
} from '../kit/index.ts';

const TEXT = {
  title: { zh: '用户管理', en: 'Users' },
  intro: {
    zh: '申请人可以自行注册；审核员、注册商操作员和管理员账号在这里创建。停用账号会立即结束它的所有登录会话和 API 令牌。',
    en: 'Applicants register themselves; reviewer, registrar and administrator accounts are created here. Disabling an account ends all its sessions and API tokens at once.',
  },
  accounts: { zh: '账号列表', en: 'Accounts' },
  login: TERMS.login,
  displayName: TERMS.displayName,
  role: { zh: '角色', en: 'Role' },
  createdAt: TERMS.created,
  status: TERMS.status,
  actions: TERMS.actions,
  enabled: { zh: '正常', en: 'active' },
  disabled: { zh: '已停用', en: 'disabled' },
  you: { zh: '（您）', en: ' (you)' },
  disable: { zh: '停用', en: 'Disable' },
  enable: { zh: '启用', en: 'Enable' },
  setPassword: { zh: '设置新密码', en: 'Set a new password' },
  create: { zh: '创建账号', en: 'Create an account' },
  password: { zh: '初始密码', en: 'Initial password' },
  passwordHint: {
    zh: '至少 12 个字符，不能是常见密码、重复或连续的字符，不能包含账号名；请通过安全渠道告知本人',
    en: 'At least 12 characters, not a common password, no repeated or consecutive characters, not containing the login; tell the person through a safe channel',
  },
  newPassword: { zh: '新密码', en: 'New password' },
  newPasswordHint: {
    zh: '至少 12 个字符，不能是常见密码、重复或连续的字符，不能包含账号名；保存后该账号的所有登录会话将结束',
    en: "At least 12 characters, not a common password, no repeated or consecutive characters, not containing the login; saving ends all of the account's sessions",
  },
  passwordConfirm: { zh: '再次输入密码', en: 'Confirm the password' },
  save: { zh: '保存新密码', en: 'Save the new password' },
  back: { zh: '返回用户列表', en: 'Back to the users' },
  created: { zh: '账号已创建：', en: 'Account created: ' },
  disabledDone: { zh: '账号已停用：', en: 'Account disabled: ' },
  enabledDone: { zh: '账号已启用：', en: 'Account enabled: ' },
  passwordDone: { zh: '已设置新密码：', en: 'New password set: ' },
  noAccount: { zh: '没有这个账号', en: 'No such account' },
} satisfies Record<string, Localized>;

const error = (path: string, code: string, zh: string, en: string): FieldError => ({
  path,
  code,
  message: { zh, en },
});

function actorOf(p: PageRequest): AccountActor {
  const account = signedInAccount(p);
  return { account: account.login, role: account.role };
}

/** `:id` as an account id; anything else is a page that does not exist. */
function accountIdOf(p: PageRequest): number {
  return idParam(p, TEXT.noAccount);
}

/** The password policy's refusal (common, repetitive, containing the login) on the password field. */
const weakPasswordError = (failure: WeakPasswordError): FieldError => ({
  path: 'password',
  code: failure.code,
  message: failure.messages,
});

function passwordErrors(form: Readonly<Record<string, string>>): FieldError[] {
  const password = form.password ?? '';
  if (password.length < 12)
    return [
      error('password', 'TOO_SHORT', '密码至少需要 12 个字符', 'The password needs at least 12 characters'),
    ];
  if (password.length > 1024)
    return [
      error('password', 'TOO_LONG', '密码最多 1024 个字符', 'The password has at most 1024 characters'),
    ];
  if (form.passwordConfirm !== password) {
    return [
      error('passwordConfirm', 'PASSWORD_MISMATCH', '两次输入的密码不一致', 'The two passwords differ'),
    ];
  }
  return [];
}

function createErrors(form: Readonly<Record<string, string>>): FieldError[] {
  const errors: FieldError[] = [];
  const login = (form.login ?? '').trim();
  if (login === '') errors.push(error('login', 'REQUIRED', '请填写账号名', 'Enter a login name'));
  else if (!loginSchema.safeParse(login).success) {
    errors.push(
      error(
        'login',
        'LOGIN_INVALID',
        '账号名须为 2–64 个小写字母、数字或 . _ -，以字母或数字开头和结尾',
        'The login name must be 2–64 lower-case letters, digits or . _ -, starting and ending with a letter or digit',
      ),
    );
  }
  const displayName = (form.displayName ?? '').trim();
  if (displayName === '')
    errors.push(error('displayName', 'REQUIRED', '请填写姓名或称呼', 'Enter a display name'));
  else if (displayName.length > 128)
    errors.push(
      error(
        'displayName',
        'TOO_LONG',
        '姓名或称呼最多 128 个字符',
        'The display name has at most 128 characters',
      ),
    );
  if (!(ROLES as readonly string[]).includes(form.role ?? ''))
    errors.push(error('role', 'REQUIRED', '请选择角色', 'Choose a role'));
  return [...errors, ...passwordErrors(form)];
}

function AccountRow(props: { p: PageRequest; account: Account; me: Account }) {
  const { p, account, me } = props;
  const token = p.view.csrfToken;
  return (
    <tr>
      <th scope="row">
        <bdi class="code">{account.login}</bdi>
        {account.id === me.id && p.t(TEXT.you)}
      </th>
      <td data-label={p.t(TEXT.displayName)}>
        <bdi>{account.displayName}</bdi>
      </td>
      <td data-label={p.t(TEXT.role)}>{p.t(ROLE_LABELS[account.role])}</td>
      <td class="nowrap" data-label={p.t(TEXT.createdAt)}>
        {shanghaiDateTime(account.createdAt)}
      </td>
      <td data-label={p.t(TEXT.status)}>
        <span class={account.disabled ? 'tag tag-error' : 'tag tag-ok'}>
          {p.t(account.disabled ? TEXT.disabled : TEXT.enabled)}
        </span>
      </td>
      <td class="actions" data-label={p.t(TEXT.actions)}>
        {account.id !== me.id && (
          <form
            method="post"
            action={`/admin/users/${account.id}/${account.disabled ? 'enable' : 'disable'}`}
            class="inline-form"
          >
            <input type="hidden" name="_csrf" value={token} />
            <button
              type="submit"
              class={`button button-small ${account.disabled ? 'button-secondary' : 'button-warning'}`}
            >
              {p.t(account.disabled ? TEXT.enable : TEXT.disable)}
              <span class="visually-hidden"> {account.login}</span>
            </button>
          </form>
        )}
        <a href={`/admin/users/${account.id}/password`}>
          {p.t(TEXT.setPassword)}
          <span class="visually-hidden"> {account.login}</span>
        </a>
      </td>
    </tr>
  );
}

async function usersPage(p: PageRequest, form: FormState, status: 200 | 422 = 200) {
  const me = signedInAccount(p);
  const accounts = await listAccounts(p.deps.db);
  return p.render({
    title: TEXT.title,
    status,
    body: (
      <>
        <p>{p.t(TEXT.intro)}</p>
        <ErrorSummary form={form} />
        <h2>{p.t(TEXT.accounts)}</h2>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{p.t(TEXT.login)}</th>
                <th scope="col">{p.t(TEXT.displayName)}</th>
                <th scope="col">{p.t(TEXT.role)}</th>
                <th scope="col">{p.t(TEXT.createdAt)}</th>
                <th scope="col">{p.t(TEXT.status)}</th>
                <th scope="col">{p.t(TEXT.actions)}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <AccountRow p={p} account={account} me={me} />
              ))}
            </tbody>
          </table>
        </div>
        <Form form={form} action="/admin/users">
          <Fieldset form={form} legend={TEXT.create}>
            <TextField
              form={form}
              name="login"
              label={TEXT.login}
              code
              width="medium"
              maxlength={64}
              autocomplete="off"
            />
            <TextField
              form={form}
              name="displayName"
              label={TEXT.displayName}
              width="medium"
              maxlength={128}
              autocomplete="off"
            />
            <SelectField
              form={form}
              name="role"
              label={TEXT.role}
              options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
            />
            <PasswordField
              form={form}
              name="password"
              label={TEXT.password}
              hint={TEXT.passwordHint}
              autocomplete="new-password"
              width="medium"
            />
            <PasswordField
              form={form}
              name="passwordConfirm"
              label={TEXT.passwordConfirm}
              autocomplete="new-password"
              width="medium"
            />
            <Button>{p.t(TEXT.create)}</Button>
          </Fieldset>
        </Form>
      </>
    ),
  });
}

async function accountOf(p: PageRequest): Promise<Account> {
  const account = await findAccountById(p.deps.db.kysely, accountIdOf(p));
  if (!account) throw new NotFound(TEXT.noAccount);
  return account;
}

async function passwordPage(p: PageRequest, form: FormState, status: 200 | 422 = 200) {
  const account = await accountOf(p);
  return p.render({
    title: TEXT.setPassword,
    status,
    body: (
      <>
        <p>
          {p.t(TEXT.login)}: <bdi class="code">{account.login}</bdi> · <bdi>{account.displayName}</bdi> ·{' '}
          {p.t(ROLE_LABELS[account.role])}
        </p>
        <ErrorSummary form={form} />
        <Form form={form} action={`/admin/users/${account.id}/password`}>
          <PasswordField
            form={form}
            name="password"
            label={TEXT.newPassword}
            hint={TEXT.newPasswordHint}
            autocomplete="new-password"
            width="medium"
          />
          <PasswordField
            form={form}
            name="passwordConfirm"
            label={TEXT.passwordConfirm}
            autocomplete="new-password"
            width="medium"
          />
          <Button>{p.t(TEXT.save)}</Button>
        </Form>
        <p>
          <a href="/admin/users">{p.t(TEXT.back)}</a>
        </p>
      </>
    ),
  });
}

/** Disable or enable; an AccountError (your own account, no such account) comes back as a flash. */
function setDisabledPage(disabled: boolean) {
  return definePage({
    method: 'post',
    path: `/admin/users/:id/${disabled ? 'disable' : 'enable'}`,
    access: 'account.manage',
    async handle(p) {
      try {
        const account = await adminSetAccountDisabled({
          db: p.deps.db,
          actor: actorOf(p),
          accountId: accountIdOf(p),
          disabled,
          now: p.deps.now(),
        });
        const done = disabled ? TEXT.disabledDone : TEXT.enabledDone;
        return p.redirect('/admin/users', {
          kind: 'success',
          message: { zh: `${done.zh}${account.login}`, en: `${done.en}${account.login}` },
        });
      } catch (failure) {
        if (!(failure instanceof AccountError)) throw failure;
        return p.redirect('/admin/users', { kind: 'error', message: failure.messages });
      }
    },
  });
}

export const ADMIN_USERS_PAGES = [
  definePage({
    method: 'get',
    path: '/admin/users',
    access: 'account.manage',
    nav: { label: TEXT.title },
    handle: (p) => usersPage(p, p.formState({ values: { role: 'provider-reviewer' } })),
  }),
  definePage({
    method: 'post',
    path: '/admin/users',
    access: 'account.manage',
    async handle(p) {
      const errors = createErrors(p.form);
      if (errors.length > 0) return usersPage(p, p.formState({ errors }), 422);
      try {
        const account = await adminCreateAccount({
          db: p.deps.db,
          actor: actorOf(p),
          input: {
            login: p.form.login ?? '',
            displayName: p.form.displayName ?? '',
            role: p.form.role as Role,
            password: p.form.password ?? '',
          },
          now: p.deps.now(),
        });
        return p.redirect('/admin/users', {
          kind: 'success',
          message: { zh: `${TEXT.created.zh}${account.login}`, en: `${TEXT.created.en}${account.login}` },
        });
      } catch (failure) {
        if (failure instanceof WeakPasswordError)
          return usersPage(p, p.formState({ errors: [weakPasswordError(failure)] }), 422);
        if (!(failure instanceof AccountError)) throw failure;
        return usersPage(
          p,
          p.formState({ errors: [{ path: 'login', code: 'LOGIN_TAKEN', message: failure.messages }] }),
          422,
        );
      }
    },
  }),
  setDisabledPage(true),
  setDisabledPage(false),
  definePage({
    method: 'get',
    path: '/admin/users/:id/password',
    access: 'account.manage',
    handle: (p) => passwordPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/admin/users/:id/password',
    access: 'account.manage',
    async handle(p) {
      const errors = passwordErrors(p.form);
      if (errors.length > 0) return passwordPage(p, p.formState({ errors }), 422);
      try {
        const account = await adminSetPassword({
          db: p.deps.db,
          actor: actorOf(p),
          accountId: accountIdOf(p),
          password: p.form.password ?? '',
          now: p.deps.now(),
        });
        return p.redirect('/admin/users', {
          kind: 'success',
          message: {
            zh: `${TEXT.passwordDone.zh}${account.login}`,
            en: `${TEXT.passwordDone.en}${account.login}`,
          },
        });
      } catch (failure) {
        if (failure instanceof WeakPasswordError)
          return passwordPage(p, p.formState({ errors: [weakPasswordError(failure)] }), 422);
        if (!(failure instanceof AccountError)) throw failure;
        return p.redirect('/admin/users', { kind: 'error', message: failure.messages });
      }
    },
  }),
];
