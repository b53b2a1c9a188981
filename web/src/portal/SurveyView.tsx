/**
 * The follow-up survey of a one-time SMS link (/portal/survey/:token, issue 15): no sign-in; the
 * token is the key. Phone layout: the visit, four star ratings (overall, attitude, skill,
 * timeliness), what was not satisfactory and a comment; sent once. A link used already or
 * expired shows why (the server answers 409 naming `token`).
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, ErrorBlock, Result, SpinLoading, TextArea } from 'antd-mobile';
import { TICKET_TYPE_LABELS } from '../../../contracts/tickets';
import { isPortalApiError, portalApi } from './api';
import { usePortalI18n } from './i18n';

const TEXTS = {
  'zh-CN': {
    title: '服务评价',
    intro: '感谢您使用我们的服务，请为本次服务评分（1–5 星）。',
    workOrder: '服务单号',
    finishedAt: '完工时间',
    overall: '总体满意度',
    attitude: '服务态度',
    skill: '技术水平',
    timeliness: '及时性',
    categories: '不满意的地方（可多选）',
    comment: '您的意见或建议',
    submit: '提交评价',
    needRatings: '请为每一项打分',
    thanks: '感谢您的评价！',
    thanksText: '您的意见我们已收到，将用于改进服务。',
    used: '该评价链接已使用过',
    expired: '该评价链接已过期',
    notFound: '评价链接无效',
    failed: '提交失败，请稍后再试',
  },
  en: {
    title: 'Rate our service',
    intro: 'Thank you for using our service. Please rate the visit (1–5 stars).',
    workOrder: 'Job',
    finishedAt: 'Finished',
    overall: 'Overall',
    attitude: 'Attitude',
    skill: 'Skill',
    timeliness: 'Timeliness',
    categories: 'What was not satisfactory (any)',
    comment: 'Your comments',
    submit: 'Send',
    needRatings: 'Please rate every item',
    thanks: 'Thank you!',
    thanksText: 'We have your answer and will use it to improve.',
    used: 'This survey link has been used already',
    expired: 'This survey link has expired',
    notFound: 'This survey link is not valid',
    failed: 'Could not send; please try again later',
  },
} as const;

type RatingKey = 'overall' | 'attitude' | 'skill' | 'timeliness';
const RATINGS: RatingKey[] = ['overall', 'attitude', 'skill', 'timeliness'];

/** Which message a failed load or answer shows. */
export function surveyProblem(error: unknown): 'used' | 'expired' | 'notFound' | 'failed' {
  if (!isPortalApiError(error)) return 'failed';
  if (error.status === 404) return 'notFound';
  const detail = error.details.find((item) => item.path.includes('token'));
  if (detail?.message === 'expired') return 'expired';
  if (detail) return 'used';
  return 'failed';
}

/** Five large tap targets (a radio group): works by touch and by keyboard, no drag needed. */
function Stars({ label, value, onChange }: { label: string; value: number; onChange: (value: number) => void }) {
  return (
    <div role="radiogroup" aria-label={label} style={{ display: 'flex', gap: 4 }}>
      {[1, 2, 3, 4, 5].map((star) => (
        <button
          key={star}
          type="button"
          role="radio"
          aria-checked={value === star}
          aria-label={`${star}`}
          onClick={() => onChange(star)}
          style={{ border: 'none', background: 'none', fontSize: 28, lineHeight: 1, padding: 2, color: star <= value ? '#faad14' : '#d9d9d9', cursor: 'pointer' }}
        >
          ★
        </button>
      ))}
    </div>
  );
}

export function SurveyView({ token }: { token: string }) {
  const { locale } = usePortalI18n();
  const text = TEXTS[locale === 'en' ? 'en' : 'zh-CN'];
  const survey = useQuery({ queryKey: ['portal', 'survey', token], queryFn: () => portalApi.survey(token), retry: false });
  const [ratings, setRatings] = useState<Record<RatingKey, number>>({ overall: 0, attitude: 0, skill: 0, timeliness: 0 });
  const [categories, setCategories] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [isIncomplete, setIncomplete] = useState(false);
  const answer = useMutation({ mutationFn: () => portalApi.answerSurvey(token, { ...ratings, categories, ...(comment.trim() ? { comment: comment.trim() } : {}) }) });

  if (survey.isPending) return <div className="portal-center"><SpinLoading /></div>;
  if (answer.isSuccess) return <Result status="success" title={text.thanks} description={text.thanksText} />;
  if (survey.isError) return <ErrorBlock status="default" title={text[surveyProblem(survey.error)]} description="" />;
  const visit = survey.data;
  const submit = () => {
    if (RATINGS.some((key) => ratings[key] < 1)) {
      setIncomplete(true);
      return;
    }
    setIncomplete(false);
    answer.mutate();
  };
  return (
    <div className="portal-survey" data-testid="portal-survey" style={{ padding: 16 }}>
      <h2 style={{ margin: '4px 0 8px' }}>{text.title}</h2>
      <p style={{ color: '#666' }}>{text.intro}</p>
      <div style={{ background: '#fff', borderRadius: 8, padding: 12, marginBottom: 12 }}>
        <div>{text.workOrder}：{visit.workOrderNumber} · {TICKET_TYPE_LABELS[visit.workType as keyof typeof TICKET_TYPE_LABELS]?.[locale === 'en' ? 'en' : 'zh'] ?? visit.workType}</div>
        {visit.workDone ? <div style={{ color: '#666' }}>{visit.workDone}</div> : null}
        <div style={{ color: '#999' }}>{text.finishedAt}：{new Date(visit.finishedAt).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' })}</div>
      </div>
      {RATINGS.map((key) => (
        <div key={key} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '10px 0', borderBottom: '1px solid #eee' }}>
          <span>{text[key]}</span>
          <Stars label={text[key]} value={ratings[key]} onChange={(value) => setRatings((current) => ({ ...current, [key]: value }))} />
        </div>
      ))}
      <div style={{ margin: '16px 0 8px' }}>{text.categories}</div>
      <Checkbox.Group value={categories} onChange={(value) => setCategories(value as string[])}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
          {visit.categories.map((category) => <Checkbox key={category} value={category}>{category}</Checkbox>)}
        </div>
      </Checkbox.Group>
      <div style={{ margin: '16px 0 8px' }}>{text.comment}</div>
      <TextArea value={comment} onChange={setComment} rows={3} maxLength={2000} style={{ background: '#fff', padding: 8, borderRadius: 8 }} />
      {isIncomplete ? <p style={{ color: '#cf1322' }}>{text.needRatings}</p> : null}
      {answer.isError ? <p style={{ color: '#cf1322' }}>{text[surveyProblem(answer.error)]}</p> : null}
      <Button block color="primary" size="large" style={{ marginTop: 16 }} loading={answer.isPending} onClick={submit}>{text.submit}</Button>
    </div>
  );
}
