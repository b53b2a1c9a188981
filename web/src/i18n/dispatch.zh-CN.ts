/** Chinese texts of the dispatch pages (kept in their own file so parallel work does not collide). */
export const dispatchZhCN = {
} as const;
