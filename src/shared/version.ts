/** Modelbench's version (kept equal to package.json's by a test). */
export const APP_VERSION = '0.1.0';
