import type { mobileZhCN } from './mobile.zh-CN';

/** English texts of the mobile pages. */
export const mobileEn: Record<keyof typeof mobileZhCN, string> = {
};
