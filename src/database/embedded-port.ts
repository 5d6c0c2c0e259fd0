/** Port of the embedded PostgreSQL that `npm start` and the CLI share. */
export const EMBEDDED_PORT = 54329;
