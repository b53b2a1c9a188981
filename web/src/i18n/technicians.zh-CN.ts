/** Chinese texts of the technicians pages (kept in their own file so parallel work does not collide). */
export const techniciansZhCN = {
} as const;
