import { Space, Tag } from 'antd';
import { CERTIFICATION_LABELS, GRADE_LABELS, type Grade } from '../../../../contracts/dispatch';
import { TICKET_TYPE_LABELS } from '../../../../contracts/tickets';
import { useI18n, type MessageKey } from '../../i18n';
import { minutesToTime, type TechnicianView } from './TechnicianApi';

type Labels = { zh: string; en: string };
const pick = (labels: Labels, locale: string) => (locale === 'en' ? labels.en : labels.zh);

export function gradeLabel(grade: Grade, locale: string) {
  return pick(GRADE_LABELS[grade], locale);
}

export function workTypeLabel(type: keyof typeof TICKET_TYPE_LABELS, locale: string) {
  return pick(TICKET_TYPE_LABELS[type], locale);
}

/**
 * The 上岗证 and other certificates: green with the expiry date while valid, red
 * "上岗证 2026-10-01 已过期" when expired; a red tag when there is no 上岗证 at all.
 */
export function CertificateTags({ technician }: { technician: TechnicianView }) {
  const { t, locale } = useI18n();
  const hasPermit = technician.certifications.some((certification) => certification.kind === 'work_permit');
  return (
    <Space size={[0, 4]} wrap>
      {technician.certifications.map((certification) => {
        const vars = { kind: pick(CERTIFICATION_LABELS[certification.kind], locale), date: certification.expiresOn };
        return (
          <Tag key={certification.id} color={certification.isValid ? 'green' : 'red'}>
            {certification.isValid ? t('technicians.certificate.valid', vars) : t('technicians.certificate.expired', vars)}
          </Tag>
        );
      })}
      {hasPermit ? null : <Tag color="red">{t('technicians.certificate.none')}</Tag>}
    </Space>
  );
}

export function DispatchableTag({ technician }: { technician: TechnicianView }) {
  const t = useI18n().t;
  return technician.isDispatchable ? <Tag color="success">{t('technicians.dispatchable')}</Tag> : <Tag color="error">{t('technicians.notDispatchable')}</Tag>;
}

/** Skills as "空调 × 安装" tags; a skill without a category reads "全部品类 × 巡检". */
export function SkillTags({ skills, categoryNames }: { skills: TechnicianView['skills']; categoryNames: Map<string, string> }) {
  const { t, locale } = useI18n();
  return (
    <Space size={[0, 4]} wrap>
      {skillGroups(skills).map(({ categoryId, workTypes }) => (
        <Tag key={categoryId ?? '*'} style={{ whiteSpace: 'normal' }}>
          {categoryId ? categoryNames.get(categoryId) ?? '?' : t('technicians.skills.anyCategory')}：{workTypes.map((type) => workTypeLabel(type, locale)).join('、')}
        </Tag>
      ))}
    </Space>
  );
}

/** Skills grouped by category, in first-seen order: one tag per category reads 空调：安装、维修、保养. */
export function skillGroups(skills: TechnicianView['skills']): { categoryId: string | null; workTypes: TechnicianView['skills'][number]['workType'][] }[] {
  const groups = new Map<string | null, TechnicianView['skills'][number]['workType'][]>();
  for (const skill of skills) groups.set(skill.categoryId ?? null, [...(groups.get(skill.categoryId ?? null) ?? []), skill.workType]);
  return [...groups].map(([categoryId, workTypes]) => ({ categoryId, workTypes }));
}

/** "一 二 三 四 五 六 · 08:00–18:00". */
export function workingTimeText(technician: Pick<TechnicianView, 'workingDays' | 'workStartMinute' | 'workEndMinute'>, t: (key: MessageKey) => string) {
  const days = technician.workingDays.map((day) => t(`technicians.weekday.${day}` as MessageKey)).join(' ');
  return `${days} · ${minutesToTime(technician.workStartMinute)}–${minutesToTime(technician.workEndMinute)}`;
}
