export const incidents = {};
