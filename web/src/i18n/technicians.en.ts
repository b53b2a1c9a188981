import type { techniciansZhCN } from './technicians.zh-CN';

/** English texts of the technicians pages. */
export const techniciansEn: Record<keyof typeof techniciansZhCN, string> = {
};
