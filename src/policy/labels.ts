/** 主体性质 and 可信度 names, once for the engine's messages, the forms and the pages. */
import type { Confidence, SubjectType } from './types.ts';

export const SUBJECT_TYPE_LABELS: Record<SubjectType, { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'enterprise' },
  individual: { zh: '个人', en: 'individual' },
  government: { zh: '政府机关', en: 'government body' },
  institution: { zh: '事业单位', en: 'public institution' },
  'social-group': { zh: '社会团体', en: 'social organisation' },
  'private-non-enterprise': { zh: '民办非企业单位', en: 'private non-enterprise unit' },
  foundation: { zh: '基金会', en: 'foundation' },
  'law-firm': { zh: '律师执业机构', en: 'law firm' },
  military: { zh: '国防机构', en: 'military body' },
};

export const CONFIDENCE_LABELS: Record<Confidence, { zh: string; en: string }> = {
  high: { zh: '高', en: 'high' },
  medium: { zh: '中', en: 'medium' },
  low: { zh: '低', en: 'low' },
  unsourced: { zh: '无出处', en: 'unsourced' },
};
