/**
 * The option parser's refusals in the user's language. node:util `parseArgs` throws English-only
 * errors (ERR_PARSE_ARGS_UNKNOWN_OPTION, ERR_PARSE_ARGS_INVALID_OPTION_VALUE,
 * ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL, see nodejs.org/api/util.html#utilparseargsconfig); a zh user
 * must not get `Unknown option '--foo'. To specify a positional argument…`. The option is read from
 * the message (Node quotes it as `'--name'`); anything unrecognised keeps Node's text after our lead-in.
 */
import type { Localized } from '../shared/index.ts';

/** Where to read the usage: the command's own help when there is a command. */
function usageHint(command: string | undefined): Localized {
  const help = command === undefined ? 'beian help' : `beian ${command} --help`;
  return { zh: `（${help} 查看用法）`, en: ` (see ${help})` };
}

const join = (text: Localized, hint: Localized): Localized => ({
  zh: `${text.zh}${hint.zh}`,
  en: `${text.en}${hint.en}`,
});

/** The zh/en message for an error thrown by `parseArgs`, with the usage hint. */
export function parseArgsMessage(error: unknown, command?: string): Localized {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  // Node quotes the option as '--db' or '--db <value>'; the first quoted token is the option.
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  const hint = usageHint(command);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return join(
      {
        zh: `未知选项：${option}。以 - 开头的普通参数请放在 -- 之后，如 -- "${option}"`,
        en: `unknown option: ${option}. To pass an argument that starts with '-', put it after --, as in -- "${option}"`,
      },
      hint,
    );
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) {
      return join({ zh: `选项 ${option} 不带取值`, en: `option ${option} takes no value` }, hint);
    }
    if (/ambiguous/.test(message)) {
      return join(
        {
          zh: `选项 ${option} 缺少取值：其后的参数以 - 开头；以 - 开头的取值请写成 ${option}=-值`,
          en: `option ${option} is missing its value: the next argument starts with '-'; write a value starting with '-' as ${option}=-value`,
        },
        hint,
      );
    }
    return join({ zh: `选项 ${option} 缺少取值`, en: `option ${option} is missing its value` }, hint);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']*)'/.exec(message)?.[1] ?? '';
    return join({ zh: `多余的参数：${argument}`, en: `unexpected argument: ${argument}` }, hint);
  }
  return join({ zh: `参数错误：${message}`, en: `bad arguments: ${message}` }, hint);
}
