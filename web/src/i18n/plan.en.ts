import type { planZhCN } from './plan.zh-CN';

/** English texts of the plan pages. */
export const planEn: Record<keyof typeof planZhCN, string> = {
};
