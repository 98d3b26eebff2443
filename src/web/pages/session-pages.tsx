/**
 * 登录、注册、退出: the cookie session of src/http/actor.ts started from forms. Login and registration
 * share the API's per-IP login limit, login also the API's guard of failed sign-ins per login and
 * address (src/accounts/login-guard.ts), and every sign-in gets a fresh session id (session fixation,
 * OWASP Session Management Cheat Sheet).
 */
import type { Account } from '../../accounts/index.ts';
import { AccountError, loginSchema, signInWithPassword, WeakPasswordError } from '../../accounts/index.ts';
import { createSession, deleteSession } from '../../accounts/index.ts';
import { registerApplicant } from '../../accounts/index.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/app.ts';
import type { FieldError, FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Form,
  HiddenField,
  PasswordField,
  TextField,
  definePage,
  safeNext,
  TERMS,
} from '../kit/index.ts';

const TEXT = {
  loginTitle: { zh: '登录', en: 'Sign in' },
  registerTitle: { zh: '注册申请人账号', en: 'Register an applicant account' },
  login: TERMS.login,
  loginHint: {
    zh: '2–64 个小写字母、数字或 . _ -，以字母或数字开头和结尾',
    en: '2–64 lower-case letters, digits or . _ -, starting and ending with a letter or digit',
  },
  displayName: TERMS.displayName,
  password: { zh: '密码', en: 'Password' },
  passwordHint: {
    zh: '至少 12 个字符；可以用一句容易记住的话。不能是常见密码、重复或连续的字符，也不能包含账号名',
    en: 'At least 12 characters; a memorable phrase works well. Not a common password, no repeated or consecutive characters, not containing the login',
  },
  passwordConfirm: { zh: '再次输入密码', en: 'Confirm the password' },
  submitLogin: { zh: '登录', en: 'Sign in' },
  submitRegister: { zh: '注册并登录', en: 'Register and sign in' },
  noAccount: { zh: '还没有账号？', en: 'No account yet?' },
  registerLink: { zh: '注册申请人账号', en: 'Register as an applicant' },
  haveAccount: { zh: '已有账号？', en: 'Already registered?' },
  loginLink: { zh: '登录', en: 'Sign in' },
  staffNote: {
    zh: '审核员、注册商和管理员账号由管理员创建，不能自行注册。',
    en: 'Reviewer, registrar and administrator accounts are created by an administrator, not registered here.',
  },
  alreadySignedIn: { zh: '您已登录为', en: 'You are signed in as' },
  welcome: { zh: '已登录。', en: 'You are signed in.' },
  registered: { zh: '账号已创建，已为您登录。', en: 'Your account was created and you are signed in.' },
  loggedOut: { zh: '已退出登录。', en: 'You are signed out.' },
  wrongCredentials: { zh: '账号名或密码错误', en: 'Wrong login name or password' },
  loginRequired: { zh: '请填写账号名', en: 'Enter your login name' },
  passwordRequired: { zh: '请填写密码', en: 'Enter your password' },
  loginInvalid: {
    zh: '账号名须为 2–64 个小写字母、数字或 . _ -，以字母或数字开头和结尾',
    en: 'The login name must be 2–64 lower-case letters, digits or . _ -, starting and ending with a letter or digit',
  },
  displayNameRequired: { zh: '请填写姓名或称呼', en: 'Enter a display name' },
  displayNameTooLong: { zh: '姓名或称呼最多 128 个字符', en: 'The display name has at most 128 characters' },
  passwordTooShort: { zh: '密码至少需要 12 个字符', en: 'The password needs at least 12 characters' },
  passwordTooLong: { zh: '密码最多 1024 个字符', en: 'The password has at most 1024 characters' },
  passwordMismatch: { zh: '两次输入的密码不一致', en: 'The two passwords differ' },
} satisfies Record<string, Localized>;

const error = (path: string, code: string, message: Localized): FieldError => ({ path, code, message });

/** Starts a fresh session for `account` (ending the one the request came with) and sets the cookie. */
async function signIn(p: PageRequest, account: Account): Promise<void> {
  const { deps, actor } = p;
  if (actor.kind === 'account' && actor.via === 'session') await deleteSession(deps.db, actor.session.idHash);
  const session = await createSession(deps.db, deps.credentialKey, account.id, deps.now(), deps.sessionTtlMs);
  setSessionCookie(p.c, session);
}

/** The `next` a form carries back, when it is a path on this site. */
const nextOf = (p: PageRequest): string | null => safeNext(p.form.next ?? p.query.next);

function SignedInNote(props: { p: PageRequest }) {
  const account = props.p.account;
  if (!account) return null;
  return (
    <p class="notice">
      {props.p.t(TEXT.alreadySignedIn)} <bdi>{account.displayName}</bdi> (<bdi>{account.login}</bdi>).
    </p>
  );
}

function loginPage(p: PageRequest, form: FormState, status: 200 | 401 | 422 | 429 = 200) {
  const next = nextOf(p);
  return p.render({
    title: TEXT.loginTitle,
    status,
    body: (
      <>
        <SignedInNote p={p} />
        <ErrorSummary form={form} />
        <Form form={form} action="/login">
          {next !== null && <HiddenField name="next" value={next} />}
          <TextField
            form={form}
            name="login"
            label={TEXT.login}
            autocomplete="username"
            code
            width="medium"
          />
          <PasswordField
            form={form}
            name="password"
            label={TEXT.password}
            autocomplete="current-password"
            width="medium"
          />
          <Button>{p.t(TEXT.submitLogin)}</Button>
        </Form>
        <p>
          {p.t(TEXT.noAccount)}{' '}
          <a href={next === null ? '/register' : `/register?next=${encodeURIComponent(next)}`}>
            {p.t(TEXT.registerLink)}
          </a>
        </p>
        <p class="field-hint">{p.t(TEXT.staffNote)}</p>
      </>
    ),
  });
}

function registerPage(p: PageRequest, form: FormState, status: 200 | 422 = 200) {
  const next = nextOf(p);
  return p.render({
    title: TEXT.registerTitle,
    status,
    body: (
      <>
        <SignedInNote p={p} />
        <ErrorSummary form={form} />
        <Form form={form} action="/register">
          {next !== null && <HiddenField name="next" value={next} />}
          <TextField
            form={form}
            name="login"
            label={TEXT.login}
            hint={TEXT.loginHint}
            autocomplete="username"
            code
            width="medium"
            maxlength={64}
          />
          <TextField
            form={form}
            name="displayName"
            label={TEXT.displayName}
            autocomplete="name"
            width="medium"
            maxlength={128}
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
          <Button>{p.t(TEXT.submitRegister)}</Button>
        </Form>
        <p>
          {p.t(TEXT.haveAccount)} <a href="/login">{p.t(TEXT.loginLink)}</a>
        </p>
        <p class="field-hint">{p.t(TEXT.staffNote)}</p>
      </>
    ),
  });
}

/** Registration's field checks, each message naming its field. */
function registrationErrors(form: Readonly<Record<string, string>>): FieldError[] {
  const errors: FieldError[] = [];
  const login = form.login ?? '';
  const displayName = (form.displayName ?? '').trim();
  const password = form.password ?? '';
  if (login.trim() === '') errors.push(error('login', 'REQUIRED', TEXT.loginRequired));
  else if (!loginSchema.safeParse(login).success)
    errors.push(error('login', 'LOGIN_INVALID', TEXT.loginInvalid));
  if (displayName === '') errors.push(error('displayName', 'REQUIRED', TEXT.displayNameRequired));
  else if (displayName.length > 128) errors.push(error('displayName', 'TOO_LONG', TEXT.displayNameTooLong));
  if (password.length < 12) errors.push(error('password', 'TOO_SHORT', TEXT.passwordTooShort));
  else if (password.length > 1024) errors.push(error('password', 'TOO_LONG', TEXT.passwordTooLong));
  else if (form.passwordConfirm !== password)
    errors.push(error('passwordConfirm', 'PASSWORD_MISMATCH', TEXT.passwordMismatch));
  return errors;
}

export const SESSION_PAGES = [
  definePage({
    method: 'get',
    path: '/login',
    access: 'anyone',
    handle: (p) => loginPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/login',
    access: 'anyone',
    rateLimit: 'login',
    async handle(p) {
      const login = (p.form.login ?? '').trim().toLowerCase();
      const password = p.form.password ?? '';
      const errors: FieldError[] = [];
      if (login === '') errors.push(error('login', 'REQUIRED', TEXT.loginRequired));
      if (password === '') errors.push(error('password', 'REQUIRED', TEXT.passwordRequired));
      if (errors.length > 0 || login.length > 64 || password.length > 1024) {
        return loginPage(
          p,
          p.formState({
            errors: errors.length > 0 ? errors : [error('login', 'LOGIN_FAILED', TEXT.wrongCredentials)],
          }),
          422,
        );
      }
      const result = await signInWithPassword(
        { db: p.deps.db, guard: p.deps.loginGuard, now: p.deps.now() },
        { login, password, address: p.deps.clientIp(p.c) },
      );
      if (!result.ok && result.reason === 'limited') {
        // The form again, with how long to wait on the login field (and in Retry-After).
        p.c.header('Retry-After', String(result.retryAfterSeconds));
        return loginPage(p, p.formState({ errors: [error('login', 'LOGIN_LIMITED', result.message)] }), 429);
      }
      if (!result.ok) {
        return loginPage(
          p,
          p.formState({ errors: [error('login', 'LOGIN_FAILED', TEXT.wrongCredentials)] }),
          401,
        );
      }
      await signIn(p, result.account);
      return p.redirect(nextOf(p) ?? '/', { kind: 'success', message: TEXT.welcome });
    },
  }),
  definePage({
    method: 'get',
    path: '/register',
    access: 'anyone',
    handle: (p) => registerPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/register',
    access: 'anyone',
    rateLimit: 'login',
    async handle(p) {
      const errors = registrationErrors(p.form);
      if (errors.length > 0) return registerPage(p, p.formState({ errors }), 422);
      let account: Account;
      try {
        account = await registerApplicant({
          db: p.deps.db,
          input: {
            login: p.form.login ?? '',
            displayName: p.form.displayName ?? '',
            password: p.form.password ?? '',
          },
          now: p.deps.now(),
        });
      } catch (failure) {
        if (failure instanceof WeakPasswordError) {
          const weak = error('password', failure.code, failure.messages);
          return registerPage(p, p.formState({ errors: [weak] }), 422);
        }
        if (!(failure instanceof AccountError)) throw failure;
        return registerPage(
          p,
          p.formState({ errors: [error('login', 'LOGIN_TAKEN', failure.messages)] }),
          422,
        );
      }
      await signIn(p, account);
      return p.redirect(nextOf(p) ?? '/', { kind: 'success', message: TEXT.registered });
    },
  }),
  definePage({
    method: 'post',
    path: '/logout',
    access: 'signed-in',
    async handle(p) {
      if (p.actor.kind === 'account' && p.actor.via === 'session')
        await deleteSession(p.deps.db, p.actor.session.idHash);
      clearSessionCookie(p.c);
      return p.redirect('/', { kind: 'info', message: TEXT.loggedOut });
    },
  }),
];
