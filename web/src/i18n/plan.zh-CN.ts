/** Chinese texts of the plan pages (kept in their own file so parallel work does not collide). */
export const planZhCN = {
} as const;
