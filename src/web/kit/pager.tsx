/**
 * 分页 — the links under a list that is read one page at a time. Lists ask for one row more than a page
 * holds, so `hasNext` is known without counting; the page number comes from `pageParam`.
 */
import type { Lang } from './i18n.ts';
import { format, t } from './i18n.ts';

const TEXT = {
  previous: { zh: '上一页', en: 'Previous page' },
  next: { zh: '下一页', en: 'Next page' },
  pageOf: { zh: '第 {n} 页', en: 'Page {n}' },
};

/** Nothing when everything fits on the first page. `href(n)`: page n of the same list, filters kept. */
export function Pager(props: { lang: Lang; page: number; hasNext: boolean; href: (page: number) => string }) {
  const { lang, page } = props;
  if (page === 1 && !props.hasNext) return null;
  const current = t(lang, format(TEXT.pageOf, { n: page }));
  return (
    <nav class="pager" aria-label={current}>
      {page > 1 && (
        <a href={props.href(page - 1)} rel="prev">
          {t(lang, TEXT.previous)}
        </a>
      )}{' '}
      <span>{current}</span>{' '}
      {props.hasNext && (
        <a href={props.href(page + 1)} rel="next">
          {t(lang, TEXT.next)}
        </a>
      )}
    </nav>
  );
}
