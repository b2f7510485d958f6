/** Where the public REST API lives (API.md). */
export const API_PREFIX = '/api/v1';
