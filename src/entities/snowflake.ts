/** A Discord id: a 64-bit integer in decimal. Stored as BIGINT, carried as a string. */
export const SNOWFLAKE = /^\d{1,20}$/;
