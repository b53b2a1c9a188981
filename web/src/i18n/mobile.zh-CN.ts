/** Chinese texts of the mobile pages (kept in their own file so parallel work does not collide). */
export const mobileZhCN = {
} as const;
