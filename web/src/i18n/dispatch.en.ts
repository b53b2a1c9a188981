import type { dispatchZhCN } from './dispatch.zh-CN';

/** English texts of the dispatch pages. */
export const dispatchEn: Record<keyof typeof dispatchZhCN, string> = {
};
